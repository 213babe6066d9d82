"""The window's style: the platform's own, with tabs tall enough for French capitals.

Qt draws a tab that is not selected a little lower than the selected one (PM_TabBarTabShiftVertical) inside
the same height: the accent of « É » or « À » on an inactive tab was cut off. The proxy gives tabs a few
pixels more height and draws the inactive ones without that shift.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle


# Looked up once: Qt asks the style for metrics thousands of times while the window is built.
_SHIFT_VERTICAL = QStyle.PixelMetric.PM_TabBarTabShiftVertical
_TAB_V_SPACE = QStyle.PixelMetric.PM_TabBarTabVSpace


class FrenchTabsStyle(QProxyStyle):
    def pixelMetric(self, metric, option=None, widget=None) -> int:
        if metric == _SHIFT_VERTICAL:
            return 0
        value = QProxyStyle.pixelMetric(self, metric, option, widget)
        if metric == _TAB_V_SPACE:
            return value + 4
        return value


def install_style(app: QApplication | None = None) -> None:
    """Once per application (the main window calls it; a second call changes nothing)."""
    app = app or QApplication.instance()
    if app is None or isinstance(app.style(), FrenchTabsStyle):
        return
    base = app.style().name()
    app.setStyle(FrenchTabsStyle(base))
