"""The lean .xlsx reader gives the values openpyxl gives (data_only), on every kind of workbook we meet."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from bouquet_desk.core.catalogue.xlsx import XlsxBook, XlsxError
from bouquet_desk.core.paths import resource_path


def lean(path) -> dict[str, dict[int, tuple]]:
    book = XlsxBook(path.read_bytes())
    return {title: _trimmed(book.rows(part)) for title, part in book.sheets}


def reference(path) -> dict[str, dict[int, tuple]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: _trimmed(enumerate(ws.iter_rows(values_only=True), start=1)) for ws in book.worksheets}
    finally:
        book.close()


def _trimmed(rows) -> dict[int, tuple]:
    found = {}
    for number, values in rows:
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            found[number] = tuple(values)
    return found


def _crafted(path, *, epoch=None):
    book = openpyxl.Workbook()
    if epoch is not None:
        book.epoch = epoch
    ws = book.active
    ws.title = "Établissements"
    ws.append(["uai", "nom", "capacite", "latitude", "ouvert", "date", "formule", "riche"])
    ws.append(["0620027T", "  Lycée Pablo Picasso ", 250, 50.40398, True, datetime.date(2025, 1, 6), "=1+1",
               CellRichText("Amphi ", TextBlock(InlineFont(b=True), "théâtre"))])
    ws.cell(row=3, column=2, value="œuvre")  # column A empty
    ws.cell(row=6, column=8, value="après un trou")  # rows 4 and 5 absent
    ws.cell(row=7, column=1, value=datetime.datetime(2025, 3, 1, 14, 30))
    ws.cell(row=7, column=2, value=1.5e-7)
    ws.cell(row=7, column=3, value=-42)
    ws.cell(row=8, column=1, value=45000).number_format = "dd/mm/yyyy"
    ws.cell(row=8, column=2, value=0.5).number_format = "0.00%"
    book.create_sheet("contacts").append(["ref", "nom"])
    book.save(path)
    return path


@pytest.mark.parametrize("epoch", [None, CALENDAR_MAC_1904])
def test_crafted_workbook_reads_like_openpyxl(tmp_path, epoch):
    path = _crafted(tmp_path / "crafted.xlsx", epoch=epoch)
    found = lean(path)
    assert found == reference(path)
    sheet = found["Établissements"]
    assert sheet[2][:6] == ("0620027T", "  Lycée Pablo Picasso ", 250, 50.40398, True, datetime.datetime(2025, 1, 6))
    assert sheet[2][7] == "Amphi théâtre"
    assert sheet[3] == (None, "œuvre") and sheet[6][7] == "après un trou" and 4 not in sheet
    # Serial 45000 is a date in 2023 counted from 1900, in 2027 from 1904 (old Mac workbooks).
    assert sheet[8][0] == (datetime.datetime(2023, 3, 15) if epoch is None else datetime.datetime(2027, 3, 16))


def test_real_workbooks_read_like_openpyxl(dev_catalogue):
    for path in (dev_catalogue, resource_path("demo", "catalogue_demo.xlsx")):
        assert lean(path) == reference(path)


def test_write_only_workbook_without_dimension(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("formations")
    ws.append(["uai", "cfd", "niveau"])
    ws.append(["0620027T", "01033001", 3])
    ws.append([None, None, None])
    ws.append(["0620059C", None, 4])
    book.save(tmp_path / "wo.xlsx")
    assert lean(tmp_path / "wo.xlsx") == reference(tmp_path / "wo.xlsx") == {
        "formations": {1: ("uai", "cfd", "niveau"), 2: ("0620027T", "01033001", 3), 4: ("0620059C", None, 4)}
    }


def test_not_a_workbook(tmp_path):
    with pytest.raises(XlsxError):
        XlsxBook(b"PK\x03\x04 not really")
    path = tmp_path / "texte.xlsx"
    path.write_text("uai;nom\n", encoding="utf-8")
    with pytest.raises(XlsxError):
        XlsxBook(path.read_bytes())
