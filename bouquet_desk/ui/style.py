"""The window's style: the platform's own, with tabs tall enough for French capitals.

Qt draws a tab that is not selected a little lower than the selected one (PM_TabBarTabShiftVertical) inside
the same height: the accent of « É » or « À » on an inactive tab was cut off. The proxy gives tabs a few
pixels more height and draws the inactive ones without that shift.

The proxy is a Python class: set on the whole application, every metric Qt asks while painting any widget went
through Python (some 1,300 calls for each repaint of the call log, doubling its cost). It is set on the tab bars
alone: `tab_widget()` makes every tab widget of the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QTabWidget, QWidget


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


_TABS_STYLE: list[FrenchTabsStyle] = []  # one for the application, kept alive (setStyle does not own it)


def french_tabs_style() -> FrenchTabsStyle:
    if not _TABS_STYLE:
        _TABS_STYLE.append(FrenchTabsStyle(QApplication.style().name()))
    return _TABS_STYLE[0]


def tab_widget(parent: QWidget | None = None) -> QTabWidget:
    """A QTabWidget whose tabs keep their accents (the proxy on its tab bar only)."""
    tabs = QTabWidget(parent)
    tabs.tabBar().setStyle(french_tabs_style())
    return tabs
