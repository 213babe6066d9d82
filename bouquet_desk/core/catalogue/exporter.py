"""Exporting the catalogue in its exchange format, so that an export re-imported changes nothing.

Archived rows are left out. Derived values (coordinates from the commune, ROME codes from the CFD) are written
empty: re-imported, they are derived again instead of being frozen as if the establishment had typed them.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..db.models import Contact, Establishment
from ..errors import UserError
from ..ops.failures import os_reason
from ..phones import format_phone
from ..progress import Progress, no_progress
from ..safe_cells import looks_like_formula, xlsx_text
from .sheets import REFERENCE_COLUMNS, SPECS, SheetSpec

EXPORT_LABEL = "Export du catalogue"
_WIDTHS = {"uai": 11, "ref": 8, "cfd": 11, "code": 12, "type": 14, "role": 16, "niveau": 8, "capacite": 9}


@dataclass(frozen=True)
class ExportReport:
    path: str
    # Rows written per sheet, in the order of the format.
    rows: tuple[tuple[str, int], ...]

    def summary_lines(self) -> list[str]:
        return [f"{self.path} : catalogue exporté.", *(f"  {sheet} : {count} ligne(s)" for sheet, count in self.rows)]


def catalogue_rows(session: Session) -> dict[str, list[list]]:
    """The cell values of each sheet, header first, sorted by natural key: what export writes."""
    uai_by_id = dict(session.execute(select(Establishment.id, Establishment.uai)).all())
    ref_by_id = dict(session.execute(select(Contact.id, Contact.ref)).all())
    live_establishments = set(
        session.scalars(select(Establishment.id).where(Establishment.archived.is_(False))).all()
    )
    sheets: dict[str, list[list]] = {}
    for spec in SPECS:
        table = spec.model.__table__
        names = [column.field for column in spec.columns]
        extra = list(spec.derived)
        columns = [table.c[REFERENCE_COLUMNS.get(name, name)] for name in (*names, *extra)]
        rows = []
        for values in session.execute(select(*columns).where(table.c.archived.is_(False))).all():
            record = dict(zip((*names, *extra), values))
            if "establishment" in record:
                if record["establishment"] not in live_establishments:
                    continue  # the rows of an archived establishment go with it
                record["establishment"] = uai_by_id[record["establishment"]]
            for name in ("contact", "backup"):
                if record.get(name) is not None:
                    record[name] = ref_by_id[record[name]]
            rows.append([_cell(spec, column.field, record) for column in spec.columns])
        key_positions = [names.index(name) for name in spec.key]
        rows.sort(key=lambda row: tuple(row[i] for i in key_positions))
        sheets[spec.name] = [[column.name for column in spec.columns], *rows]
    return sheets


def _cell(spec: SheetSpec, field: str, record: dict):
    value = record[field]
    if field == "phone":
        return format_phone(value) or None
    if field in ("latitude", "longitude") and record.get("coordinates_derived"):
        return None
    if field == "rome_codes":
        return None if record.get("rome_derived") or not value else ",".join(value.split())
    if value == "":
        return None
    return value


def export_catalogue(sessions: sessionmaker, path: str | Path, *, progress: Progress | None = None) -> ExportReport:
    """Write the live catalogue to `path` (.xlsx), replacing it only once complete."""
    progress = progress or no_progress
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"{path.name} : l'export s'écrit dans un classeur .xlsx.")
    progress(0, 2, EXPORT_LABEL)
    with sessions() as session:
        sheets = catalogue_rows(session)
    progress(1, 2, EXPORT_LABEL)
    _write_xlsx(sheets, path)
    progress(2, 2, EXPORT_LABEL)
    return ExportReport(str(path), tuple((name, len(rows) - 1) for name, rows in sheets.items()))


def _write_xlsx(sheets: dict[str, list[list]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for index, header in enumerate(rows[0], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(header, 24)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    if looks_like_formula(value):
                        # Typed as text, never a formula, and exactly what was typed: it re-imports equal.
                        cell = WriteOnlyCell(sheet, value=value)
                        xlsx_text(cell)
                        value = cell
                cells.append(value)
            sheet.append(cells)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=path.parent)
        os.close(handle)
        try:
            book.save(temporary)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except PermissionError as exc:
        raise UserError(f"Impossible d'écrire {path} : fichier ouvert dans un tableur ou dossier protégé.") from exc
    except OSError as exc:
        raise UserError(f"Impossible d'écrire {path} : {os_reason(exc)}.") from exc
