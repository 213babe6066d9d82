"""The call log's table, whose rows are painted as plain text in one Python call a repaint.

Qt's own painting asks the model for eight roles a cell and lays each text out anew; a Python delegate still
cost two calls into Python a cell (the model's flags, the delegate's paint) with their wrapped arguments:
about 30 µs a cell, 15 ms a screen of 450 cells, most of a scroll step through a million calls
(tests/benchmarks/bench_window.py). The log's cells are one line of text each, so this view draws them itself
in its paintEvent: each row's background once (selected, alternate or base), then each visible cell's text,
which the model already formatted, elided once per width. The keyboard's current cell gets its frame. Tooltips,
selection, keys and the header stay Qt's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette

from ..widgets import HintTableView

_ELIDE = Qt.TextElideMode.ElideRight
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_MARGIN = 4
_ELIDED_KEPT = 20_000  # elided texts remembered (text, width); forgotten all at once past that


class PlainTextTable(HintTableView):
    """`texts_of(row)` gives a row's texts, a column each; `right_aligned` the columns aligned right (numbers).
    Rows are of one fixed height (the vertical header's default size) and selected whole."""

    def __init__(self, parent, texts_of, right_aligned: set[int]) -> None:
        super().__init__(parent)
        self._texts_of = texts_of
        self._right = frozenset(right_aligned)
        self._elided: dict[tuple[str, int], str] = {}
        self._advances: dict[str, int] = {}
        self._advances_of: int | None = None  # the font the advances were measured in (its cache key)

    def elided(self, text: str, room: int) -> str:
        key = (text, room)
        shown = self._elided.get(key)
        if shown is None:
            if len(self._elided) > _ELIDED_KEPT:
                self._elided.clear()
            # Eliding shapes the whole text (10 µs); most cells fit their column, which a sum of the advances of
            # their characters shows for less (a margin for kerning, which narrows Latin text rather than widens).
            fits = self._width_at_most(text) <= room - 2
            shown = self._elided[key] = text if fits else self.fontMetrics().elidedText(text, _ELIDE, room)
        return shown

    def _width_at_most(self, text: str) -> int:
        font_key = self.font().key()
        if self._advances_of != font_key:
            self._advances, self._advances_of = {}, font_key
        advances = self._advances
        try:
            return sum(map(advances.__getitem__, text))
        except KeyError:
            metrics = self.fontMetrics()
            for character in set(text) - advances.keys():
                advances[character] = metrics.horizontalAdvance(character)
            return sum(map(advances.__getitem__, text))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if not rows:
            super().paintEvent(event)  # the hint of an empty log
            return
        area = event.rect()
        vertical, horizontal = self.verticalHeader(), self.horizontalHeader()
        first = vertical.visualIndexAt(area.top())
        if first < 0:
            return  # the area lies below the last row: the viewport's own background is all there is
        last = vertical.visualIndexAt(area.bottom())
        last = rows - 1 if last < 0 else last
        columns = []
        for visual in range(horizontal.count()):
            column = horizontal.logicalIndex(visual)
            if horizontal.isSectionHidden(column):
                continue
            x, width = horizontal.sectionViewportPosition(column), horizontal.sectionSize(column)
            if x + width >= area.left() and x <= area.right():
                columns.append((column, x + _MARGIN, width - 2 * _MARGIN, _RIGHT if column in self._right else _LEFT))
        if not columns:
            return
        left = columns[0][1] - _MARGIN
        right = columns[-1][1] + columns[-1][2] + _MARGIN
        palette = self.palette()
        highlight, alternate = palette.highlight(), palette.alternateBase()
        text_colour, highlighted_text = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.HighlightedText)
        selection = self.selectionModel()
        selected = {index.row() for index in selection.selectedRows()} if selection is not None else set()
        height = vertical.defaultSectionSize()
        texts_of, elided = self._texts_of, self.elided

        painter = QPainter(self.viewport())
        painter.setFont(self.font())
        for row in range(first, last + 1):
            y = vertical.sectionViewportPosition(row)
            if row in selected:
                painter.fillRect(left, y, right - left, height, highlight)
                painter.setPen(highlighted_text)
            else:
                if row % 2:
                    painter.fillRect(left, y, right - left, height, alternate)
                painter.setPen(text_colour)
            texts = texts_of(row)
            for column, x, room, align in columns:
                text = texts[column]
                if text:
                    painter.drawText(x, y, room, height, align, elided(text, room))
        current = self.currentIndex()
        if current.isValid() and self.hasFocus() and first <= current.row() <= last:  # the keyboard's current cell
            rect = self.visualRect(current)
            painter.setPen(highlighted_text if current.row() in selected else palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()
