"""The call log's cells painted as plain text, in one Python call a cell.

Qt's own delegate asks the model for eight roles a cell and lays each text out anew (QTextLayout) at every
repaint: scrolling a million-call log repainted at 22 ms a screen, most of the budget of a scroll step
(tests/benchmarks/bench_window.py). The log's cells are one line of text each, so this delegate reads the text
the model already formatted, elides it once per width and draws it (a QStaticText laid out per cell cost more than it saved: most
cells of a scroll are new). Selection, alternating rows and the
keyboard's current cell are drawn as the style would; they are known from the view's selection model rather
than read from each cell's option (a Python enum test costs microseconds, a few thousand of them a repaint).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QTableView

_ELIDE = Qt.TextElideMode.ElideRight
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_MARGIN = 4
_ELIDED_KEPT = 20_000  # elided texts remembered (text, width); forgotten all at once past that


class PlainTextDelegate(QStyledItemDelegate):
    """`text_of(row, column)` gives a cell's text; `right_aligned` the columns aligned right (numbers). Set on
    `view` (a row-selecting table) by the constructor."""

    def __init__(self, view: QTableView, text_of, right_aligned: set[int]) -> None:
        super().__init__(view)
        self._view = view
        self._text_of = text_of
        self._aligns = {column: _RIGHT for column in right_aligned}
        self._elided: dict[tuple[str, int], str] = {}
        self._selected: frozenset[int] = frozenset()
        self._current = (-1, -1)
        self._colours: tuple | None = None
        view.setItemDelegate(self)
        selection = view.selectionModel()  # set by view.setModel, once
        selection.selectionChanged.connect(self._selection_changed)
        selection.currentChanged.connect(self._current_changed)
        view.model().modelReset.connect(self._selection_changed)  # a reset clears the selection silently

    def _selection_changed(self, *_args) -> None:
        self._selected = frozenset(index.row() for index in self._view.selectionModel().selectedRows())

    def _current_changed(self, current, _previous) -> None:
        self._current = (current.row(), current.column()) if current.isValid() else (-1, -1)

    def _palette(self, palette: QPalette) -> tuple:
        key = palette.cacheKey()
        if self._colours is None or self._colours[0] != key:
            role = QPalette.ColorRole
            self._colours = (key, palette.highlight(), palette.color(role.HighlightedText), palette.alternateBase(),
                             palette.color(role.Text), palette.color(role.Highlight))
        return self._colours

    def paint(self, painter, option, index) -> None:
        row, column = index.row(), index.column()
        text = self._text_of(row, column)
        rect = option.rect
        _key, highlight, highlighted_text, alternate, text_colour, frame = self._palette(option.palette)
        selected = row in self._selected
        if selected:
            painter.fillRect(rect, highlight)
            painter.setPen(highlighted_text)
        else:
            if row % 2:
                painter.fillRect(rect, alternate)
            painter.setPen(text_colour)
        if text:
            room = rect.width() - 2 * _MARGIN
            key = (text, room)
            shown = self._elided.get(key)
            if shown is None:
                if len(self._elided) > _ELIDED_KEPT:
                    self._elided.clear()
                shown = self._elided[key] = option.fontMetrics.elidedText(text, _ELIDE, room)
            painter.drawText(rect.adjusted(_MARGIN, 0, -_MARGIN, 0), self._aligns.get(column, _LEFT), shown)
        if (row, column) == self._current and self._view.hasFocus():  # the keyboard's current cell
            painter.setPen(highlighted_text if selected else frame)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
