"""The letters of a call: the letter to the company and the notices to the contacts, previewed, printed,
saved or prepared as e-mails. LibreOffice makes the PDF (a second or two: on the runner)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core import letters
from ...core.ops.scratch import scratch_prefix, scratch_root
from .. import formats
from ..catalogue.tables import RowTable
from ..desktop import Desktop, pdf_pages
from ..errors import show_exception
from ..file_dialogs import FileDialogs
from ..models.table import Column


def _t(text: str) -> str:
    return QCoreApplication.translate("letters", text)


def letter_columns() -> list[Column]:
    return [
        Column(_t("Courrier"), lambda l: l.label),
        Column(_t("Modèle"), lambda l: l.template),
        Column(_t("Créé le"), lambda l: formats.moment(l.created_at)),
        Column(_t("Envoyé le"), lambda l: formats.moment(l.sent_at)),
    ]


class Printer:
    """The print dialog behind a classmethod (tests answer it); prints page images with QPainter."""

    @classmethod
    def print_pages(cls, parent: QWidget | None, pages: list[Path], title: str) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        painter = QPainter(printer)
        try:
            for number, path in enumerate(pages):
                if number:
                    printer.newPage()
                image = QImage(str(path))
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(QRect(target.x(), target.y(), size.width(), size.height()))
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
        finally:
            painter.end()
        return True


class LettersDialog(QDialog):
    def __init__(self, context, runner, call_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lettersDialog")
        self.setWindowTitle(self.tr("Courriers de l'appel n° %1").replace("%1", str(call_id)))
        self.context, self.runner, self.call_id = context, runner, call_id
        self.table = RowTable(letter_columns(), self, "letterTable")
        self.table.set_hint(self.tr("Aucun courrier pour cet appel."))
        soffice = letters.soffice_path() is not None
        self.preview = self._button(self.tr("&Aperçu"), "previewLetter", self._preview)
        self.print_button = self._button(self.tr("&Imprimer…"), "printLetter", self._print)
        self.save = self._button(self.tr("&Enregistrer sous…"), "saveLetter", self._save)
        self.email = self._button(self.tr("&Courriel"), "emailLetter", self._email)
        self.notices = self._button(self.tr("A&vis aux contacts"), "noticeLetters", self._notices)
        self.notices.setToolTip(self.tr("Un avis à chaque contact vers qui l'appel a été orienté"))
        if not soffice:
            hint = self.tr("LibreOffice introuvable : installez LibreOffice (libreoffice-writer) pour l'aperçu, "
                           "l'impression et les courriels en PDF.")
            for button in (self.preview, self.print_button, self.email):
                button.setEnabled(False)
                button.setToolTip(hint)
        elif Desktop.pdftoppm() is None:
            self.print_button.setEnabled(False)
            self.print_button.setToolTip(self.tr("pdftoppm introuvable : installez poppler-utils pour imprimer."))
        self.status = QLabel(self)
        self.status.setObjectName("letterStatus")
        buttons = QHBoxLayout()
        for button in (self.preview, self.print_button, self.save, self.email, self.notices):
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(760, 320)
        self.table.activated.connect(lambda _i: self._preview())
        self.reload()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def reload(self, select_id: int | None = None) -> None:
        context, call_id = self.context, self.call_id

        def done(rows) -> None:
            self.table.set_rows(rows)
            if rows:
                target = next((n for n, r in enumerate(rows) if r.id == select_id), 0)
                self.table.selectRow(self.table.proxy.mapFromSource(self.table.source.index(target, 0)).row())

        self.runner.run_read(lambda: letters.list_letters(context, call_id), done,
                             lambda exc: show_exception(exc, self))

    def current(self):
        return self.table.selected_row() or (self.table.source.row_at(0) if self.table.source.rowCount() else None)

    def _busy(self, text: str) -> None:
        self.status.setText(text)

    def _pdf_file(self, letter, then) -> None:
        context = self.context
        self._busy(self.tr("Préparation du PDF…"))

        def task():
            data = letters.letter_pdf(context, letter.id)
            folder = Path(tempfile.mkdtemp(prefix=scratch_prefix("bouquet-desk-letter"), dir=scratch_root()))
            path = folder / f"{letter.file_stem}.pdf"
            path.write_bytes(data)
            return path, data

        def failed(exc):
            self._busy("")
            show_exception(exc, self)

        self.runner.run(task, lambda result: (self._busy(""), then(*result)), failed)

    def _preview(self) -> None:
        letter = self.current()
        if letter is not None and self.preview.isEnabled():
            self._pdf_file(letter, lambda path, _data: Desktop.open_path(path))

    def _print(self) -> None:
        letter = self.current()
        if letter is None:
            return
        context = self.context
        self._busy(self.tr("Préparation de l'impression…"))

        def task():
            return pdf_pages(letters.letter_pdf(context, letter.id))

        def done(pages) -> None:
            self._busy("")
            if Printer.print_pages(self, pages, letter.label):
                self._busy(self.tr("Courrier envoyé à l'imprimante."))

        self.runner.run(task, done, lambda exc: (self._busy(""), show_exception(exc, self)))

    def _save(self) -> None:
        letter = self.current()
        if letter is None:
            return
        path = FileDialogs.save_letter(self, letter.file_stem, self.preview.isEnabled())
        if path is None:
            return
        context = self.context
        suffix = path.suffix.lower().lstrip(".")

        def task():
            return letters.export_letter(context, letter.id, **{suffix: path})

        self.runner.run(task, lambda _paths: self._busy(self.tr("Enregistré : %1").replace("%1", str(path))),
                        lambda exc: show_exception(exc, self))

    def _email(self) -> None:
        letter = self.current()
        if letter is None:
            return
        context = self.context

        def task():
            draft = letters.letter_email(context, letter.id)
            folder = Path(tempfile.mkdtemp(prefix=scratch_prefix("bouquet-desk-mail"), dir=scratch_root()))
            path = folder / draft.file_name
            path.write_bytes(draft.data)
            return path

        self._busy(self.tr("Préparation du courriel…"))
        self.runner.run(task, lambda path: (self._busy(""), Desktop.open_path(path)),
                        lambda exc: (self._busy(""), show_exception(exc, self)))

    def _notices(self) -> None:
        context, call_id = self.context, self.call_id

        def done(created) -> None:
            self._busy(self.tr("%n avis créé(s).", "", len(created)))
            self.reload(created[0].id if created else None)

        self.runner.run(lambda: letters.create_letters(context, call_id, to="contact"), done,
                        lambda exc: show_exception(exc, self))

    @classmethod
    def ask(cls, context, runner, call_id: int, parent: QWidget | None = None) -> None:
        cls(context, runner, call_id, parent).exec()
