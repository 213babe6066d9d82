"""Window layout remembered through the typed settings: geometry, splitters and table headers, keyed by the
widgets' objectNames in Settings.window_state (base64 of Qt's own state blobs)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTableView, QWidget


def _blob(value: QByteArray) -> str:
    return bytes(value.toBase64()).decode()


def _unblob(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode())


def save_layout(window: QMainWindow, saved: dict[str, str]) -> dict[str, str]:
    """Every named splitter and table header under the window, plus its geometry."""
    state = dict(saved)
    state["geometry"] = _blob(window.saveGeometry())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            state[f"splitter:{splitter.objectName()}"] = _blob(splitter.saveState())
    for table in window.findChildren(QTableView):
        if table.objectName():
            state[f"header:{table.objectName()}"] = _blob(table.horizontalHeader().saveState())
    return state


def restore_layout(window: QMainWindow, saved: dict[str, str]) -> None:
    if "geometry" in saved:
        window.restoreGeometry(_unblob(saved["geometry"]))
        fit_on_screen(window)
    restore_children(window, saved)


def restore_children(window: QWidget, saved: dict[str, str]) -> None:
    """The splitters and table headers under `window` (a tab page made after the window, too)."""
    for splitter in window.findChildren(QSplitter):
        blob = saved.get(f"splitter:{splitter.objectName()}") or saved.get(splitter.objectName())
        if blob:
            splitter.restoreState(_unblob(blob))
    for table in window.findChildren(QTableView):
        blob = saved.get(f"header:{table.objectName()}")
        if blob:
            restore_header(table.horizontalHeader(), blob)


def fit_on_screen(window: QWidget) -> None:
    """A window saved larger than the screen it opens on (another monitor, a lower resolution) is brought
    back inside it: no part of the call screen may be out of reach."""
    screen = window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 200), max(height, 200))
    frame = window.frameGeometry()
    if not area.contains(frame):
        window.move(max(area.left(), min(frame.left(), area.right() - frame.width() + 1)),
                    max(area.top(), min(frame.top(), area.bottom() - frame.height() + 1)))


def restore_header(header: QHeaderView, blob: str) -> None:
    # A header saved with another number of columns (an older version) is ignored rather than half applied.
    count = header.count()
    header.restoreState(_unblob(blob))
    if header.count() != count:  # pragma: no cover - Qt keeps the model's count
        header.reset()


def child(widget: QWidget, cls, name: str):
    return widget.findChild(cls, name)
