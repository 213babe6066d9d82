"""The call log as a lazy table model: the first page at once, the next ones as the view scrolls
(canFetchMore/fetchMore); sorting and filtering are asked of the database, never done over rows in memory."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from ...core.calls.codes import CALL_OUTCOMES, DIRECTIONS, category_label
from ...core.phones import format_phone
from .. import formats
from ..models.table import ROW_ROLE
from ...core.calls import log_pages as source


def _t(text: str) -> str:
    return QCoreApplication.translate("calllog", text)


# Formatting a phone number goes through phonenumbers (about half a millisecond); a caller's number recurs in
# the log, so each is formatted once.
_phone = lru_cache(maxsize=4096)(format_phone)

# (header, sort key, value of a LogRow, aligned right). Only columns an index can order are sortable: sorting a
# million calls by company or motive without one takes seconds (tests/benchmarks/bench_window.py); motive,
# outcome and company are filters instead.
COLUMNS = (
    ("Date", "started_at", lambda r: formats.moment(r.started_at), False),
    ("Durée", None, lambda r: formats.duration(r.duration_s), True),
    ("Sens", None, lambda r: _t(DIRECTIONS.get(r.direction, r.direction)), False),
    ("Entreprise", None, lambda r: r.company, False),
    ("Interlocuteur", None, lambda r: r.caller, False),
    ("Téléphone", "phone", lambda r: _phone(r.phone), False),
    ("Motif", None, lambda r: _t(category_label(r.category)), False),
    ("Issue", None, lambda r: _t(CALL_OUTCOMES.get(r.outcome, "")) if r.outcome else "", False),
    ("Orientations", None, lambda r: str(r.referrals) if r.referrals else "", True),
    ("Rappel", None, lambda r: formats.day(r.follow_up_on), False),
    ("Opérateur", None, lambda r: r.operator, False),
    ("Notes", None, lambda r: " ".join(r.notes.split()), False),
)


_DISPLAY, _TOOLTIP, _ALIGNMENT, _ROW = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole),
                                       int(Qt.ItemDataRole.TextAlignmentRole), int(ROW_ROLE))
_ROLES_GIVEN = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _ROW})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Asked for every visible cell at every repaint: combined once (an enum | in Python costs microseconds).
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class CallLogModel(QAbstractTableModel):
    def __init__(self, sessions, parent=None, *, page_size: int = source.PAGE) -> None:
        super().__init__(parent)
        self.sessions = sessions
        self.page_size = max(20, page_size)
        self.filter = source.LogFilter()
        self.sort_key = "started_at"
        self.descending = True
        self._rows: list[source.LogRow] = []
        # The text of each row, made when the row is first painted: a repaint (every scroll step) then formats
        # nothing, so scrolling a long log stays smooth.
        self._shown: dict[int, tuple[str, ...]] = {}
        self._exhausted = True
        self._resetting = False
        self.loaded = False  # the first page is read when the log is first shown
        self.last_query_ms = 0.0

    # ------------------------------------------------------------------ data in
    def reload(self, filt: source.LogFilter | None = None) -> None:
        if filt is not None:
            self.filter = filt
        self.loaded = True
        started = time.perf_counter()
        rows = source.page(self.sessions, self.filter, sort=self.sort_key, descending=self.descending,
                           offset=0, limit=self.page_size)
        self.last_query_ms = (time.perf_counter() - started) * 1000
        self._resetting = True  # views and testers may ask for more while the reset is announced
        try:
            self.beginResetModel()
            self._rows = rows
            self._shown = {}
            self._exhausted = len(rows) < self.page_size
            self.endResetModel()
        finally:
            self._resetting = False

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, row: int) -> source.LogRow:
        return self._rows[row]

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._resetting

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted or self._resetting:
            return
        rows = source.page(self.sessions, self.filter, sort=self.sort_key, descending=self.descending,
                           after=self._rows[-1] if self._rows else None, limit=self.page_size)
        self._exhausted = len(rows) < self.page_size
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called some eight times per visible cell at every repaint, mostly for roles this model does not give:
        # those are answered first, before anything is looked up.
        if role not in _ROLES_GIVEN:
            return None
        number = index.row()
        if not index.isValid() or not 0 <= number < len(self._rows):
            return None
        if role == _DISPLAY:
            return self._texts(number)[index.column()]
        column = index.column()
        if role == _TOOLTIP and column == len(COLUMNS) - 1:
            return self._rows[number].notes or None
        if role == _ALIGNMENT and COLUMNS[column][3]:
            return _RIGHT
        if role == _ROW:
            return self._rows[number]
        return None

    def texts(self, row: int) -> tuple[str, ...]:
        """A row's texts, as painted (the table reads them here, a row at a time, rather than through data())."""
        return self._texts(row) if 0 <= row < len(self._rows) else ("",) * len(COLUMNS)

    def _texts(self, number: int) -> tuple[str, ...]:
        texts = self._shown.get(number)
        if texts is None:
            row = self._rows[number]
            texts = self._shown[number] = tuple(spec[2](row) for spec in COLUMNS)
        return texts

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _t(COLUMNS[section][0])
            if role == Qt.ItemDataRole.ToolTipRole:
                return _t("Cliquer pour trier") if COLUMNS[section][1] else _t("Filtrer avec la barre du haut")
        return super().headerData(section, orientation, role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        self.sort_key = COLUMNS[column][1]
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded:
            self.reload()

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(COLUMNS) and COLUMNS[column][1] is not None
