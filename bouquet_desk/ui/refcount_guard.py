"""A guard against reference-count bugs of PySide6 6.12.0 on Python 3.11: every `Signal.emit()` drops one
reference to the bool it returns, and some calls from C++ into Python (QRunnable.run, slots) drop one to the
None they return. Before Python 3.12 True, False and None are not immortal, so after a few thousand of them
Python aborts with "bool_dealloc: deallocating True or False" or "none_dealloc" (the window emits on every
keystroke and every finished task). Until the bug is fixed upstream, we hold a reserve of references to the
three and top it up from a timer; the cost is 8 bytes per lost reference.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

RESERVE = 1_000_000
_held: list = []
# Never freed, even at exit: freeing it would give back references the emits already took away.
ctypes.pythonapi.Py_IncRef(ctypes.py_object(_held))


def affected() -> bool:
    return sys.version_info < (3, 12) and PySide6.__version__.startswith("6.12.")


def top_up() -> None:
    """Keep at least RESERVE extra references to True, False and None."""
    if not affected():
        return
    for value in (True, False, None):
        missing = RESERVE - sys.getrefcount(value)
        if missing > 0:
            _held.extend([value] * (missing + RESERVE))


def install(app) -> None:
    """Top up now and every 200 ms for as long as the application runs."""
    if not affected():
        return
    from PySide6.QtCore import QTimer

    top_up()
    timer = QTimer(app)
    timer.setObjectName("refcountGuard")
    timer.timeout.connect(top_up)
    timer.start(200)


top_up()  # importing the window's package is enough for short runs (tests, scripts)
