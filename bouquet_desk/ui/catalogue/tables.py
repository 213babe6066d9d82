"""A sortable, filterable table view bound to a RowTableModel through a folding proxy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

from ..models.proxy import FoldingFilterProxy
from ..models.table import RowTableModel
from ..widgets import HintTableView


class RowTable(HintTableView):
    def __init__(self, columns, parent=None, object_name: str = "") -> None:
        super().__init__(parent)
        if object_name:
            self.setObjectName(object_name)
        self.source = RowTableModel(columns, self)
        self.proxy = FoldingFilterProxy(self)
        self.proxy.setSourceModel(self.source)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(100)  # widths from the first rows: thousands would take seconds

    def set_rows(self, rows, *, fit: bool = True) -> None:
        self.source.set_rows(rows)
        if not fit:
            return
        self.resizeColumnsToContents()
        # Long titles must not push every other column off screen.
        for column in range(self.source.columnCount()):
            self.setColumnWidth(column, min(self.columnWidth(column), 420))

    def selected_row(self):
        indexes = self.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.source.row_at(self.proxy.mapToSource(indexes[0]).row())
