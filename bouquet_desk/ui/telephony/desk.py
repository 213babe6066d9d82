"""What the telephone's events do in the window, and the window's telephone controls.

- newCall: the call screen opens a new call for the number (recognised like --incoming); a call being
  typed is kept as a draft, and given back if the ring ends unanswered. While the operator talks on a
  call the telephone reported, another ring only shows in the banner.
- answer: the call's clock starts at the answer.
- hangup: the end is recorded on the call (its duration), saved or not yet.
- hang-up before any answer: a missed call, logged by itself (direction missed), in « Appels manqués ».
- anything else (an event for an ended or unknown call, out of order): ignored and logged.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel

from ...core import deferred
from ...core.clock import utcnow
from ...core.errors import UserError
from ...core.phones import format_phone
from ...core.telephony.events import number_e164
from ...core.telephony.tracker import ANSWERED, RINGING, CallTracker
from ..call.drafts import read as read_draft
from .. import shortcuts
from ..errors import MessageBox, show_exception
from .dialer import Dialer
from .missed_panel import MissedCallsPanel

if TYPE_CHECKING:
    from ...core.calls import calls as calls_core
    from ...core.calls import recognition
    from ...core.telephony import logged
else:  # used once the database is open, after the first paint (ui/launch.py)
    calls_core = deferred.module("bouquet_desk.core.calls.calls")
    recognition = deferred.module("bouquet_desk.core.calls.recognition")
    logged = deferred.module("bouquet_desk.core.telephony.logged")

log = logging.getLogger("bouquet_desk.ui.telephony")

WARM_UP_NUMBER = "+33353730000"  # in the fiction range: nobody's number
_TEL_HREF = re.compile(r"href=[\"'](?:tel|callto):([^\"']+)[\"']", re.IGNORECASE)


def shown_number(text: str) -> str:
    """The number as the operator reads it ("03 53 73 01 01"), as the telephone wrote it when it is not a
    phone number (an extension), or "" for a hidden one ("anonymous", "unknown")."""
    e164 = number_e164(text)
    if e164 is not None:
        return format_phone(e164)
    return text if any(ch.isdigit() for ch in text or "") else ""


class TelephonyDesk(QObject):
    step_done = Signal(object)  # tracker.Step, after the window acted on it (tests, benchmark)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.runner = window.runner
        self.tracker = CallTracker()
        self.on_screen: str | None = None  # callId of the call the call screen shows
        self._interrupted = None  # draft file of the call a ring interrupted

        self._server = None  # the endpoint (QtHttpServer) is loaded when it starts, after the first paint
        self.dialer = Dialer(self.context.settings, self.runner, self)
        self.dialer.link_clicked.connect(lambda number: self.dial(number))
        self.dialer.failed.connect(lambda text: MessageBox.error(window, self.tr("Numérotation"), text))

        self.banner = QLabel(window)
        self.banner.setObjectName("callBanner")
        self.banner.hide()
        window.statusBar().insertPermanentWidget(0, self.banner)

        self.missed = MissedCallsPanel(self.context, self.runner, window)
        self.missed.call_back.connect(self.call_back)
        self.missed.counted.connect(self._missed_counted)
        self.dock = QDockWidget(self.tr("Appels manqués"), window)
        self.dock.setObjectName("missedCallsDock")
        self.dock.setWidget(self.missed)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)

        # Rings whose end never comes (a PBX that only announces calls) leave the banner after a while.
        self.sweep = QTimer(self)
        self.sweep.setInterval(30_000)
        self.sweep.timeout.connect(self._sweep)

        self.dial_action = QAction(self.tr("&Composer le numéro"), window)
        self.dial_action.setObjectName("dialAction")
        self.dial_action.setShortcuts(shortcuts.keys("dialAction"))  # the one list F1 reads
        self.dial_action.setStatusTip(self.tr("Appelle le numéro du contact, de l'établissement ou de l'appelant choisi"))
        self.dial_action.triggered.connect(self.dial_in_context)
        window.addAction(self.dial_action)

    @property
    def server(self):
        if self._server is None:
            from .server import CtiServer

            self._server = CtiServer(self.context.settings, self)
            self._server.event_received.connect(self.handle)
        return self._server

    def start(self) -> None:
        self.sweep.start()
        self.dialer.take_links()
        self.missed.reload()
        # The first recognition of a session pays for SQL compilation and mapper set-up (~130 ms): paid now,
        # in the background, so that the first ring of the day is as quick as the others.
        context = self.context
        self.runner.run_read(lambda: recognition.recognise(context, WARM_UP_NUMBER), lambda _found: None,
                             lambda exc: log.debug("recognition warm-up failed: %s", exc))
        if self.context.settings.telephony_enabled and not self.server.start():
            self.window.statusBar().showMessage(
                self.tr("Téléphonie : le port %1 n'a pas pu être ouvert (%2).")
                .replace("%1", str(self.context.settings.telephony_port)).replace("%2", self.server.error), 15000)

    def restart(self) -> None:
        """After the Preferences changed the address, port or token."""
        if self._server is not None:
            self._server.stop()
        if self.context.settings.telephony_enabled:
            self.start()

    def close(self) -> None:
        self.sweep.stop()
        if self._server is not None:
            self._server.stop()
        self.dialer.release_links()

    # ------------------------------------------------------------------ events
    def handle(self, event) -> None:
        try:
            step = self.tracker.apply(event, utcnow())
            getattr(self, f"_on_{step.kind}")(step.call)
        except Exception:  # noqa: BLE001 - the telephone must never take the window down
            log.exception("telephony event %s for %s failed", event.event, event.call_id)
            return
        self.step_done.emit(step)

    def _on_ring(self, call) -> None:
        talking = any(c.state == ANSWERED and c.call_id == self.on_screen for c in self.tracker.active())
        if talking:
            self._show_banner()
            self.window.statusBar().showMessage(self.tr("Autre appel entrant : %1")
                                                .replace("%1", shown_number(call.number) or self.tr("numéro masqué")),
                                                8000)
            return
        self._open(call)

    def _open(self, call) -> None:
        screen = self.window.call_screen
        if screen.dirty and not screen.form.draft().empty and self._interrupted is None:
            self._interrupted = screen.drafts.path  # new_call() writes it there and moves on
        direction = "outgoing" if call.direction == "out" else "incoming"
        self.window.open_incoming(shown_number(call.number), call.call_id, direction=direction)
        self.on_screen = call.call_id
        self._show_banner()

    def _on_answer(self, call) -> None:
        if call.call_id != self.on_screen:
            self._open(call)
        self.window.call_screen.form.start_clock(call.answered_at)
        self._interrupted = None  # the operator is on this call now: the other one waits in its draft
        self._show_banner()

    def _on_hangup(self, call) -> None:
        if call.call_id == self.on_screen:
            self.on_screen = None
            screen = self.window.call_screen
            saved = screen.call
            screen.call_ended(call.ended_at)
            if saved is not None and not screen.dirty:
                context, ended = self.context, call.ended_at
                self.runner.run_op(lambda: calls_core.update_call(context, saved.id, ended_at=ended),
                                   lambda info: setattr(screen, "call", info) if screen.call is saved else None,
                                   lambda exc: log.warning("end of call %s not recorded: %s", saved.id, exc),
                                   initiator=self)
        self._show_banner()

    def _on_missed(self, call) -> None:
        context = self.context
        # Announced through changes_seen like every write: the missed queue and the call log follow.
        self.runner.run_op(lambda: logged.log_missed_call(context, call.number, call.rang_at, call.ended_at,
                                                          call.cause),
                           None, lambda exc: show_exception(exc, self.window), initiator=self)
        self._leave_unanswered(call)

    def _on_unanswered(self, call) -> None:
        self._leave_unanswered(call)

    def _on_ignored(self, _call) -> None:
        pass  # logged by the tracker

    def _leave_unanswered(self, call) -> None:
        """The ring is over and nobody spoke: give back the call it interrupted, if the operator did not
        start typing on the rung one."""
        if call.call_id == self.on_screen:
            self.on_screen = None
            screen = self.window.call_screen
            if not screen.dirty:
                interrupted, self._interrupted = self._interrupted, None
                draft = read_draft(interrupted) if interrupted is not None and interrupted.exists() else None
                if draft is not None:
                    screen.drafts.discard()
                    interrupted.unlink(missing_ok=True)
                    screen.restore(draft)
                    self.window.statusBar().showMessage(self.tr("Appel manqué ; l'appel en cours est repris."), 8000)
                else:
                    screen.idle()  # no call in progress: not « Appel entrant depuis … » with an empty form
        self._show_banner()

    def _sweep(self) -> None:
        gone = self.tracker.forget_stale(utcnow())
        if any(call.call_id == self.on_screen for call in gone):
            self.on_screen = None
        if gone:
            self._show_banner()

    def _show_banner(self) -> None:
        active = self.tracker.active()
        ringing = [c for c in active if c.state == RINGING and c.direction == "in"]
        talking = [c for c in active if c.state == ANSWERED]
        parts = []
        if talking:
            parts.append(self.tr("En communication : %1").replace("%1", shown_number(talking[-1].number)
                                                                  or self.tr("numéro masqué")))
        if ringing:
            numbers = ", ".join(shown_number(c.number) or self.tr("numéro masqué") for c in ringing)
            parts.append(self.tr("📞 Appel entrant : %1").replace("%1", numbers))
        self.banner.setText("  ·  ".join(parts))
        self.banner.setStyleSheet("font-weight:bold;color:#b00020" if ringing else "font-weight:bold")
        self.banner.setVisible(bool(parts))

    def _missed_counted(self, count: int) -> None:
        self.dock.setWindowTitle(self.tr("Appels manqués (%1)").replace("%1", str(count)) if count
                                 else self.tr("Appels manqués"))

    # ------------------------------------------------------------------ dialling
    def dial(self, number: str, whom: str = "", *, log_call: bool = True) -> bool:
        """Dial a number shown in the window and log the outgoing call."""
        try:
            target = self.dialer.dial(number)
        except UserError as exc:
            MessageBox.error(self.window, self.tr("Numérotation"), str(exc))
            return False
        self.window.statusBar().showMessage(self.tr("Appel de %1…").replace("%1", whom or number), 8000)
        if log_call:
            context = self.context
            category = self.window.call_screen.form.category_code() or None
            self.runner.run_op(lambda: logged.log_dialled_call(context, target, whom, category),
                               None, lambda exc: show_exception(exc, self.window), initiator=self)
        return True

    def call_back(self, missed) -> None:
        """« Rappeler »: the outgoing call opens on the call screen (logged when saved) and the number is dialled."""
        if not missed.phone:
            MessageBox.error(self.window, self.tr("Rappeler"), self.tr("Le numéro de cet appel était masqué."))
            return
        try:
            info = calls_core.get_call(self.context, missed.id)
        except UserError as exc:
            show_exception(exc, self.window)
            return
        self.window.tabs.setCurrentWidget(self.window.call_screen)
        self.window.call_screen.call_back(info)
        self.dial(missed.phone, missed.company or missed.caller, log_call=False)

    def number_in_context(self) -> tuple[str, str]:
        """(number, whom) of what the operator is on: a suggested contact, a result's detail, a missed call,
        else the caller on the call screen."""
        screen = self.window.call_screen
        focus = QApplication.focusWidget()

        def inside(widget) -> bool:
            return focus is not None and (focus is widget or widget.isAncestorOf(focus))

        if inside(screen.routing.view):
            index = screen.routing.view.currentIndex()
            if index.isValid():
                suggestion = screen.routing.model.row_at(index.row())
                if suggestion.phone:
                    return suggestion.phone, f"{suggestion.name} ({suggestion.establishment})"
        if inside(self.missed):
            missed = self.missed.table.selected_row()
            if missed is not None and missed.phone:
                return missed.phone, missed.company or missed.caller
        if inside(screen.search):
            found = _TEL_HREF.search(screen.search.detail.toHtml())
            if found:
                current = screen.search.current()
                return found.group(1), current.title if current is not None else ""
        return screen.form.phone.text().strip(), screen.form.company.text().strip()

    def dial_in_context(self) -> None:
        number, whom = self.number_in_context()
        if not number:
            self.window.statusBar().showMessage(self.tr("Aucun numéro à composer ici."), 5000)
            return
        self.dial(number, whom)
