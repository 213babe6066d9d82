"""What an import tells its caller: the problems found, and what it changed."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..errors import UserError
from ..safe_cells import visible

SHEETS = ("etablissements", "contacts", "formations", "ressources")


@dataclass(frozen=True)
class ImportIssue:
    """One problem in the workbook, located the way the spreadsheet shows it (the header is row 1).

    `row` and `column` are None when the problem concerns a whole sheet or the whole file.
    """

    sheet: str | None
    row: int | None
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        # A sheet, column or value may hold control characters (a hostile file): never echoed raw.
        return visible(self._text())

    def _text(self) -> str:
        where = []
        if self.sheet is not None:
            where.append(f"feuille {self.sheet}")
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column is not None:
            where.append(f"colonne {self.column}")
        if self.row is None and self.column is None:
            return f"{', '.join(where) or 'fichier'} : {self.reason}"
        return f"{', '.join(where)} : {self.value if self.value != '' else '(vide)'} — {self.reason}"

    def describe(self) -> str:
        """`feuille <sheet>, ligne <n>, colonne <col> : <valeur> — <raison>`, as listed to the user."""
        return str(self)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SheetCounts:
    sheet: str
    created: int = 0
    updated: int = 0
    archived: int = 0
    restored: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.archived + self.restored

    def __str__(self) -> str:
        return (
            f"{self.sheet} : {self.created} créé(s), {self.updated} modifié(s), {self.archived} archivé(s), "
            f"{self.restored} restauré(s), {self.unchanged} inchangé(s)"
        )


# A sheet's rows, as a sentence counts them.
_ROWS = {"etablissements": "établissement(s)", "contacts": "contact(s)", "formations": "formation(s)",
         "ressources": "ressource(s)"}


@dataclass(frozen=True)
class ImportReport:
    source: str
    sha256: str
    counts: tuple[SheetCounts, ...]
    warnings: tuple[ImportIssue, ...]
    dry_run: bool = False
    # The CatalogueEdition written, None when nothing changed or for a dry run.
    edition_id: int | None = None

    @property
    def changed(self) -> bool:
        return any(count.changed for count in self.counts)

    def count(self, sheet: str) -> SheetCounts:
        return next(count for count in self.counts if count.sheet == sheet)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "edition_id": self.edition_id,
            "counts": {count.sheet: {k: v for k, v in asdict(count).items() if k != "sheet"} for count in self.counts},
            "warnings": [issue.to_dict() for issue in self.warnings],
            "errors": [],
        }

    def summary_line(self) -> str:
        """One line for a status bar, what changed sheet by sheet: « catalogue.xlsx : créés 101 établissement(s),
        533 formation(s) ; modifiés 3 contact(s) » (never a total of rows of different kinds)."""
        parts = []
        for what, field in (("créés", "created"), ("modifiés", "updated"), ("archivés", "archived"),
                            ("restaurés", "restored")):
            rows = [f"{getattr(count, field)} {_ROWS.get(count.sheet, count.sheet)}" for count in self.counts
                    if getattr(count, field)]
            if rows:
                parts.append(f"{what} {', '.join(rows)}")
        line = f"{self.source} : {' ; '.join(parts) or 'aucun changement'}"
        if self.warnings:
            line += f" ; {len(self.warnings)} avertissement(s)"
        return line

    def summary_lines(self) -> list[str]:
        if self.dry_run:
            head = f"{self.source} : vérification seule, rien n'a été écrit."
        elif self.edition_id is not None:
            head = f"{self.source} : importé (édition n° {self.edition_id})."
        else:
            head = f"{self.source} : aucun changement, le catalogue était déjà à jour."
        lines = [head, *(f"  {count}" for count in self.counts)]
        if self.warnings:
            lines.append(f"Avertissements ({len(self.warnings)}) :")
            lines.extend(f"  {issue}" for issue in self.warnings)
        return lines


class CatalogueError(UserError):
    """The workbook was refused; `issues` lists every error found (nothing was written)."""

    def __init__(self, source: str, issues: list[ImportIssue] | tuple[ImportIssue, ...], warnings=()):
        self.source = source
        self.issues = tuple(issues)
        self.warnings = tuple(warnings)
        lines = [f"{source} : {len(self.issues)} erreur(s), rien n'a été importé."]
        lines.extend(str(issue) for issue in self.issues)
        if self.warnings:
            lines.append(f"Avertissements ({len(self.warnings)}) :")
            lines.extend(f"  {issue}" for issue in self.warnings)
        super().__init__("\n".join(lines))

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "changed": False,
            "edition_id": None,
            "errors": [issue.to_dict() for issue in self.issues],
            "warnings": [issue.to_dict() for issue in self.warnings],
        }
