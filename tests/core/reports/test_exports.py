"""CSV and XLSX exports of the report tables, and the Word activity report, read back."""

from __future__ import annotations

import csv
import io
import struct
import zlib
from datetime import date

import pytest
from activity_data import TODAY, activity, activity_template  # noqa: F401
from docx import Document
from openpyxl import load_workbook

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.reports.activity import compute_activity
from bouquet_desk.core.reports.activity_docx import build_activity_report, write_activity_report
from bouquet_desk.core.reports.charts import report_charts
from bouquet_desk.core.reports.period import Period
from bouquet_desk.core.reports.spreadsheet import csv_text, write_tables
from bouquet_desk.core.reports.tables import report_tables, scope_line

YEAR = Period(date(2025, 9, 1), date(2026, 8, 31))


@pytest.fixture
def figures(activity):
    context, _ = activity
    return compute_activity(context.sessions, YEAR, context.reference, today=TODAY)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def sections(text: str) -> dict[str, list[list[str]]]:
    """The stacked CSV read back: title -> rows (header first)."""
    out, title = {}, None
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row:
            title = None
        elif title is None:
            title = row[0]
            out[title] = []
        else:
            out[title].append(row)
    return out


def test_csv_holds_every_table_with_its_figures(figures):
    text = csv_text(report_tables(figures), scope_line(figures))
    tables = sections(text.split("\r\n", 2)[2])
    assert list(tables) == [t.title for t in report_tables(figures)]
    categories = tables["Appels par catégorie de demande"]
    assert categories[0] == ["Catégorie", "Appels", "Part", "Orientés", "Non couverts"]
    assert {row[0]: int(row[1]) for row in categories[1:]} == {
        **{row.label: row.calls for row in figures.categories}, "Total": figures.summary.calls}
    months = tables["Appels par mois et par catégorie"]
    assert sum(int(row[-1]) for row in months[1:-1]) == int(months[-1][-1]) == figures.summary.calls
    medians = [row[-1] for row in tables["Orientations par établissement"][1:]]
    assert any("," in value for value in medians), "decimal commas for French spreadsheets"


def test_workbook_has_a_sheet_per_table_and_real_numbers(figures, tmp_path):
    path = write_tables(report_tables(figures), tmp_path / "chiffres.xlsx", scope_line(figures))
    book = load_workbook(path)
    assert len(book.sheetnames) == len(report_tables(figures))
    sheet = book["Appels par catégorie de demande"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))  # scope, blank, title, header
    assert rows[0][1] == figures.categories[0].calls and isinstance(rows[0][1], int)
    assert sheet["A1"].value.startswith("Période du 01/09/2025 au 31/08/2026")


def test_csv_file_opens_in_french_excel(figures, tmp_path):
    path = write_tables(report_tables(figures), tmp_path / "chiffres.csv")
    assert path.read_bytes().startswith("\ufeff".encode())  # BOM: Excel then reads UTF-8 accents right


def test_unknown_export_format_is_refused(figures, tmp_path):
    with pytest.raises(UserError, match=r"\.csv ou \.xlsx"):
        write_tables(report_tables(figures), tmp_path / "chiffres.ods")


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_word_report_tables_say_what_the_figures_say(figures, tmp_path):
    charts = {spec.key: tiny_png() for spec in report_charts(figures) if not spec.is_empty}
    path = write_activity_report(tmp_path / "rapport.docx", figures, report_tables(figures), charts)
    document = Document(str(path))
    text = _text(document)
    assert "Rapport d'activité" in text and "Année scolaire 2025-2026" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:6] == ["1. Synthèse", "2. L'activité du standard", "3. Les orientations et leurs résultats",
                            "4. La réactivité des contacts", "5. Ce que les entreprises demandent",
                            "6. Les besoins non couverts"]
    category_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Catégorie")
    shown = {row.cells[0].text: int(row.cells[1].text.replace("\u202f", "")) for row in category_table.rows[1:]}
    assert shown == {**{row.label: row.calls for row in figures.categories}, "Total": figures.summary.calls}
    establishment_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Établissement")
    assert [row.cells[0].text for row in establishment_table.rows[1:]] == [r.name for r in figures.establishments]
    assert len(document.inline_shapes) == len(charts) == 5
    assert "cordiste" in text


def test_word_report_without_calls_still_reads_well(activity):
    context, _ = activity
    empty = compute_activity(context.sessions, Period(date(2030, 1, 1), date(2030, 1, 31)), context.reference)
    text = _text(build_activity_report(empty, report_tables(empty), {}))
    assert "Aucun appel n'a été consigné sur cette période." in text
    assert "Du 01/01/2030 au 31/01/2030" in text


HOSTILE_TEXTS = ["=HYPERLINK(\"http://x.invalid\",\"clic\")", "=cmd|' /C calc'!A0", "+1+cmd", "-2+3", "@SUM(A1)",
                 "\tonglet", "\rretour"]


def hostile_tables():
    from bouquet_desk.core.reports.tables import INT, TEXT, FigureTable

    return [FigureTable(key="hostile", title="=titre", headers=("@terme", "appels"), kinds=(TEXT, INT),
                        rows=tuple((text, -1) for text in HOSTILE_TEXTS), note="+note")]


def test_csv_escapes_every_cell_a_spreadsheet_would_run():
    rows = list(csv.reader(io.StringIO(csv_text(hostile_tables(), "=entête")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'=entête" in cells and "'=titre" in cells and "'@terme" in cells
    for text in HOSTILE_TEXTS:
        assert "'" + text in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    assert "-1" in cells  # numbers stay numbers


def test_xlsx_never_stores_a_formula_from_data(tmp_path):
    import zipfile

    path = write_tables(hostile_tables(), tmp_path / "t.xlsx", "=entête")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not [sheet for sheet in sheets if b"<f>" in sheet or b"<f " in sheet]
    sheet = load_workbook(path).worksheets[0]
    values = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    for text in HOSTILE_TEXTS:
        cell = values.get(text) or values.get(text.replace("\r", "\n"))  # XML turns a lone CR into LF
        assert cell is not None, text
        assert cell.data_type == "s" and cell.quotePrefix
