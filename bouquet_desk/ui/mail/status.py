"""The outbox in the status bar, and every sending of the window: a call's letters (« Envoyer »), the notices
when the operator refers, reminders. Queuing goes through the runner's write lane (the outbox is stored
first), talking to the server through its network lane; what waits is retried every minute while the window
is open, each message after its own backoff."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from ...core import deferred
from ...core.errors import UserError
from ...core.mail.config import smtp_config

if TYPE_CHECKING:
    from ...core.mail import outbox
else:  # counted once the database is open, after the first paint (ui/launch.py)
    outbox = deferred.module("bouquet_desk.core.mail.outbox")

log = logging.getLogger("bouquet_desk.ui.mail")

RETRY_EVERY_MS = 60_000


class MailStatus(QObject):
    changed = Signal()  # the outbox changed (queued, sent, failed, cancelled)
    message = Signal(str)  # for the status bar

    def __init__(self, context, runner, parent: QWidget, *, refresh: bool = True) -> None:
        super().__init__(parent)
        self.context, self.runner = context, runner
        self.counts: outbox.OutboxCounts | None = None
        self.button = QToolButton(parent)
        self.button.setObjectName("outboxStatus")
        self.button.setAutoRaise(True)
        self.button.setToolTip(self.tr("Boîte d'envoi : la liste des courriels, pour réessayer ou annuler"))
        self.button.clicked.connect(self.show_outbox)
        self._flushing = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.flush)
        self.timer.start(RETRY_EVERY_MS)
        if refresh:  # else the window refreshes it once it is on screen
            self.refresh()

    @property
    def configured(self) -> bool:
        return smtp_config(self.context.settings, with_password=False).configured

    def refresh(self) -> None:
        context = self.context

        def done(counts) -> None:
            self.counts = counts
            self.button.setText(self._text(counts))
            self.changed.emit()

        self.runner.run_read(lambda: outbox.counts(context), done, lambda exc: log.warning("outbox: %s", exc))

    def _text(self, counts) -> str:
        if not self.configured and not counts.pending:
            return self.tr("Courriel : non configuré")
        parts = [self.tr("%n en attente", "", counts.pending)] if counts.pending else []
        if counts.failed:
            parts.append(self.tr("%n en échec", "", counts.failed))
        if not parts:
            parts.append(self.tr("%n envoyé(s) aujourd'hui", "", counts.sent_today))
        return self.tr("Courriels : ") + " · ".join(parts)

    def flush(self, force: bool = False) -> None:
        """Sends what is due (everything pending with force) on the network lane."""
        if self._flushing or not self.configured:
            return
        self._flushing = True
        context = self.context

        def done(result) -> None:
            self._flushing = False
            if result.sent or result.failed or result.waiting:
                self.message.emit(self._summary(result))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._flushing = False
            self.refresh()
            if isinstance(exc, UserError):
                self.message.emit(str(exc))
            else:
                log.error("outbox flush failed", exc_info=exc)
                self.message.emit(self.tr("Envoi des courriels interrompu (détail dans le journal)."))

        self.runner.run_network(lambda: outbox.flush(context, force=force), done, failed)

    def _summary(self, result) -> str:
        text = self.tr("Courriels : %1 envoyé(s), %2 en échec, %3 en attente.").replace(
            "%1", str(len(result.sent))).replace("%2", str(len(result.failed))).replace("%3", str(len(result.waiting)))
        if result.error:
            text += " " + result.error
        return text

    def _queue(self, task) -> None:
        def done(result) -> None:
            for reason in result.skipped:
                self.message.emit(reason)
            self.refresh()
            if result.queued:
                self.flush(force=True)

        def failed(exc: BaseException) -> None:
            from ..errors import show_exception

            show_exception(exc, self.parent())

        self.runner.run(task, done, failed)

    def send_call(self, call_id: int, *, company: bool = True, referral_ids: list[int] | None = None) -> None:
        """The letter to the company and/or the notices of these referrals (all by default), queued then sent."""
        context = self.context
        from ...core.mail import sending  # letters and Word: imported when a first mail is queued

        self._queue(lambda: sending.queue_call(context, call_id, company=company, referral_ids=referral_ids))

    def send_letter(self, letter_id: int) -> None:
        """One archived letter, the one the operator chose."""
        context = self.context
        from ...core.mail import sending

        self._queue(lambda: sending.queue_letter(context, letter_id))

    def remind(self, referral_ids: list[int]) -> None:
        context = self.context
        from ...core.mail import sending

        self._queue(lambda: sending.queue_reminders(context, referral_ids))

    def show_outbox(self) -> None:
        from .outbox_dialog import OutboxDialog

        OutboxDialog.ask(self.context, self.runner, self, self.parent())
