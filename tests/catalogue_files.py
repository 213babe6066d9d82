"""Helpers of the catalogue tests: workbooks as plain lists of cell values, written as .xlsx or CSV, and the
state of the catalogue tables to check that something changed nothing."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from bouquet_desk.core.db.models import CatalogueEdition, ChangeLog, Contact, Establishment, Formation, Resource

Sheets = dict[str, list[list]]


def read_sheets(path: Path) -> Sheets:
    """Every sheet's cell values, header first, without trailing empty rows or columns."""
    book = openpyxl.load_workbook(path, data_only=True)
    sheets: Sheets = {}
    for ws in book.worksheets:
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        while rows and all(value is None for value in rows[-1]):
            rows.pop()
        width = max((i + 1 for row in rows for i, value in enumerate(row) if value is not None), default=0)
        sheets[ws.title] = [row[:width] + [None] * (width - len(row)) for row in rows]
    book.close()
    return sheets


def write_xlsx(sheets: Sheets, path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def column(sheets: Sheets, sheet: str, name: str) -> int:
    return sheets[sheet][0].index(name)


def find_row(sheets: Sheets, sheet: str, **match) -> list:
    """The first data row whose named columns hold the given values."""
    header = sheets[sheet][0]
    for row in sheets[sheet][1:]:
        if all(row[header.index(key)] == value for key, value in match.items()):
            return row
    raise KeyError(f"no row {match} in {sheet}")


def csv_bytes(rows: list[list], *, encoding: str, separator: str, decimal_comma: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(value, decimal_comma) for value in row])
    return buffer.getvalue().encode(encoding)


def _csv_cell(value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def write_csv_folder(sheets: Sheets, folder: Path, **options) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(rows, **options))
    return folder


def write_csv_zip(sheets: Sheets, path: Path, *, inner_folder: str = "", **options) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in sheets.items():
            archive.writestr(f"{inner_folder}{name}.csv", csv_bytes(rows, **options))
    return path


def db_state(context) -> dict:
    """Every catalogue row's (id, version, archived, updated_at), plus the history and edition counts."""
    with context.sessions() as session:
        state = {
            model.__tablename__: sorted(
                session.execute(select(model.id, model.version, model.archived, model.updated_at)).all()
            )
            for model in (Establishment, Contact, Formation, Resource)
        }
        state["change_log"] = session.scalar(select(func.count(ChangeLog.id)))
        state["editions"] = session.scalar(select(func.count(CatalogueEdition.id)))
    return state


def formation(session, uai: str, cfd: str) -> Formation:
    """One formation by its natural key (a CFD alone is taught in several establishments)."""
    return session.scalars(
        select(Formation).join(Establishment).where(Establishment.uai == uai, Formation.cfd == cfd)
    ).one()
