"""Beside the call: the caller's history once recognised (previous calls, referrals still open), and the day's
reminders (referrals waiting past their deadline, calls to return)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core import deferred
from .. import formats
from ..catalogue.tables import RowTable
from ..models.table import Column
from ..style import tab_widget

if TYPE_CHECKING:
    from ...core.calls import calls as calls_core
    from ...core.calls import followup
else:  # read once the database is open, after the first paint (ui/launch.py)
    calls_core = deferred.module("bouquet_desk.core.calls.calls")
    followup = deferred.module("bouquet_desk.core.calls.followup")

CALLBACK_HORIZON = timedelta(days=60)
# Calls to return are listed this far ahead too: one saved « à rappeler » for next week is not lost from view.
CALLBACK_AHEAD = timedelta(days=14)


def _t(text: str) -> str:
    return QCoreApplication.translate("panels", text)


def _first_line(text: str, width: int = 90) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def previous_call_columns() -> list[Column]:
    return [
        Column(_t("Date"), lambda c: formats.moment(c.started_at)),
        Column(_t("Motif"), lambda c: c.category_label),
        Column(_t("Issue"), lambda c: c.outcome_label),
        Column(_t("Notes"), lambda c: _first_line(c.notes), tooltip=lambda c: c.notes),
        Column(_t("Opérateur"), lambda c: c.operator),
    ]


def referral_columns(with_company: bool = False) -> list[Column]:
    # The status beside the deadline: in the narrow panes the last columns are off screen, and the status is
    # what the operator acts on.
    columns = [
        Column(_t("Échéance"), lambda r: formats.day(r.due_on),
               tooltip=lambda r: _t("en retard") if r.overdue else ""),
        Column(_t("Statut"), lambda r: _t(r.status_label), tooltip=lambda r: _t(r.outcome_label or r.status_label)),
        Column(_t("Contact"), lambda r: f"{r.contact_name} ({r.role_label})",
               tooltip=lambda r: f"{r.contact_name} ({r.role_label}) {r.contact_phone} {r.contact_email}".strip()),
        Column(_t("Établissement"), lambda r: r.establishment, tooltip=lambda r: r.establishment),
    ]
    if with_company:
        columns.insert(2, Column(_t("Entreprise"), lambda r: r.company or r.caller))
    return columns


def callback_columns() -> list[Column]:
    return [
        Column(_t("À rappeler le"), lambda c: formats.day(c.follow_up_on)),
        Column(_t("Entreprise"), lambda c: c.company or c.caller),
        Column(_t("Téléphone"), lambda c: c.phone_display),
        Column(_t("Motif"), lambda c: c.category_label),
        Column(_t("Notes"), lambda c: _first_line(c.notes, 60), tooltip=lambda c: c.notes),
    ]


class HistoryPanel(QWidget):
    """objectName "companyHistory": what is known of the caller, as soon as the number is recognised."""

    open_call = Signal(int)
    edit_call = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("companyHistory")
        self.actions = None  # ReferralActions, once attach() gave the context
        self.summary = QLabel(self)
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.calls = RowTable(previous_call_columns(), self, "previousCalls")
        self.calls.set_hint(self.tr("Aucun appel précédent de ce numéro."))
        self.referrals = RowTable(referral_columns(), self, "openReferrals")
        self.referrals.set_hint(self.tr("Aucune orientation en cours."))
        self.tabs = tab_widget(self)
        self.tabs.setObjectName("historyTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.calls, self.tr("Appels précédents"))
        self.tabs.addTab(self.referrals, self.tr("Orientations en cours"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        # `activated` is the double-click (or Entrée) on the platforms' default: one call opened, not two.
        self.calls.activated.connect(self._open)
        self.calls.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot, name in ((self.tr("&Ouvrir l'appel"), self._open, "historyOpenCall"),
                                 (self.tr("&Modifier l'appel"), self._edit, "historyEditCall")):
            action = QAction(text, self.calls)
            action.setObjectName(name)
            action.triggered.connect(slot)
            self.calls.addAction(action)
        self.show_recognition(None)

    def attach(self, context, runner):
        """The referral actions (status, outcome, chase) on the caller's open referrals."""
        from .referral_actions import ReferralActions

        self.actions = ReferralActions(self.referrals, context, runner, self)
        self.actions.open_call.connect(self.open_call)
        return self.actions

    def _open(self, _index=None) -> None:
        row = self.calls.selected_row()
        if row is not None:
            self.open_call.emit(row.id)

    def _edit(self) -> None:
        row = self.calls.selected_row()
        if row is not None:
            self.edit_call.emit(row.id)

    def show_recognition(self, recognition) -> None:
        if recognition is None:
            self.summary.setText(self.tr("<span style='color:gray'>L'historique de l'entreprise s'affiche dès que "
                                         "son numéro est reconnu.</span>"))
            self.calls.set_rows([], fit=False)
            self.referrals.set_rows([], fit=False)
        else:
            from html import escape

            if recognition.known:
                who = []
                if recognition.company is not None:
                    who.append(f"<b>{escape(recognition.company.name)}</b>")
                    if recognition.company.commune:
                        who.append(escape(recognition.company.commune))
                if recognition.caller is not None and recognition.caller.name:
                    who.append(escape(recognition.caller.name))
                self.summary.setText(" · ".join(who) or escape(recognition.phone_display))
            else:
                self.summary.setText(self.tr("Numéro inconnu : <b>nouvel appelant</b>."))
            self.calls.set_rows(recognition.previous_calls)
            self.referrals.set_rows(recognition.open_referrals)
        self.tabs.setTabText(0, self.tr("Appels précédents (%n)", "", self.calls.source.rowCount()))
        self.tabs.setTabText(1, self.tr("Orientations en cours (%n)", "", self.referrals.source.rowCount()))


class RemindersPanel(QWidget):
    """objectName "reminders": referrals due today (the contact has not answered yet), those past their
    deadline, and calls to return."""

    call_back = Signal(object)  # CallInfo to return
    open_call = Signal(int)
    message = Signal(str)
    chased = Signal(object)
    remind_requested = Signal(list)  # referral ids whose contact gets a reminder e-mail

    def __init__(self, context, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminders")
        self.context = context
        self.runner = runner
        self.due = RowTable(referral_columns(with_company=True), self, "dueReferrals")
        self.due.set_hint(self.tr("Aucune orientation à relancer aujourd'hui."))
        self.overdue = RowTable(referral_columns(with_company=True), self, "overdueReferrals")
        self.overdue.set_hint(self.tr("Aucune orientation en retard."))
        self.callbacks = RowTable(callback_columns(), self, "callBacks")
        self.callbacks.set_hint(self.tr("Aucun appel à rendre."))
        from .referral_actions import ReferralActions

        self.actions = {}
        for table in (self.due, self.overdue):
            actions = ReferralActions(table, context, runner, self)
            actions.open_call.connect(self.open_call)
            actions.message.connect(self.message)
            actions.chased.connect(self.chased)
            self.actions[table] = actions
        self.acknowledge = QPushButton(self.tr("Prise en &charge"), self)
        self.acknowledge.setObjectName("acknowledgeReferral")
        self.acknowledge.setToolTip(self.tr("Le contact a répondu à l'entreprise (Ctrl+Maj+P sur la liste)"))
        self.no_answer = QPushButton(self.tr("Sans réponse"), self)
        self.no_answer.setObjectName("noAnswerReferral")
        self.no_answer.setToolTip(self.tr("Le contact n'a jamais répondu : l'orientation est close (Ctrl+Maj+S)"))
        self.chase = QPushButton(self.tr("Rela&ncer"), self)
        self.chase.setObjectName("chaseReferral")
        self.chase.setToolTip(self.tr("Renvoyer l'avis au contact et consigner la relance (Ctrl+Maj+R)"))
        self.remind = QPushButton(self.tr("R&elancer par courriel"), self)
        self.remind.setObjectName("remindReferral")
        self.remind.setToolTip(self.tr("Un courriel de relance au contact de l'orientation choisie "
                                       "(touche R dans la liste)"))
        self.call_back_button = QPushButton(self.tr("Rappeler"), self)
        self.call_back_button.setObjectName("callBackButton")
        self.call_back_button.setToolTip(self.tr("Commencer l'appel sortant vers ce numéro"))

        self.tabs = tab_widget(self)
        self.tabs.setObjectName("reminderTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.due, self.tr("À relancer"))
        self.tabs.addTab(self.overdue, self.tr("En retard"))
        self.tabs.addTab(self.callbacks, self.tr("À rappeler"))
        # Two rows of buttons: one row of five would make the call screen wider than a laptop's screen.
        chase_row, status_row = QHBoxLayout(), QHBoxLayout()
        chase_row.addStretch(1)
        status_row.addStretch(1)
        for button in (self.remind, self.chase):
            chase_row.addWidget(button)
        for button in (self.acknowledge, self.no_answer, self.call_back_button):
            status_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(chase_row)
        layout.addLayout(status_row)

        self.acknowledge.clicked.connect(lambda: self._referral_action("acknowledge"))
        self.no_answer.clicked.connect(lambda: self._referral_action("no_answer"))
        self.chase.clicked.connect(lambda: self._referral_action("chase"))
        self.remind.clicked.connect(lambda: self._remind(self.tabs.currentWidget()))
        # One key in a list of referrals to chase: R sends the reminder e-mail of the selected one.
        for table in (self.due, self.overdue):
            remind_key = QShortcut(QKeySequence(Qt.Key.Key_R), table)
            remind_key.setContext(Qt.ShortcutContext.WidgetShortcut)
            remind_key.activated.connect(lambda table=table: self._remind(table))
        self.call_back_button.clicked.connect(self._call_back)
        # `activated` is the double-click (or Entrée): the call-back starts once.
        self.callbacks.activated.connect(lambda _i: self._call_back())
        self.tabs.currentChanged.connect(lambda _i: self._show_buttons())
        runner.changes_seen.connect(self._changes_seen)
        self._show_buttons()

    def _show_buttons(self) -> None:
        on_referrals = self.tabs.currentWidget() in self.actions
        for button in (self.remind, self.acknowledge, self.no_answer, self.chase):
            button.setVisible(on_referrals)
        self.call_back_button.setVisible(not on_referrals)

    def _referral_action(self, name: str) -> None:
        actions = self.actions.get(self.tabs.currentWidget())
        if actions is not None:
            getattr(actions, name).trigger()

    def _changes_seen(self, changes, _initiator) -> None:
        if changes.referral_ids or changes.call_ids:
            self.reload()

    def reload(self) -> None:
        context = self.context
        today = date.today()

        def task():
            queues = followup.referral_queues(context, today)
            backs = [call for call in calls_core.list_calls(context, follow_up_by=today + CALLBACK_AHEAD, limit=200)
                     if call.follow_up_on is not None and call.follow_up_on >= today - CALLBACK_HORIZON]
            return queues, backs

        def done(result) -> None:
            queues, backs = result
            self.due.set_rows(queues.due_today)
            self.overdue.set_rows(queues.overdue)
            self.callbacks.set_rows(sorted(backs, key=lambda c: (c.follow_up_on, c.started_at)))
            self.tabs.setTabText(0, self.tr("À relancer (%n)", "", len(queues.due_today)))
            self.tabs.setTabText(1, self.tr("En retard (%n)", "", len(queues.overdue)))
            self.tabs.setTabText(2, self.tr("À rappeler (%n)", "", len(backs)))

        self.runner.run_read(task, done)

    def _remind(self, table) -> None:
        referral = table.selected_row() if table in self.actions else None
        if referral is not None:
            self.remind_requested.emit([referral.id])

    def _call_back(self) -> None:
        call = self.callbacks.selected_row()
        if call is not None:
            self.call_back.emit(call)
