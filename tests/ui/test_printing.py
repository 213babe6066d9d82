"""Printing and previewing letters in-process through QtPdf, offscreen: no poppler anywhere in the package."""

from __future__ import annotations

from pathlib import Path

import pytest
from letter_data import require_soffice, seed_call
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget

import bouquet_desk
from bouquet_desk.core.letters import create_letters, letter_pdf
from bouquet_desk.ui import printing
from bouquet_desk.ui.call.letters import LettersDialog
from bouquet_desk.ui.runner import SyncRunner


@pytest.fixture
def letter(sqlite_context):
    require_soffice()
    call = seed_call(sqlite_context)
    (info,) = create_letters(sqlite_context, call.call_id)
    return sqlite_context, call, info, letter_pdf(sqlite_context, info.id)


def _inked(image) -> bool:
    white = QColor("white").rgb()
    step = max(1, image.width() // 60)
    return any(image.pixel(x, y) != white for x in range(0, image.width(), step)
               for y in range(0, image.height(), step))


def test_print_to_a_pdf_printer(letter, tmp_path, qapp):
    _context, _call, _info, pdf = letter
    source = printing.pdf_document(pdf)
    assert "Dupont & Fils <SARL>" in source.getAllText(0).text()  # QtPdf reads the letter itself
    out = tmp_path / "imprime.pdf"
    pages = printing.print_pdf_to_file(pdf, out, "Lettre")
    assert pages == source.pageCount() >= 1
    printed = printing.pdf_document(out.read_bytes())
    assert printed.pageCount() == pages
    size = printed.pagePointSize(0)
    assert 590 < size.width() < 615 and 780 < size.height() < 845  # A4 or Letter, as the printer's default
    assert _inked(printed.render(0, size.toSize()))


def test_preview_dialog_paints_every_page(letter, qtbot):
    _context, _call, _info, pdf = letter
    document = printing.pdf_document(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept: the dialog only points at it
    dialog = QPrintPreviewDialog(printer)
    qtbot.addWidget(dialog)
    painted = []
    dialog.paintRequested.connect(lambda target: painted.append(printing.paint_pages(document, target)))
    dialog.open()
    qtbot.waitUntil(lambda: painted == [document.pageCount()], timeout=10000)
    widget = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() == document.pageCount(), timeout=10000)
    dialog.close()


def test_letters_dialog_previews_and_prints_through_qtpdf(letter, qtbot, monkeypatch):
    context, call, info, pdf = letter
    shown = []
    monkeypatch.setattr(printing.Printer, "preview", classmethod(lambda cls, parent, data, title:
                                                                 shown.append(("preview", data, title)) or False))
    monkeypatch.setattr(printing.Printer, "print_pdf", classmethod(lambda cls, parent, data, title:
                                                                   shown.append(("print", data, title)) or True))
    dialog = LettersDialog(context, SyncRunner(), call.call_id)
    qtbot.addWidget(dialog)
    dialog.preview.click()
    dialog.print_button.click()
    assert [(kind, data) for kind, data, _title in shown] == [("preview", pdf), ("print", pdf)]
    assert dialog.print_button.isEnabled()
    assert dialog.status.text() == "Courrier envoyé à l'imprimante, marqué envoyé."


def test_no_poppler_in_the_package():
    package = Path(bouquet_desk.__file__).parent
    users = [path.name for path in package.rglob("*.py") if "pdftoppm" in path.read_text(encoding="utf-8")]
    assert users == []
