"""The call screen, the first tab: take a call from ring to letter without leaving it.

Left, the call panel (number recognised while typed, company, caller, motive, notes, clock, outcome) over the
caller's history; centre, the search with its results and the detail of the selected one; right, the routing
suggestions with their reasons over the day's reminders. The call being typed is written to a draft at every
change; saves go through the runner's write lane, look-ups through its read lane.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ...core import deferred
from ...core.clock import utcnow
from ...core.errors import UserError
from ...core.phones import parse_phone
from .. import formats
from ..conflicts import KEEP_MINE, ConflictDialog
from ..errors import MessageBox, show_exception
from ..widgets import section_title
from .drafts import Draft, DraftStore
from .form import CallForm
from .routing_panel import RoutingPanel
from .search_panel import SearchPanel
from .side_panels import HistoryPanel, RemindersPanel

if TYPE_CHECKING:
    from ...core.calls import calls as calls_core
    from ...core.calls import followup, recognition, referrals, routing, saving
    from ...core.calls.calls import NewCall
    from ...core.ops import changes as change_log
    from ...core.ops import conflicts
    from ...core.search import unmet as unmet_searches
else:  # the services use SQLAlchemy, which loads once the window is on screen (ui/launch.py)
    calls_core, followup, recognition, referrals, routing, saving = (
        deferred.module(f"bouquet_desk.core.calls.{name}")
        for name in ("calls", "followup", "recognition", "referrals", "routing", "saving"))
    change_log = deferred.module("bouquet_desk.core.ops.changes")
    conflicts = deferred.module("bouquet_desk.core.ops.conflicts")
    unmet_searches = deferred.module("bouquet_desk.core.search.unmet")

log = logging.getLogger("bouquet_desk.ui.call")


def _t(text: str) -> str:
    return QCoreApplication.translate("call", text)


class CallScreen(QWidget):
    call_saved = Signal(object)  # CallInfo after each save or referral
    message = Signal(str)  # for the status bar
    open_call = Signal(int)  # show a call of the log in full
    send_requested = Signal(int)  # « Envoyer »: the call's letters by e-mail (the window's MailStatus sends)
    notices_requested = Signal(int, list)  # referrals just made, whose notices leave at once (a preference)

    def __init__(self, context, runner, engine, parent: QWidget | None = None, *,
                 drafts: DraftStore | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callScreen")
        self.context = context
        self.runner = runner
        self.engine = engine
        self.drafts = drafts or DraftStore()
        self.call = None  # CallInfo once saved
        self.recognition = None
        self.direction = "incoming"
        self.returning = None  # CallInfo of the call-back this call answers
        self.hung_up_at = None  # when the telephone reported the end of this call
        self.dirty = False
        self._recognise_generation = 0
        self._opened_marker: int | None = None

        self.form = CallForm(self)
        self.history = HistoryPanel(self)
        self.search = SearchPanel(context, engine, self)
        self.search.runner = runner  # its detail pane reads through the runner, off the GUI thread
        self.routing = RoutingPanel(context, runner, engine.search, self)
        self.reminders = RemindersPanel(context, runner, self)

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setObjectName("callLeftSplitter")
        call_box = QWidget(left)
        call_layout = QVBoxLayout(call_box)
        call_layout.setContentsMargins(0, 0, 0, 0)
        call_layout.addWidget(self.form)
        history_box = QWidget(left)
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 4, 0, 0)
        history_layout.addWidget(section_title(self.tr("Historique de l'appelant"), history_box))
        history_layout.addWidget(self.history, 1)
        left.addWidget(call_box)
        left.addWidget(history_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("callRightSplitter")
        right.addWidget(self.routing)
        reminders_box = QWidget(right)
        reminders_layout = QVBoxLayout(reminders_box)
        reminders_layout.setContentsMargins(0, 4, 0, 0)
        reminders_layout.addWidget(section_title(self.tr("Relances du jour"), reminders_box))
        reminders_layout.addWidget(self.reminders, 1)
        right.addWidget(reminders_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("callSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([430, 560, 470])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

        settings = context.settings
        self.recognise_timer = self._timer(settings.recognise_delay_ms, self._recognise)
        self.draft_timer = self._timer(settings.draft_delay_ms, self._write_draft)

        # Wiring: every change that matters to the routing asks for it again (debounced there).
        self.form.phone_edited.connect(lambda _text: self.recognise_timer.start())
        self.form.changed.connect(self._changed)
        self.form.category_changed.connect(lambda _code: self._request_routing())
        self.form.commune.textEdited.connect(lambda _text: self._request_routing())
        # The caller's commune ranks the search by distance while the operator names no place.
        self.form.commune.textChanged.connect(self.search.set_caller_commune)
        self.search.searched.connect(lambda _answer: self._request_routing())
        self.search.current_changed.connect(lambda _result: self._request_routing())
        self.search.activated.connect(self._discuss)
        self.search.committed.connect(self._search_committed)
        self.search.box.textEdited.connect(lambda _text: self._search_edited())
        self.routing.refer_requested.connect(self.refer)
        self.form.save_button.clicked.connect(self.save)
        self.form.letter_button.clicked.connect(self.letter)
        self.form.send_button.clicked.connect(self.send)
        self.form.new_button.clicked.connect(lambda: self.new_call())
        self.history.open_call.connect(self.open_call)
        self.history.edit_call.connect(self.edit_call)
        history_actions = self.history.attach(context, runner)
        history_actions.message.connect(self.message)
        history_actions.chased.connect(self._chased)
        self.reminders.call_back.connect(self.call_back)
        self.reminders.open_call.connect(self.open_call)
        self.reminders.message.connect(self.message)
        self.reminders.chased.connect(self._chased)
        self.runner.changes_seen.connect(self.changes_seen)

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.escape)
        self._set_tab_order()
        self._show_state()

    def _timer(self, interval: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(max(0, interval))
        timer.timeout.connect(slot)
        return timer

    def _set_tab_order(self) -> None:
        f, s = self.form, self.search
        chain = [f.phone, f.company, f.commune, f.caller, f.email, f.category, s.box, s.kind, s.near, s.pathway,
                 s.results, self.routing.view, self.routing.refer_button, f.notes, f.items, f.outcome,
                 f.follow_up_check, f.follow_up, f.save_button, f.letter_button, f.send_button, f.new_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ start and data loaded in background
    def start(self) -> None:
        """After the window is shown: reminders, communes and pathways for the filters."""
        self.reminders.reload()
        context = self.context

        def task():
            from ...core.catalogue.editing import formation_pathways

            communes = [commune.name for commune in context.reference.communes()]
            return communes, formation_pathways(context.sessions)

        def done(result) -> None:
            communes, pathways = result
            self.search.set_communes(communes)
            self.search.set_pathways(pathways)

        self.runner.run_read(task, done, lambda exc: log.warning("filters not loaded: %s", exc))

    def _reload_pathways(self) -> None:
        from ...core.catalogue.editing import formation_pathways

        sessions = self.context.sessions
        self.runner.run_read(lambda: formation_pathways(sessions), self.search.set_pathways,
                             lambda exc: log.warning("pathways not loaded: %s", exc))

    def engine_ready(self) -> None:
        self.search.engine_ready()

    # ------------------------------------------------------------------ a call starts
    def new_call(self, phone: str | None = None, *, direction: str = "incoming", confirm: bool = True) -> bool:
        """A blank call (with the number when the telephone gave it). An unsaved call is kept as a draft file
        when the phone rings (incoming), or after asking when the operator starts anew by hand."""
        if self.dirty and not self.form.draft().empty:
            if phone is not None:
                self._write_draft()
                self.drafts.new_file()  # the interrupted call stays on disk, offered back at the next start
                self.message.emit(self.tr("L'appel interrompu est gardé en brouillon."))
            elif confirm and not MessageBox.confirm(
                self, self.tr("Nouvel appel"),
                self.tr("L'appel en cours n'est pas enregistré. Le laisser de côté et commencer un nouvel appel ?"),
            ):
                return False
            else:
                self.drafts.discard()
        else:
            self.drafts.discard()
        self._end_saved_call()
        self.drafts.new_file()
        self.call = None
        self.recognition = None
        self.returning = None
        self.hung_up_at = None
        self.direction = direction
        self.dirty = False
        self.form.load(Draft())
        self.history.show_recognition(None)
        self.routing.request(None)
        self.search.box.clear()
        self.search.near.clear()
        self.form.start_clock(utcnow())
        self._opened_marker = None
        if phone:
            self.form.phone.setText(phone)
            self._recognise()
            self.form.company.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.form.phone.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._show_state()
        return True

    def _end_saved_call(self) -> None:
        """A call saved while still on the line (« Orienter » saves it) ends when the next one starts: its end is
        recorded then (the telephone's hang-up time when it gave one), so that it has its duration like a call
        saved with Ctrl+Entrée (core.calls.finish_call keeps the end of one that has it)."""
        call = self.call
        if call is None or call.ended_at is not None:
            return
        context, ended = self.context, self.hung_up_at or utcnow()
        self.runner.run_op(lambda: calls_core.finish_call(context, call.id, ended), None,
                           lambda exc: show_exception(exc, self), initiator=self)

    def idle(self) -> None:
        """Nobody on the line (a ring nobody answered, and nothing it interrupted): the screen waits as at
        start-up, clock at zero and « Aucun appel en cours »; typing starts the next call's clock."""
        self.new_call(confirm=False)
        self.form.stop_clock()
        self.form.started_at = None
        self.form.clock.setText(formats.duration(0))
        self._show_state()

    def call_ended(self, at) -> None:
        """The telephone says the call hung up at `at` (naive UTC): the clock stops, the save keeps that end."""
        self.hung_up_at = at
        self.form.stop_clock()
        self._show_state()

    def call_back(self, call) -> None:
        """Return a call: an outgoing call to that number, the company known; saving it clears the reminder."""
        if not self.new_call(call.phone_display or None, direction="outgoing"):
            return
        self.returning = call
        if call.company and not self.form.company.text():
            self.form.company.setText(call.company)
            self.form.company_id = call.company_id
        self.form.set_category(call.category)
        self._show_state()

    def restore(self, draft: Draft) -> None:
        """A draft left by a crash, back in the form (saving it logs or updates its call)."""
        self.drafts.new_file()
        self.form.load(draft)
        self.direction = draft.direction or "incoming"
        self.search.box.setText(draft.search)
        self.search.near.setText(draft.near)
        self.call = None
        if draft.call_id is not None:
            context, call_id = self.context, draft.call_id

            def found(info) -> None:
                if self.call is None:
                    self.call = info
                    self._show_state()

            self.runner.run_read(lambda: calls_core.get_call(context, call_id), found,
                                 lambda exc: None if isinstance(exc, UserError) else show_exception(exc, self))
        self.dirty = True
        self._write_draft()
        if draft.phone:
            self._recognise()
        self._request_routing()
        self._show_state()

    # ------------------------------------------------------------------ recognition
    def _recognise(self) -> None:
        self.recognise_timer.stop()
        text = self.form.phone.text().strip()
        e164 = parse_phone(text) if text else None
        self._recognise_generation += 1
        generation = self._recognise_generation
        if e164 is None:
            digits = sum(ch.isdigit() for ch in text)
            self.form.recognised.setText(
                f"<span style='color:#b00020'>{self.tr('Numéro incomplet ou invalide')}</span>" if digits >= 10 else "")
            if self.recognition is not None:
                self.recognition = None
                self.history.show_recognition(None)
            return
        context = self.context

        def done(found) -> None:
            if generation == self._recognise_generation:
                self._recognised(found)

        self.runner.run_read(lambda: recognition.recognise(context, e164), done,
                             lambda exc: show_exception(exc, self))

    def _recognised(self, found) -> None:
        self.recognition = found
        self.history.show_recognition(found)
        form = self.form
        if found.known:
            parts = []
            if found.caller is not None and found.caller.name:
                parts.append(f"<b>{html.escape(found.caller.name)}</b>")  # a rich-text label: names escaped
            if found.company is not None:
                parts.append(html.escape(found.company.name))
            calls = len(found.previous_calls)
            if calls:
                parts.append(self.tr("%n appel(s)", "", calls))
            if found.open_referrals:
                parts.append(self.tr("%n orientation(s) en cours", "", len(found.open_referrals)))
            form.set_recognition(f"<span style='color:#1b5e20'>✔ {' · '.join(parts)}</span>",
                                 " · ".join(part.replace("<b>", "").replace("</b>", "") for part in parts))
            # Fill what the operator has not typed yet; never overwrite what they typed.
            if found.company is not None and not form.company.text().strip():
                form.company.setText(found.company.name)
                form.company_id = found.company.id
            elif found.company is not None and form.company.text().strip() == found.company.name:
                form.company_id = found.company.id
            if found.company is not None and found.company.commune and not form.commune.text().strip():
                form.commune.setText(found.company.commune)
            if found.caller is not None and found.caller.name and not form.caller.text().strip():
                form.caller.setText(found.caller.name)
            if found.caller is not None and found.caller.email and not form.email.text().strip():
                form.email.setText(found.caller.email)
        else:
            form.recognised.setText(f"<span style='color:gray'>{self.tr('Nouveau numéro : saisissez l’entreprise.')}</span>")
        self._request_routing()

    # ------------------------------------------------------------------ search and routing
    def _search_edited(self) -> None:
        if self.form.started_at is None:
            self.form.start_clock()
        self._changed()

    def _discuss(self, result) -> None:
        if self.form.add_item(result):
            self.message.emit(self.tr("« %1 » ajouté aux éléments évoqués.").replace("%1", result.title))
            self._request_routing()

    def _search_committed(self, text: str) -> None:
        if not text:
            return
        if not self.search.answer_exact():
            self._record_unmet(text)  # only the nearest matches, if any: the need is still unmet
        if self.search.model.rowCount():
            self.search.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def _record_unmet(self, text: str) -> None:
        context, kind = self.context, self.search.kind.currentData() or None

        def done(recorded: bool) -> None:
            if recorded:
                self.message.emit(self.tr("Besoin non couvert consigné : « %1 »").replace("%1", text))

        self.runner.run(lambda: unmet_searches.record_unmet(context.sessions, text, kind), done, lambda exc: show_exception(exc, self))

    def route_request(self) -> routing.RouteRequest | None:
        category = self.form.category_code()
        if not category:
            return None
        formation_ids, resource_ids = self.form.item_ids()
        current = self.search.current()
        if current is not None and current.db_id is not None:
            if current.kind == "formation" and current.db_id not in formation_ids:
                formation_ids += (current.db_id,)
            elif current.kind == "resource" and current.db_id not in resource_ids:
                resource_ids += (current.db_id,)
        commune = self.form.commune.text().strip() or self.search.near.text().strip() or None
        if commune and self.context.reference.commune(commune) is None:
            commune = None  # still being typed, or unknown: no distance rather than an error
        return routing.RouteRequest(
            category=category, query=self.search.text(), formation_ids=formation_ids, resource_ids=resource_ids,
            commune=commune, company_id=self.form.company_id if not commune else None,
        )

    def _request_routing(self) -> None:
        self.routing.request(self.route_request())

    # ------------------------------------------------------------------ drafts
    def _changed(self) -> None:
        self.dirty = True
        self.draft_timer.start()
        self._show_state()

    def draft(self) -> Draft:
        return self.form.draft(
            search=self.search.box.text(), near=self.search.near.text(), direction=self.direction,
            call_id=self.call.id if self.call else None, version=self.call.version if self.call else None,
            returning_call_id=self.returning.id if self.returning else None,
        )

    def _write_draft(self) -> None:
        self.draft_timer.stop()
        if self.dirty:
            draft = self.draft()
            if not draft.empty:
                self.drafts.save(draft)

    # ------------------------------------------------------------------ saving
    def _new_call(self, *, ended: bool) -> NewCall:
        f = self.form
        formation_ids, resource_ids = f.item_ids()
        return calls_core.NewCall(
            category=f.category_code(), phone=f.phone.text().strip() or None,
            caller_name=f.caller.text().strip() or None, caller_email=f.email.text().strip() or None,
            company_id=f.company_id, company_name=None if f.company_id else (f.company.text().strip() or None),
            commune=f.commune.text().strip() or None if not f.company_id else None, direction=self.direction,
            started_at=f.started_at, ended_at=(self.hung_up_at or utcnow()) if ended else None,
            notes=f.notes.toPlainText(),
            search_terms=self.search.text(), outcome=f.outcome_code() or None, follow_up_on=f.follow_up_on(),
            formation_ids=formation_ids, resource_ids=resource_ids,
        )

    def _ready_to_save(self) -> bool:
        if not self.form.category_code():
            self._warn(self.tr("Choisissez le motif de l'appel (Alt+M) avant d'enregistrer."))
            self.form.category.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        return True

    def _warn(self, text: str) -> None:
        self.form.state.setStyleSheet("color:#b00020")
        self.form.state.setText(text)
        self.message.emit(text)

    def _update_task(self, call, *, ended: bool, expected_version: int):
        """The write of an already logged call through the one save service (company matched by its rule,
        version checked in the same transaction, the end of a finished call kept)."""
        context, new = self.context, self._new_call(ended=ended)
        marker = self._opened_marker

        def task():
            with conflicts.conflict_guard(context, "call", call.id, expected_version, since_change_id=marker):
                return saving.save_call(context, new, call_id=call.id, expected_version=expected_version)

        return task

    def save(self, *, then=None) -> None:
        """Ctrl+Entrée: log the call (or update it when already logged), ended now."""
        if not self._ready_to_save():
            return
        self.routing.flush()
        self._write_draft()
        context = self.context
        if self.form.outcome_code() == "callback" and self.form.follow_up_on() is None:
            self._warn(self.tr("Un appel « à rappeler » a besoin de sa date de rappel (Alt+L)."))
            self.form.follow_up_check.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.call is None:
            new = self._new_call(ended=True)
            task = lambda: saving.save_call(context, new)  # noqa: E731
        else:
            task = self._update_task(self.call, ended=True, expected_version=self.call.version)
        unmet = self.search.text() if self.search.answer is not None and not self.search.model.rowCount() else ""
        returning = self.returning
        self.form.save_button.setEnabled(False)

        def done(info) -> None:
            self.form.save_button.setEnabled(True)
            if unmet and self.search.text() == unmet:
                self._record_unmet(unmet)
            if returning is not None and returning.follow_up_on is not None:
                self._clear_callback(returning)
            self._saved(info, ended=True)
            if then is not None:
                then(info)

        self.runner.run_op(task, done, lambda exc: self._save_failed(exc, then), initiator=self)

    def _save_failed(self, exc: BaseException, then=None) -> None:
        self.form.save_button.setEnabled(True)
        if isinstance(exc, conflicts.ConflictError):
            choice = ConflictDialog.ask(exc.conflict, self)
            if choice == KEEP_MINE and exc.conflict.retry_version is not None:
                task = self._update_task(self.call, ended=True, expected_version=exc.conflict.retry_version)
                self.runner.run_op(task, lambda info: (self._saved(info, ended=True), then and then(info)),
                                   lambda error: show_exception(error, self), initiator=self)
            else:
                self.reload_call()
            return
        show_exception(exc, self)

    def _clear_callback(self, call) -> None:
        context = self.context
        self.runner.run_op(lambda: calls_core.update_call(context, call.id, follow_up_on=None),
                           None, lambda exc: log.warning("call-back kept: %s", exc), initiator=self)
        self.returning = None

    def _saved(self, info, *, ended: bool) -> None:
        self.call = info
        self.dirty = False
        # Where the history stands now: a conflict on the next save then lists exactly what others changed.
        self._mark_opened()
        self.drafts.discard()
        if info.outcome and info.outcome != self.form.outcome_code():
            self.form._loading = True
            self.form.set_outcome(info.outcome)
            self.form._loading = False
        if ended:
            self.form.stop_clock()
        self._show_state()
        self.message.emit(self.tr("Appel n° %1 enregistré.").replace("%1", str(info.id)))
        self.call_saved.emit(info)
        self._recognise()  # the caller's history now knows this call (never « Numéro inconnu » after a save)

    def _mark_opened(self) -> None:
        """Where the history stands now (read off the GUI thread): a conflict on the next save then lists
        exactly what others changed since."""
        sessions, call = self.context.sessions, self.call

        def done(last_id: int) -> None:
            if self.call is call:
                self._opened_marker = last_id

        self.runner.run_read(lambda: change_log.current_marker(sessions).last_id, done,
                             lambda exc: log.warning("marker: %s", exc))

    def edit_call(self, call_id: int) -> None:
        """A call of the log back in the form (from the journal or the caller's history): edit, save again;
        the history keeps every change, the duration stays what it was."""
        if self.dirty and not self.form.draft().empty and not MessageBox.confirm(
            self, self.tr("Modifier un appel"),
            self.tr("L'appel en cours n'est pas enregistré. Le laisser de côté pour modifier l'appel n° %1 ?")
            .replace("%1", str(call_id)),
        ):
            return
        context = self.context

        def done(info) -> None:
            self.drafts.discard()
            self.drafts.new_file()
            self.returning = None
            self.direction = info.direction
            self._show_call(info)
            self._mark_opened()
            self._recognise()
            self.form.notes.setFocus(Qt.FocusReason.OtherFocusReason)
            self.message.emit(self.tr("Appel n° %1 rouvert : modifiez-le puis Ctrl+Entrée.").replace("%1", str(info.id)))

        self.runner.run_read(lambda: calls_core.get_call(context, call_id), done,
                             lambda exc: show_exception(exc, self))

    def reload_call(self) -> None:
        """Take the other operator's version of the call (after a conflict)."""
        if self.call is None:
            return
        context, call_id = self.context, self.call.id
        self.runner.run_read(lambda: calls_core.get_call(context, call_id), self._show_call,
                             lambda exc: show_exception(exc, self))

    def _show_call(self, info) -> None:
        self.call = info
        self.form.load(Draft(
            phone=info.phone_display, company=info.company, company_id=info.company_id, caller=info.caller,
            category=info.category, notes=info.notes, outcome=info.outcome or "",
            follow_up=info.follow_up_on.isoformat() if info.follow_up_on else "",
            items=tuple((item.kind, item.id, item.label, "", item.uai) for item in info.items
                        if item.kind in ("formation", "resource")),
            started_at=info.started_at.isoformat(),
        ))
        if info.ended_at is not None:
            self.form.stop_clock()
            self.form.clock.setText(formats.duration(info.duration_s))
        self.search.box.setText(info.search_terms)
        self.dirty = False
        self.drafts.discard()
        self._show_state()

    # ------------------------------------------------------------------ referring
    def refer(self, suggestions: list) -> None:
        """Records a referral to each chosen contact; the call is logged first if it is not yet."""
        if not suggestions or not self._ready_to_save():
            return
        context = self.context
        call = self.call
        if call is None:
            new = self._new_call(ended=False)
            first = lambda: saving.save_call(context, new)  # noqa: E731
        elif self.dirty:
            first = self._update_task(call, ended=False, expected_version=call.version)
        else:
            first = lambda: call  # noqa: E731
        chosen = [(s.contact_ref, s.formation_ids, s.resource_ids, " ; ".join(s.reasons)) for s in suggestions]

        def task():
            info = first()
            already = {r.contact_ref for r in info.referrals}
            for ref, formation_ids, resource_ids, reason in chosen:
                if ref in already:
                    continue
                made = referrals.refer(context, info.id, ref, formation_ids=formation_ids,
                                       resource_ids=resource_ids, reason=reason)
                followup.make_notice(context, made)  # the contact's notice exists as soon as they are told
            return calls_core.get_call(context, info.id)

        before = {r.id for r in call.referrals} if call is not None else set()

        def done(info) -> None:
            self._saved(info, ended=False)
            self.routing.clear_checks()
            if context.settings.mail_notices_on_refer:
                self.notices_requested.emit(info.id, [r.id for r in info.referrals if r.id not in before])
            names = ", ".join(s.name for s in suggestions)
            self.message.emit(self.tr("Appel n° %1 orienté vers %2.").replace("%1", str(info.id)).replace("%2", names))

        self.runner.run_op(task, done, lambda exc: self._save_failed(exc), initiator=self)

    # ------------------------------------------------------------------ letters
    def letter(self) -> None:
        """Ctrl+L: the letter to the company, once the call is saved and referred."""
        if self.call is None or self.dirty:
            if not self._ready_to_save():
                return
            self.save(then=lambda _info: self.letter())
            return
        if not self.call.referrals:
            self._warn(self.tr("Orientez d'abord l'appel vers un contact : le courrier confirme la mise en relation."))
            return
        from .letters import LettersDialog

        context, call_id = self.context, self.call.id

        def done(created) -> None:
            self.message.emit(self.tr("Courrier créé pour l'appel n° %1.").replace("%1", str(call_id)))
            LettersDialog.ask(context, self.runner, call_id, self)

        self.runner.run_op(lambda: self._company_letter(context, call_id), done,
                           lambda exc: show_exception(exc, self), initiator=self)

    @staticmethod
    def _company_letter(context, call_id: int):
        from ...core import letters

        existing = [l for l in letters.list_letters(context, call_id) if l.recipient == "company" and not l.sent_at]
        return tuple(existing) or letters.create_letters(context, call_id, to="company")

    def _chased(self, chase) -> None:
        """A contact chased: the notice made again is offered at once, to print or mail."""
        if not chase.notice_ids:
            return
        from .letters import LettersDialog

        LettersDialog.ask(self.context, self.runner, chase.referral.call_id, self, select_id=chase.notice_ids[0])
    def send(self) -> None:
        """« Envoyer »: the letter to the company and the notices to the contacts leave by e-mail."""
        if self.call is None or self.dirty:
            if not self._ready_to_save():
                return
            self.save(then=lambda _info: self.send())
            return
        if not self.call.referrals:
            self._warn(self.tr("Orientez d'abord l'appel vers un contact : rien à envoyer."))
            return
        self.message.emit(self.tr("Courriers de l'appel n° %1 : envoi…").replace("%1", str(self.call.id)))
        self.send_requested.emit(self.call.id)

    # ------------------------------------------------------------------ keyboard
    def escape(self) -> None:
        """Échap: clear the search and go back to its box."""
        if self.search.box.text() or self.search.near.text():
            self.search.clear()
        self.search.focus_box()

    def focus_search(self) -> None:
        self.search.focus_box()

    def reveal(self, widget: QWidget) -> None:
        """Bring the tab page holding `widget` to the front (the caller's referrals, the late reminders)."""
        for tabs in (self.history.tabs, self.reminders.tabs):
            for index in range(tabs.count()):
                page = tabs.widget(index)
                if page is widget or page.isAncestorOf(widget):
                    tabs.setCurrentIndex(index)

    # ------------------------------------------------------------------ other operators
    def changes_seen(self, changes, initiator=None) -> None:
        """Every change, this window's (initiator set) and colleagues' (initiator None): the open call and the
        caller's history; the reminders and the search panel listen for themselves."""
        if changes.settings_changed:
            settings = self.context.settings
            self.recognise_timer.setInterval(max(0, settings.recognise_delay_ms))
            self.draft_timer.setInterval(max(0, settings.draft_delay_ms))
            self.search.timer.setInterval(max(0, settings.search_delay_ms))
            self.routing.timer.setInterval(max(0, settings.routing_delay_ms))
        if changes.catalogue_changed or changes.catalogue_reloaded:
            self._reload_pathways()  # the pathway filter follows the formations' pathways
        if initiator is None and self.call is not None and self.call.id in changes.call_ids and not self.dirty:
            self.message.emit(self.tr("L'appel n° %1 a été modifié sur un autre poste.").replace("%1", str(self.call.id)))
        if initiator is not self and self.recognition is not None and self._concerns_caller(changes):
            self._recognise()

    def _concerns_caller(self, changes) -> bool:
        found = self.recognition
        if changes.referral_ids & {r.id for r in found.open_referrals}:
            return True
        if found.company is not None and found.company.id in changes.company_ids:
            return True
        if found.caller is not None and found.caller.id in changes.caller_ids:
            return True
        return bool(changes.call_ids) or bool(changes.referral_ids)

    # ------------------------------------------------------------------ state line
    def _show_state(self) -> None:
        form = self.form
        form.state.setStyleSheet("color:palette(placeholder-text)")
        if self.call is not None:
            text = self.tr("Appel n° %1").replace("%1", str(self.call.id))
            if self.call.referrals:
                text += " · " + self.tr("%n orientation(s)", "", len(self.call.referrals))
            text += " · " + (self.tr("modifié, non enregistré") if self.dirty else self.tr("enregistré"))
        elif form.started_at is not None:
            direction = self.tr("sortant") if self.direction == "outgoing" else self.tr("entrant")
            since = formats.moment(form.started_at)[-5:]
            text = self.tr("Appel %1 depuis %2 · non enregistré").replace("%1", direction).replace("%2", since)
        else:
            text = self.tr("Aucun appel en cours — Ctrl+N")
        form.state.setText(text)
        form.letter_button.setEnabled(self.call is not None or form.category_code() != "")
        form.send_button.setEnabled(self.call is not None and bool(self.call.referrals))
