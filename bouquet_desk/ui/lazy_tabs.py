"""Tab pages made when first shown or first asked for.

The call log, the catalogue and the dashboard are not on screen when the window opens (the call screen is:
the phone may ring at any moment). Making them then cost a tenth of a second of the start (their modules and
widgets) for pages the operator may not open before noon. Each waits as an empty page; the first time its tab
is chosen, or code asks for it (`get`), the real page takes the empty one's place, with the same title.

    lazy = LazyTabs(tabs)
    lazy.add("call_log", tr("&2 Journal des appels"), make_call_log)
    lazy.made("call_log")   # None until made: nothing to refresh
    lazy.get("call_log")    # made now if need be
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs:
    def __init__(self, tabs: QTabWidget) -> None:
        self._tabs = tabs
        self._waiting: dict[str, tuple[QWidget, str, Callable[[], QWidget]]] = {}
        self._made: dict[str, QWidget] = {}
        tabs.currentChanged.connect(self._shown)

    def add(self, name: str, title: str, factory: Callable[[], QWidget]) -> None:
        page = QWidget(self._tabs)
        page.setObjectName(f"{name}Waiting")
        self._tabs.addTab(page, title)
        self._waiting[name] = (page, title, factory)

    def made(self, name: str) -> QWidget | None:
        return self._made.get(name)

    def get(self, name: str) -> QWidget:
        made = self._made.get(name)
        if made is not None:
            return made
        page, title, factory = self._waiting.pop(name)
        widget = self._made[name] = factory()
        tabs = self._tabs
        index = tabs.indexOf(page)
        shown = tabs.currentIndex() == index
        current = tabs.currentWidget()
        tabs.blockSignals(True)  # the same tab stays chosen: nothing to announce
        try:
            tabs.insertTab(index, widget, title)
            tabs.removeTab(index + 1)
            tabs.setCurrentWidget(widget if shown else current)
        finally:
            tabs.blockSignals(False)
        page.deleteLater()
        return widget

    def _shown(self, index: int) -> None:
        page = self._tabs.widget(index)
        for name, (waiting, _title, _factory) in list(self._waiting.items()):
            if waiting is page:
                self.get(name)
                return
