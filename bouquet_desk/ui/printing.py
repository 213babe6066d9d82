"""Printing and previewing PDFs in-process with QtPdf (shipped with PySide6): no poppler, no external viewer.

QPdfDocument renders each page to an image at the printer's resolution (capped, so a 1200 dpi driver does not
ask for half a gigabyte per page); the same painting serves QPrintPreviewDialog and the printer itself.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QWidget

MAX_DPI = 300


def pdf_document(data: bytes, parent: QObject | None = None) -> QPdfDocument:
    """The PDF loaded from memory; the buffer lives as long as the document (its child)."""
    from ..core.errors import UserError

    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise UserError(f"Le PDF ne peut pas être lu ({document.error().name}).")
    return document


def paint_pages(document: QPdfDocument, printer) -> int:
    """Paints every page on the printer (or the preview's printer), each fitted to the printable area."""
    from PySide6.QtPrintSupport import QPrinter

    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = min(printer.resolution(), MAX_DPI)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            area = printer.pageRect(QPrinter.Unit.DevicePixel)
            area.moveTo(0, 0)
            fitted = QSize(image.width(), image.height()).scaled(area.size().toSize(),
                                                                 Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, fitted.width(), fitted.height()), image)
    finally:
        painter.end()
    return document.pageCount()


def _printer(title: str):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    return printer


def print_pdf_to_file(data: bytes, path, title: str = "") -> int:
    """Prints through Qt's own PDF printer into a file (the same painting as on paper); returns the pages."""
    from PySide6.QtPrintSupport import QPrinter

    printer = _printer(title)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    document = pdf_document(data)
    try:
        return paint_pages(document, printer)
    finally:
        document.deleteLater()


class Printer:
    """The print and preview dialogs behind classmethods (tests answer them)."""

    @classmethod
    def print_pdf(cls, parent: QWidget | None, data: bytes, title: str) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        printer = _printer(title)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        document = pdf_document(data, dialog)
        return paint_pages(document, printer) > 0

    @classmethod
    def preview(cls, parent: QWidget | None, data: bytes, title: str) -> bool:
        """The pages as they will print, with the print button of Qt's preview; True when printed."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        printer = _printer(title)
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setObjectName("letterPreview")
        dialog.setWindowTitle(title)
        document = pdf_document(data, dialog)
        dialog.paintRequested.connect(lambda target: paint_pages(document, target))
        dialog.resize(900, 1000)
        return dialog.exec() == QDialog.DialogCode.Accepted
