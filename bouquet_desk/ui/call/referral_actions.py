"""What the operator can do to a referral wherever one is listed (the caller's history, the reminders, a call
in full): mark it taken in hand, done with an outcome, or unanswered; chase the contact; open its call.

By mouse (right click) and by keyboard alike: the actions belong to the table, so the Menu key (or Maj+F10)
opens the same menu, and each action has its shortcut while the table has the focus. The writes go through
the runner's `run_op`, so every panel hears of them by `changes_seen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ...core import deferred
from ...core.calls.codes import REFERRAL_OUTCOMES
from ..errors import show_exception
from ..shortcuts import key

if TYPE_CHECKING:
    from ...core.calls import followup
    from ...core.calls import referrals as referrals_core
else:  # acted on once the database is open, after the first paint (ui/launch.py)
    followup = deferred.module("bouquet_desk.core.calls.followup")
    referrals_core = deferred.module("bouquet_desk.core.calls.referrals")


def _t(text: str) -> str:
    return QCoreApplication.translate("referrals", text)


class ReferralActions(QObject):
    """Binds the referral actions to a RowTable of ReferralInfo rows."""

    open_call = Signal(int)
    chased = Signal(object)  # followup.Chase, once the notice is made again
    message = Signal(str)

    def __init__(self, table, context, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent or table)
        self.table, self.context, self.runner = table, context, runner
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(lambda pos: self.menu().exec(table.viewport().mapToGlobal(pos)))
        self.acknowledge = self._action(_t("&Prise en charge par le contact"), "referral_acknowledge",
                                        lambda: self.set_status("acknowledged"))
        self.no_answer = self._action(_t("&Sans réponse (close)"), "referral_no_answer",
                                      lambda: self.set_status("no_answer"))
        self.chase = self._action(_t("&Relancer le contact (avis renvoyé)"), "referral_chase", self.chase_current)
        self.open = self._action(_t("&Ouvrir l'appel"), "referral_open", self._open)
        self.outcomes = []
        for code, label in REFERRAL_OUTCOMES.items():
            action = QAction(_t(label), table)
            action.setObjectName(f"referralOutcome_{code}")
            action.triggered.connect(lambda _=False, c=code: self.set_outcome(c))
            self.outcomes.append(action)
        table.activated.connect(lambda _index: self._open())

    def _action(self, text: str, name: str, slot) -> QAction:
        action = QAction(text, self.table)
        action.setObjectName(name)
        sequence = key(name)
        if sequence:
            action.setShortcut(QKeySequence(sequence))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)  # active while the table has the focus
        return action

    def current(self):
        """The referral the keys act on: the selected row, else the one with the keyboard focus."""
        row = self.table.selected_row()
        index = self.table.currentIndex()
        if row is None and index.isValid():
            row = self.table.source.row_at(self.table.proxy.mapToSource(index).row())
        return row

    def menu(self) -> QMenu:
        """The context menu (also on the Menu key, through contextMenuEvent)."""
        menu = QMenu(self.table)
        menu.setObjectName("referralMenu")
        current = self.current()
        closed = current is None or current.status not in ("sent", "acknowledged")
        for action in (self.acknowledge, self.no_answer, self.chase):
            action.setEnabled(not closed)
            menu.addAction(action)
        done = menu.addMenu(_t("&Terminée, avec le résultat"))
        done.setObjectName("referralOutcomeMenu")
        done.setEnabled(current is not None)
        for action in self.outcomes:
            done.addAction(action)
        menu.addSeparator()
        self.open.setEnabled(current is not None)
        menu.addAction(self.open)
        return menu

    # ------------------------------------------------------------------ the writes
    def set_status(self, status: str) -> None:
        self._update(status=status)

    def set_outcome(self, outcome: str) -> None:
        self._update(outcome=outcome)

    def _update(self, **values) -> None:
        referral = self.current()
        if referral is None:
            return
        context = self.context

        def task():
            return referrals_core.update_referral(context, referral.id, expected_version=referral.version, **values)

        def done(info) -> None:
            self.message.emit(_t("Orientation vers %1 : %2.").replace("%1", info.contact_name)
                              .replace("%2", info.outcome_label or info.status_label))

        self.runner.run_op(task, done, lambda exc: show_exception(exc, self.table), initiator=self)

    def chase_current(self) -> None:
        referral = self.current()
        if referral is None:
            return
        context = self.context

        def task():
            return followup.chase_referral(context, referral.id, expected_version=referral.version)

        def done(chase) -> None:
            self.message.emit(_t("Relance de %1 consignée ; nouvelle échéance le %2.")
                              .replace("%1", chase.referral.contact_name)
                              .replace("%2", chase.referral.due_on.strftime("%d/%m/%Y")))
            self.chased.emit(chase)

        self.runner.run_op(task, done, lambda exc: show_exception(exc, self.table), initiator=self)

    def _open(self) -> None:
        referral = self.current()
        if referral is not None:
            self.open_call.emit(referral.call_id)
