"""Small widgets shared by the panels: views that say what to do when they are empty, a section title."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QStyle, QTableView, QToolTip, QWidget


class _HintMixin:
    """Draws `hint` in the middle of the viewport while the model has no row."""

    _hint = ""

    def set_hint(self, text: str) -> None:
        self._hint = text
        self.viewport().update()

    def hint(self) -> str:
        return self._hint

    def _paint_hint(self) -> None:
        model = self.model()
        if model is None or model.rowCount() > 0 or not self._hint:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        rect = self.viewport().rect().adjusted(16, 16, -16, -16)
        painter.drawText(QRect(rect), int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                          | Qt.TextFlag.TextWordWrap), self._hint)


class HintListView(_HintMixin, QListView):
    def __init__(self, parent: QWidget | None = None, object_name: str = "") -> None:
        super().__init__(parent)
        if object_name:
            self.setObjectName(object_name)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self._paint_hint()


class HintTableView(_HintMixin, QTableView):
    """A table whose cells cut short by their column (elided « … ») show their whole text as a tooltip."""

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self._paint_hint()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            index = self.indexAt(event.pos())
            if index.isValid() and not index.data(Qt.ItemDataRole.ToolTipRole):
                text = self.truncated_text(index)
                if text:
                    QToolTip.showText(event.globalPos(), text, self.viewport(), self.visualRect(index))
                    return True
        return super().viewportEvent(event)

    def truncated_text(self, index) -> str:
        """The cell's text when it does not fit its column, else ""."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None:
            return ""
        text = str(text)
        room = self.visualRect(index).width() - 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) - 6
        return text if self.fontMetrics().horizontalAdvance(text) > room else ""


def section_title(text: str, parent: QWidget | None = None, buddy: QWidget | None = None) -> QLabel:
    """A bold caption above a panel; with a buddy, its &-mnemonic jumps to that widget."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    if buddy is not None:
        label.setBuddy(buddy)
    return label
