"""A list model over a tuple of frozen rows, shown as cards (see cards.py); the one copy of the data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from .cards import BADGE_ROLE, DETAIL_ROLE, SUBTITLE_ROLE, TITLE_ROLE
from .table import ROW_ROLE


class CardListModel(QAbstractListModel):
    """`card(row)` returns (title, subtitle, detail, badge); `tooltip(row)` a longer text."""

    def __init__(self, card: Callable[[Any], tuple[str, str, str, str]],
                 tooltip: Callable[[Any], str] | None = None, parent=None, *, checkable: bool = False) -> None:
        super().__init__(parent)
        self._card = card
        self._tooltip = tooltip
        self._rows: list = []
        self._cards: list[tuple[str, str, str, str]] = []
        self._checked: set[int] = set()
        self.checkable = checkable

    def set_rows(self, rows: Sequence, checked: Sequence[int] = ()) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cards = [self._card(row) for row in self._rows]
        self._checked = {row for row in checked if 0 <= row < len(self._rows)}
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, row: int):
        return self._rows[row]

    def checked_rows(self) -> list:
        return [self._rows[row] for row in sorted(self._checked)]

    def set_checked(self, row: int, checked: bool) -> None:
        index = self.index(row, 0)
        self.setData(index, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
                     Qt.ItemDataRole.CheckStateRole)

    # -- Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        title, subtitle, detail, badge = self._cards[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, TITLE_ROLE):
            return title
        if role == SUBTITLE_ROLE:
            return subtitle
        if role == DETAIL_ROLE:
            return detail
        if role == BADGE_ROLE:
            return badge
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self._rows[index.row()]) if self._tooltip else detail
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return " ; ".join(part for part in (title, subtitle, detail, badge) if part)
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable:
            return Qt.CheckState.Checked if index.row() in self._checked else Qt.CheckState.Unchecked
        if role == ROW_ROLE:
            return self._rows[index.row()]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and role == Qt.ItemDataRole.CheckStateRole and index.isValid()
                and 0 <= index.row() < len(self._rows)):
            return False
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(index.row())
        else:
            self._checked.discard(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
