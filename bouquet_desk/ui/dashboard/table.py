"""The dashboard's tables: the shared RowTable, over a model whose sort keys Qt can compare.

Qt's proxy compares plain numbers and strings; a Python tuple or a float subclass arrives as an opaque object
and leaves the rows in their original order. Numeric columns (right-aligned) therefore sort on a float, empty
cells last, and text columns on their folded text, unless a column brings its own key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ..catalogue.tables import RowTable
from ..models.proxy import fold
from ..models.table import SORT_ROLE, Column, RowTableModel

EMPTY_LAST = float("inf")


@dataclass(frozen=True)
class KeyedColumn(Column):
    """A column that sorts on its own key (months in calendar order rather than by name)."""

    sort_key: Callable[[Any], Any] | None = None


class FiguresModel(RowTableModel):
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == SORT_ROLE and index.isValid() and 0 <= index.row() < self.rowCount():
            column = self._columns[index.column()]
            row = self.row_at(index.row())
            if getattr(column, "sort_key", None) is not None:
                return column.sort_key(row)
            value = column.value(row)
            if column.align_right:
                return float(value) if isinstance(value, (int, float)) else EMPTY_LAST
            return fold("" if value is None else str(value))
        return super().data(index, role)


class FiguresTable(RowTable):
    def __init__(self, columns, parent=None, object_name: str = "") -> None:
        super().__init__(columns, parent, object_name)
        self.source = FiguresModel(columns, self)
        self.proxy.setSourceModel(self.source)
