"""The figures as files the network reworks in a spreadsheet: one CSV (tables one under the other) or one
workbook (a sheet per table, real numbers and dates)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..errors import UserError
from ..ops.failures import os_reason
from ..safe_cells import csv_cell, xlsx_text
from .period import utc_to_local
from .tables import DATE, DAYS, INT, PERCENT, FigureTable, format_cell

_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def csv_text(tables: Sequence[FigureTable], heading: str = "") -> str:
    """Semicolons and decimal commas, as French spreadsheets expect; a title line above each table."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    # Every cell, titles and headers too, goes through csv_cell: any of them may hold a caller's words.
    if heading:
        writer.writerow([csv_cell(heading)])
        writer.writerow([])
    for table in tables:
        writer.writerow([csv_cell(table.title)])
        writer.writerow([csv_cell(header) for header in table.headers])
        for row in table.rows:
            writer.writerow([_csv_cell(value, kind) for value, kind in zip(row, table.kinds)])
        writer.writerow([])
    return out.getvalue()


def _csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_cell(value)  # text comes from people; a negative number is not a formula
    if kind == INT and isinstance(value, int):
        return str(value)
    if kind == PERCENT and isinstance(value, float):
        return f"{value * 100:.1f}".replace(".", ",")
    return format_cell(value, kind)


def write_csv(tables: Sequence[FigureTable], path: Path, heading: str = "") -> Path:
    # The BOM makes Excel read the accents right; LibreOffice and Python ignore it.
    _write(path, csv_text(tables, heading).encode("utf-8-sig"))
    return path


def workbook_bytes(tables: Sequence[FigureTable], heading: str = "") -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        top = 1
        if heading:
            _text(sheet.cell(1, 1, heading)).font = Font(italic=True)
            top = 3
        _text(sheet.cell(top, 1, table.title)).font = Font(bold=True, size=13)
        header_row = top + 1
        for column, header in enumerate(table.headers, start=1):
            cell = _text(sheet.cell(header_row, column, header))
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for offset, row in enumerate(table.rows, start=1):
            for column, (value, kind) in enumerate(zip(row, table.kinds), start=1):
                _put(sheet.cell(header_row + offset, column), value, kind)
        if table.note:
            _text(sheet.cell(header_row + len(table.rows) + 2, 1, table.note)).font = Font(italic=True)
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        for column, header in enumerate(table.headers, start=1):
            values = [format_cell(row[column - 1], table.kinds[column - 1]) for row in table.rows]
            width = max([len(header), *(len(v) for v in values)]) + 2
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 10), 60)
    if not book.sheetnames:
        book.create_sheet("Vide")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell):
    xlsx_text(cell)  # openpyxl would store text beginning with = as a formula
    return cell


def _put(cell, value, kind: str) -> None:
    if isinstance(value, datetime):
        value = utc_to_local(value).date()
    cell.value = value
    xlsx_text(cell)
    if kind == DAYS:
        cell.number_format = "0.0"
    elif kind == PERCENT:
        cell.number_format = "0%"
    elif kind == DATE and isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"


def write_workbook(tables: Sequence[FigureTable], path: Path, heading: str = "") -> Path:
    _write(path, workbook_bytes(tables, heading))
    return path


def write_tables(tables: Sequence[FigureTable], path: Path, heading: str = "") -> Path:
    """CSV or XLSX after the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return write_csv(tables, path, heading)
    if suffix == ".xlsx":
        return write_workbook(tables, path, heading)
    raise UserError(f"Format d'export inconnu : « {Path(path).name} ». Choisissez un fichier .csv ou .xlsx.")


def _sheet_title(title: str, used: set[str]) -> str:
    base = title.translate(_SHEET_FORBIDDEN).strip()[:31]
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def _write(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire {path} : {os_reason(exc)}.") from exc
