"""The letters of a call: the letter to the company and the notices to the contacts, previewed and printed
in-process (QtPdf), saved, sent by e-mail through the outbox, or prepared as e-mail drafts. LibreOffice makes
the PDF (on the runner; a fraction of a second once its server runs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core import letters
from ...core.letters.labels import template_label
from ...core.ops.scratch import scratch_prefix, scratch_root
from .. import formats
from ..catalogue.tables import RowTable
from ..desktop import Desktop
from ..errors import MessageBox, show_exception
from ..file_dialogs import FileDialogs
from ..models.table import Column
from ..printing import Printer


def _t(text: str) -> str:
    return QCoreApplication.translate("letters", text)


def letter_columns() -> list[Column]:
    return [
        Column(_t("Courrier"), lambda l: l.label),
        Column(_t("Modèle"), lambda l: _t(template_label(l.template))),
        Column(_t("Créé le"), lambda l: formats.moment(l.created_at)),
        Column(_t("Envoyé le"), lambda l: formats.moment(l.sent_at)),
    ]


class LettersDialog(QDialog):
    def __init__(self, context, runner, call_id: int, parent: QWidget | None = None, *,
                 select_id: int | None = None) -> None:
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
        self.send = self._button(self.tr("En&voyer"), "sendLetter", self._send)
        self.send.setToolTip(self.tr("Envoyer ce courrier par courriel (PDF joint), par la boîte d'envoi"))
        self.mail = getattr(parent.window(), "mail", None) if parent is not None else None
        self.send.setEnabled(self.mail is not None)
        if self.mail is not None:
            self.mail.changed.connect(self.reload)  # "Envoyé le" filled in once the server took it
        self.notices = self._button(self.tr("A&vis aux contacts"), "noticeLetters", self._notices)
        self.notices.setToolTip(self.tr("Un avis à chaque contact vers qui l'appel a été orienté"))
        if not soffice:
            hint = self.tr("LibreOffice introuvable : installez LibreOffice (libreoffice-writer) pour l'aperçu, "
                           "l'impression et les courriels en PDF.")
            for button in (self.preview, self.print_button, self.email):
                button.setEnabled(False)
                button.setToolTip(hint)
        self.status = QLabel(self)
        self.status.setObjectName("letterStatus")
        buttons = QHBoxLayout()
        for button in (self.preview, self.print_button, self.save, self.email, self.send, self.notices):
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
        self.reload(select_id)

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

    def _sent(self, letter, text: str) -> None:
        """Printed, saved or handed to the mail program: the letter went out (and `letter --pending` will
        not send it again)."""
        context = self.context

        def done(_infos) -> None:
            self._busy(text)
            self.reload(letter.id)

        self.runner.run_op(lambda: letters.mark_sent(context, [letter.id]), done,
                           lambda exc: show_exception(exc, self), initiator=self)

    def _preview(self) -> None:
        letter = self.current()
        if letter is not None and self.preview.isEnabled():
            self._with_pdf(letter, lambda data: self._printed(letter, Printer.preview(self, data, letter.label)))

    def _print(self) -> None:
        letter = self.current()
        if letter is not None:
            self._with_pdf(letter, lambda data: self._printed(letter, Printer.print_pdf(self, data, letter.label)))

    def _with_pdf(self, letter, then) -> None:
        context = self.context
        self._busy(self.tr("Préparation du PDF…"))
        self.runner.run(lambda: letters.letter_pdf(context, letter.id), lambda data: (self._busy(""), then(data)),
                        lambda exc: (self._busy(""), show_exception(exc, self)))

    def _printed(self, letter, done: bool) -> None:
        if done:
            self._sent(letter, self.tr("Courrier envoyé à l'imprimante, marqué envoyé."))

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

        self.runner.run(task, lambda _paths: self._sent(letter, self.tr("Enregistré et marqué envoyé : %1")
                                                          .replace("%1", str(path))),
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

        def done(path: Path) -> None:
            if Desktop.open_path(path):
                self._sent(letter, self.tr("Courriel ouvert dans votre messagerie, courrier marqué envoyé."))
                return
            # No mail program answers: say so, and leave the message where the operator can attach it.
            self._busy(self.tr("Aucune messagerie n'est configurée sur ce poste : le courriel est prêt dans "
                               "%1 (à joindre à la main). Le courrier n'est pas marqué envoyé.")
                       .replace("%1", str(path)))
            MessageBox.info(self, self.tr("Courriel"), self.status.text())

        self._busy(self.tr("Préparation du courriel…"))
        self.runner.run(task, done, lambda exc: (self._busy(""), show_exception(exc, self)))

    def _send(self) -> None:
        letter = self.current()
        if letter is None or self.mail is None:
            return
        self._busy(self.tr("Courrier mis dans la boîte d'envoi."))
        self.mail.send_letter(letter.id)

    def _notices(self) -> None:
        context, call_id = self.context, self.call_id

        def done(created) -> None:
            self._busy(self.tr("%n avis créé(s).", "", len(created)))
            self.reload(created[0].id if created else None)

        self.runner.run_op(lambda: letters.create_letters(context, call_id, to="contact"), done,
                           lambda exc: show_exception(exc, self), initiator=self)

    @classmethod
    def ask(cls, context, runner, call_id: int, parent: QWidget | None = None, *,
            select_id: int | None = None) -> None:
        cls(context, runner, call_id, parent, select_id=select_id).exec()
