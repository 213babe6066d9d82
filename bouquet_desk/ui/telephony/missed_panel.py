"""« Appels manqués »: the rings nobody answered, still to return. « Rappeler » dials the number and opens
the outgoing call on the call screen; « Tout marquer comme vu » empties the queue on this PC (the calls
stay in the log, direction `missed`). A missed call also leaves the queue once a later call with that
number is logged (core/telephony/logged.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...core import deferred
from .. import formats
from ..catalogue.tables import RowTable
from ..models.table import Column

if TYPE_CHECKING:
    from ...core.telephony import logged
else:  # used once the database is open, after the first paint (ui/launch.py)
    logged = deferred.module("bouquet_desk.core.telephony.logged")


def _t(text: str) -> str:
    return QCoreApplication.translate("telephony", text)


def missed_columns() -> list[Column]:
    return [
        Column(_t("Heure"), lambda m: formats.moment(m.rang_at)),
        Column(_t("Numéro"), lambda m: m.phone_display),
        Column(_t("Appelant"), lambda m: " – ".join(part for part in (m.caller, m.company) if part)),
    ]


class MissedCallsPanel(QWidget):
    call_back = Signal(object)  # MissedCall
    counted = Signal(int)

    def __init__(self, context, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missedCalls")
        self.context = context
        self.runner = runner
        self.table = RowTable(missed_columns(), self, "missedCallsTable")
        self.table.set_hint(self.tr("Aucun appel manqué à rappeler."))
        self.call_back_button = QPushButton(self.tr("&Rappeler"), self)
        self.call_back_button.setObjectName("missedCallBack")
        self.call_back_button.setToolTip(self.tr("Compose le numéro et ouvre l'appel sortant"))
        self.seen_button = QPushButton(self.tr("Tout marquer comme &vu"), self)
        self.seen_button.setObjectName("missedAllSeen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.call_back_button)
        row.addWidget(self.seen_button)
        layout.addLayout(row)
        self.call_back_button.clicked.connect(self._call_back)
        self.table.activated.connect(lambda _index: self._call_back())
        self.table.doubleClicked.connect(lambda _index: self._call_back())
        self.seen_button.clicked.connect(self.mark_all_seen)

    def rows(self) -> list:
        return self.table.source.rows()

    def reload(self) -> None:
        context, after = self.context, self.context.settings.missed_seen_call_id

        def done(rows) -> None:
            self.table.set_rows(rows)
            if rows and self.table.selected_row() is None:
                self.table.selectRow(0)
            self.counted.emit(len(rows))

        self.runner.run_read(lambda: logged.missed_queue(context, after_id=after), done)

    def mark_all_seen(self) -> None:
        context = self.context

        def done(last_id: int) -> None:
            settings = context.settings
            settings.missed_seen_call_id = max(settings.missed_seen_call_id, last_id)
            try:
                settings.save()
            except OSError:
                pass  # the queue is empty for this session anyway; the next start may show them again
            self.reload()

        self.runner.run_read(lambda: logged.last_missed_id(context), done)

    def _call_back(self) -> None:
        missed = self.table.selected_row()
        if missed is not None:
            self.call_back.emit(missed)
