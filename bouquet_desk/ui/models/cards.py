"""Rows drawn as small cards: a bold title, a line under it, and a grey line of detail (reasons, periods).

Models expose TITLE_ROLE, SUBTITLE_ROLE and DETAIL_ROLE (plus BADGE_ROLE for a short tag on the right, such as
a distance); CardDelegate paints them at a fixed height so that a list of fifty repaints in a few ms.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionButton, QStyleOptionViewItem

TITLE_ROLE = Qt.ItemDataRole.UserRole + 10
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 11
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 12
BADGE_ROLE = Qt.ItemDataRole.UserRole + 13

PAD = 6


class CardDelegate(QStyledItemDelegate):
    def __init__(self, parent=None, *, detail_lines: int = 1, checkable: bool = False) -> None:
        super().__init__(parent)
        self.detail_lines = detail_lines
        self.checkable = checkable

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.92))
        return title, base, small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        title, base, small = self._fonts(option)
        height = (QFontMetrics(title).height() + QFontMetrics(base).height()
                  + self.detail_lines * QFontMetrics(small).height() + 2 * PAD + 4)
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        title_font, base_font, small_font = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        grey = text_color if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        painter.save()
        if self.checkable:
            box = QStyleOptionButton()
            size = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
            box.rect = QRect(rect.left(), rect.top() + 1, size, size)
            checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            box.state = QStyle.StateFlag.State_Enabled | (QStyle.StateFlag.State_On if checked else
                                                          QStyle.StateFlag.State_Off)
            style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, box, painter, opt.widget)
            rect.setLeft(rect.left() + size + PAD)
        badge = index.data(BADGE_ROLE) or ""
        metrics = QFontMetrics(title_font)
        if badge:
            painter.setFont(small_font)
            painter.setPen(grey)
            badge_width = QFontMetrics(small_font).horizontalAdvance(badge)
            painter.drawText(QRect(rect.right() - badge_width, rect.top(), badge_width, metrics.height()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), badge)
            title_rect = QRect(rect.left(), rect.top(), rect.width() - badge_width - PAD, metrics.height())
        else:
            title_rect = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        painter.setFont(title_font)
        painter.setPen(text_color)
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(index.data(TITLE_ROLE) or "", Qt.TextElideMode.ElideRight,
                                            title_rect.width()))
        top = rect.top() + metrics.height() + 1
        base_metrics = QFontMetrics(base_font)
        painter.setFont(base_font)
        painter.drawText(QRect(rect.left(), top, rect.width(), base_metrics.height()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         base_metrics.elidedText(index.data(SUBTITLE_ROLE) or "", Qt.TextElideMode.ElideRight,
                                                 rect.width()))
        top += base_metrics.height() + 1
        small_metrics = QFontMetrics(small_font)
        painter.setFont(small_font)
        painter.setPen(grey)
        detail = index.data(DETAIL_ROLE) or ""
        lines = self._wrap(detail, small_metrics, rect.width())
        for number, line in enumerate(lines):
            painter.drawText(QRect(rect.left(), top + number * small_metrics.height(), rect.width(),
                                   small_metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line)
        painter.restore()

    def editorEvent(self, event, model, option, index) -> bool:
        """Space, a double click, or a click on the box toggles a checkable card."""
        if not self.checkable or not index.isValid():
            return super().editorEvent(event, model, option, index)
        kind = event.type()
        toggle = False
        if kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select):
            toggle = True
        elif kind == QEvent.Type.MouseButtonDblClick:
            toggle = True
        elif kind == QEvent.Type.MouseButtonRelease:
            style = option.widget.style() if option.widget else QApplication.style()
            size = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
            toggle = event.position().x() <= option.rect.left() + 2 * PAD + size
        if not toggle:
            return False
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        return model.setData(index, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked,
                             Qt.ItemDataRole.CheckStateRole)

    def _wrap(self, text: str, metrics: QFontMetrics, width: int) -> list[str]:
        """The text on at most detail_lines lines, cut at word boundaries, the last one elided."""
        words = text.split()
        lines: list[str] = []
        current = ""
        for position, word in enumerate(words):
            trial = f"{current} {word}".strip()
            if metrics.horizontalAdvance(trial) <= width or not current:
                current = trial
                continue
            lines.append(current)
            current = word
            if len(lines) == self.detail_lines - 1:
                current = " ".join(words[position:])
                break
        if current:
            lines.append(current)
        lines = lines[: self.detail_lines]
        if lines:
            lines[-1] = metrics.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
        return lines
