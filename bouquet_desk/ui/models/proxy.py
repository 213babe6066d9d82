"""Sorting by typed keys and filtering on every column, accents and case ignored."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ...core.text import fold
from .table import SORT_ROLE


class FoldingFilterProxy(QSortFilterProxyModel):
    """Keeps rows where every typed word appears in some column ("lens bts" finds BTS rows in Lens)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_words(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        cells = " ".join(
            str(model.data(model.index(source_row, column, source_parent), Qt.ItemDataRole.DisplayRole) or "")
            for column in range(model.columnCount(source_parent))
        )
        haystack = fold(cells)
        return all(word in haystack for word in self._words)
