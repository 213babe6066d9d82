"""The outbox as a list: every message with its status and the server's answer; retry, cancel, send now."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.mail import outbox
from .. import formats
from ..catalogue.tables import RowTable
from ..errors import show_exception
from ..models.table import Column


def _t(text: str) -> str:
    return QCoreApplication.translate("outbox", text)


def outbox_columns() -> list[Column]:
    return [
        Column(_t("Créé le"), lambda m: formats.moment(m.created_at)),
        Column(_t("Courriel"), lambda m: m.kind_label),
        Column(_t("Appel"), lambda m: str(m.call_id or "")),
        Column(_t("Destinataire"), lambda m: m.to_address),
        Column(_t("Statut"), lambda m: m.status_label),
        Column(_t("Envoyé le"), lambda m: formats.moment(m.sent_at)),
        Column(_t("Tentatives"), lambda m: str(m.attempts)),
        Column(_t("Réponse du serveur"), lambda m: m.answer, tooltip=lambda m: m.answer),
    ]


class OutboxDialog(QDialog):
    def __init__(self, context, runner, mail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxDialog")
        self.setWindowTitle(self.tr("Boîte d'envoi"))
        self.context, self.runner, self.mail = context, runner, mail
        self.table = RowTable(outbox_columns(), self, "outboxTable")
        self.table.set_hint(self.tr("Aucun courriel dans la boîte d'envoi."))
        self.retry_button = self._button(self.tr("&Réessayer"), "retryMail", self._retry)
        self.cancel_button = self._button(self.tr("&Annuler l'envoi"), "cancelMail", self._cancel)
        self.flush_button = self._button(self.tr("&Envoyer maintenant"), "flushMail", lambda: mail.flush(force=True))
        self.status = QLabel(self)
        self.status.setObjectName("outboxDialogStatus")
        row = QHBoxLayout()
        for button in (self.retry_button, self.cancel_button, self.flush_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(980, 380)
        mail.changed.connect(self.reload)
        self.reload()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def reload(self) -> None:
        context = self.context

        def done(rows) -> None:
            self.table.set_rows(rows)
            waiting = sum(1 for row in rows if row.status in ("pending", "sending"))
            failed = sum(1 for row in rows if row.status == "failed")
            self.status.setText(self.tr("%1 en attente · %2 en échec").replace("%1", str(waiting))
                                .replace("%2", str(failed)))

        self.runner.run_read(lambda: outbox.list_outbox(context), done, lambda exc: show_exception(exc, self))

    def _selected_id(self) -> int | None:
        row = self.table.selected_row()
        return row.id if row is not None else None

    def _retry(self) -> None:
        message_id = self._selected_id()
        if message_id is not None:
            context = self.context
            self.runner.run(lambda: outbox.retry(context, [message_id]),
                            lambda _r: self.mail.flush(force=True), lambda exc: show_exception(exc, self))

    def _cancel(self) -> None:
        message_id = self._selected_id()
        if message_id is not None:
            context = self.context
            self.runner.run(lambda: outbox.cancel(context, [message_id]), lambda _r: self.mail.refresh(),
                            lambda exc: show_exception(exc, self))

    @classmethod
    def ask(cls, context, runner, mail, parent: QWidget | None = None) -> None:
        cls(context, runner, mail, parent).exec()
