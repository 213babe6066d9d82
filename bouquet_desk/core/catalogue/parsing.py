"""From raw sheets to records: every cell checked, every problem collected with where it is.

No database here: references between sheets and to stored rows are checked by the planner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..progress import Progress, no_progress
from ..safe_cells import CONTROL_CHARACTERS, visible
from .cells import BadValue
from .report import ImportIssue
from .sheets import SPECS, SheetSpec
from .text import cell_text, squash
from .workbook import RawWorkbook, Sheet

CHECK_LABEL = "Vérification du catalogue"
_PROGRESS_EVERY = 5000

Key = tuple


@dataclass
class ParsedSheet:
    spec: SheetSpec
    title: str
    # Natural key -> record (a dict of fields, plus "_row", the spreadsheet row number). First occurrence kept.
    records: dict[Key, dict] = field(default_factory=dict)
    # Header text as written in the file, per column name of the format (for messages).
    headers: dict[str, str] = field(default_factory=dict)

    def header(self, column: str) -> str:
        return self.headers.get(column, column)


@dataclass
class ParsedWorkbook:
    sheets: dict[str, ParsedSheet]
    errors: list[ImportIssue]
    warnings: list[ImportIssue]


def parse_workbook(raw: RawWorkbook, progress: Progress | None = None) -> ParsedWorkbook:
    progress = progress or no_progress
    errors: list[ImportIssue] = []
    warnings: list[ImportIssue] = list(raw.warnings)
    total = sum(len(sheet.rows) for sheet in raw.sheets.values())
    progress(0, total, CHECK_LABEL)
    done = 0
    sheets: dict[str, ParsedSheet] = {}
    for spec in SPECS:
        sheet = raw.sheets.get(spec.name)
        if sheet is None:
            errors.append(ImportIssue(spec.name, None, None, "", "feuille obligatoire absente"))
            sheets[spec.name] = ParsedSheet(spec, spec.name)
            continue
        sheets[spec.name] = _parse_sheet(spec, sheet, errors, warnings, progress, done, total)
        done += len(sheet.rows)
    progress(total, total, CHECK_LABEL)
    return ParsedWorkbook(sheets, errors, warnings)


def _parse_sheet(spec, sheet: Sheet, errors, warnings, progress, done, total) -> ParsedSheet:
    title = sheet.title
    parsed = ParsedSheet(spec, title)
    known = {squash(column.name): column for column in spec.columns}
    positions: list[tuple[int, object, str]] = []  # (cell index, Column, header as written)
    seen: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        if not header:
            if any(index < len(values) and cell_text(values[index]) for _, values in sheet.rows):
                warnings.append(
                    ImportIssue(title, 1, f"n° {index + 1}", "", "colonne sans titre, son contenu est ignoré")
                )
            continue
        column = known.get(squash(header))
        if column is None:
            warnings.append(ImportIssue(title, 1, header, header, "colonne inconnue, ignorée"))
            continue
        if column.name in seen:
            where = f"déjà colonne n° {seen[column.name] + 1}"
            errors.append(ImportIssue(title, 1, header, header, f"colonne en double ({where})"))
            continue
        seen[column.name] = index
        parsed.headers[column.name] = header
        positions.append((index, column, header))
    for column in spec.columns:
        if column.required and column.name not in seen:
            errors.append(ImportIssue(title, 1, column.name, "", "colonne obligatoire absente"))

    key_fields = spec.key
    first_row: dict[Key, int] = {}
    notes: list[str] = []
    note = notes.append
    for count, (number, values) in enumerate(sheet.rows, start=1):
        record: dict = {"_row": number}
        width = len(values)
        for index, column, header in positions:
            value = values[index] if index < width else None
            if value is None or (value.__class__ is str and not value.strip()):
                if column.required:
                    errors.append(ImportIssue(title, number, header, "", "valeur obligatoire manquante"))
                    record[column.field] = None
                    continue
            if value.__class__ is str and CONTROL_CHARACTERS.search(value):
                # NUL, ESC, BEL... are no text anyone typed; stored, they break exports and terminals.
                char = CONTROL_CHARACTERS.search(value).group()
                errors.append(ImportIssue(title, number, header, visible(value),
                                          f"caractère de contrôle U+{ord(char):04X} interdit"))
                record[column.field] = None
                continue
            try:
                record[column.field] = column.parse(value, note)
            except BadValue as exc:
                errors.append(ImportIssue(title, number, header, cell_text(value), str(exc)))
                record[column.field] = None
            if notes:
                warnings.extend(ImportIssue(title, number, header, cell_text(value), reason) for reason in notes)
                notes.clear()
        key = tuple(record.get(name) for name in key_fields)
        if None not in key:
            previous = first_row.get(key)
            if previous is None:
                first_row[key] = number
                parsed.records[key] = record
            else:
                last = spec.column_of(key_fields[-1])
                errors.append(
                    ImportIssue(
                        title, number, parsed.header(last.name), str(key[-1]),
                        f"{_what(spec)} en double : déjà décrit(e) ligne {previous}",
                    )
                )
        if (done + count) % _PROGRESS_EVERY == 0:
            progress(done + count, total, CHECK_LABEL)
    return parsed


def _what(spec: SheetSpec) -> str:
    return {
        "etablissements": "établissement",
        "contacts": "contact",
        "formations": "formation (même établissement et même CFD)",
        "ressources": "ressource (même établissement et même code)",
    }[spec.name]
