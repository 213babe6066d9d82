"""Beside the call: the caller's history once recognised (previous calls, referrals still open), and the day's
reminders (referrals waiting past their deadline, calls to return)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...core.calls import calls as calls_core
from ...core.calls import referrals as referrals_core
from .. import formats
from ..catalogue.tables import RowTable
from ..models.table import Column

CALLBACK_HORIZON = timedelta(days=60)


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
    columns = [
        Column(_t("Échéance"), lambda r: formats.day(r.due_on),
               tooltip=lambda r: _t("en retard") if r.overdue else ""),
        Column(_t("Contact"), lambda r: f"{r.contact_name} ({r.role_label})",
               tooltip=lambda r: f"{r.contact_phone} {r.contact_email}".strip()),
        Column(_t("Établissement"), lambda r: r.establishment),
        Column(_t("Statut"), lambda r: r.status_label),
    ]
    if with_company:
        columns.insert(1, Column(_t("Entreprise"), lambda r: r.company or r.caller))
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("companyHistory")
        self.summary = QLabel(self)
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.calls = RowTable(previous_call_columns(), self, "previousCalls")
        self.calls.set_hint(self.tr("Aucun appel précédent de ce numéro."))
        self.referrals = RowTable(referral_columns(), self, "openReferrals")
        self.referrals.set_hint(self.tr("Aucune orientation en cours."))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("historyTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.calls, self.tr("Appels précédents"))
        self.tabs.addTab(self.referrals, self.tr("Orientations en cours"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.calls.doubleClicked.connect(self._open)
        self.calls.activated.connect(self._open)
        self.show_recognition(None)

    def _open(self, index) -> None:
        row = self.calls.selected_row()
        if row is not None:
            self.open_call.emit(row.id)

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
    """objectName "reminders": referrals due (the contact has not answered yet) and calls to return."""

    call_back = Signal(object)  # CallInfo to return
    changed = Signal()
    remind_requested = Signal(list)  # referral ids whose contact gets a reminder e-mail

    def __init__(self, context, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminders")
        self.context = context
        self.runner = runner
        self.due = RowTable(referral_columns(with_company=True), self, "dueReferrals")
        self.due.set_hint(self.tr("Aucune orientation à relancer aujourd'hui."))
        self.callbacks = RowTable(callback_columns(), self, "callBacks")
        self.callbacks.set_hint(self.tr("Aucun appel à rendre."))
        self.acknowledge = QPushButton(self.tr("Prise en &charge"), self)
        self.acknowledge.setObjectName("acknowledgeReferral")
        self.acknowledge.setToolTip(self.tr("Le contact a répondu à l'entreprise"))
        self.no_answer = QPushButton(self.tr("Sans réponse"), self)
        self.no_answer.setObjectName("noAnswerReferral")
        self.remind = QPushButton(self.tr("R&elancer par courriel"), self)
        self.remind.setObjectName("remindReferral")
        self.remind.setToolTip(self.tr("Un courriel de relance au contact de l'orientation choisie "
                                       "(touche R dans la liste)"))
        self.call_back_button = QPushButton(self.tr("Rappeler"), self)
        self.call_back_button.setObjectName("callBackButton")
        self.call_back_button.setToolTip(self.tr("Commencer l'appel sortant vers ce numéro"))

        due_page = QWidget(self)
        due_layout = QVBoxLayout(due_page)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remind)
        row.addWidget(self.acknowledge)
        row.addWidget(self.no_answer)
        due_layout.addLayout(row)
        back_page = QWidget(self)
        back_layout = QVBoxLayout(back_page)
        back_layout.setContentsMargins(0, 0, 0, 0)
        back_layout.addWidget(self.callbacks, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.call_back_button)
        back_layout.addLayout(row)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reminderTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(due_page, self.tr("À relancer"))
        self.tabs.addTab(back_page, self.tr("À rappeler"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.acknowledge.clicked.connect(lambda: self._set_status("acknowledged"))
        self.no_answer.clicked.connect(lambda: self._set_status("no_answer"))
        self.remind.clicked.connect(self._remind)
        # One key in the list of referrals to chase: R sends the reminder of the selected one.
        remind_key = QShortcut(QKeySequence(Qt.Key.Key_R), self.due)
        remind_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remind_key.activated.connect(self._remind)
        self.call_back_button.clicked.connect(self._call_back)
        self.callbacks.activated.connect(lambda _i: self._call_back())
        self.callbacks.doubleClicked.connect(lambda _i: self._call_back())

    def reload(self) -> None:
        context = self.context
        today = date.today()

        def task():
            due = referrals_core.list_referrals(context, due=True, today=today)
            backs = [call for call in calls_core.list_calls(context, follow_up_by=today, limit=200)
                     if call.follow_up_on is not None and call.follow_up_on >= today - CALLBACK_HORIZON]
            return due, backs

        def done(result) -> None:
            due, backs = result
            self.due.set_rows(due)
            self.callbacks.set_rows(sorted(backs, key=lambda c: (c.follow_up_on, c.started_at)))
            self.tabs.setTabText(0, self.tr("À relancer (%n)", "", len(due)))
            self.tabs.setTabText(1, self.tr("À rappeler (%n)", "", len(backs)))

        self.runner.run_read(task, done)

    def _set_status(self, status: str) -> None:
        referral = self.due.selected_row()
        if referral is None:
            return
        context = self.context

        def task():
            return referrals_core.update_referral(context, referral.id, status=status,
                                                  expected_version=referral.version)

        def done(_info) -> None:
            self.reload()
            self.changed.emit()

        from ..errors import show_exception

        self.runner.run(task, done, lambda exc: (show_exception(exc, self), self.reload()))

    def _remind(self) -> None:
        referral = self.due.selected_row()
        if referral is not None:
            self.remind_requested.emit([referral.id])

    def _call_back(self) -> None:
        call = self.callbacks.selected_row()
        if call is not None:
            self.call_back.emit(call)
