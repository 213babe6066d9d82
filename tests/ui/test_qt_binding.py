"""The Qt binding must not leak references on signals: PySide6 6.12.0 did on Python 3.11, and the window,
which emits on every keystroke, aborted after a few thousand ("bool_dealloc"). pyproject excludes it."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Emitter(QObject):
    fired = Signal(int)
emitter = Emitter()
emitter.fired.connect(lambda value: None)
before = [sys.getrefcount(v) for v in (True, False, None)]
for i in range(20000):
    emitter.fired.emit(i)
after = [sys.getrefcount(v) for v in (True, False, None)]
print(before, after)
assert all(abs(a - b) < 100 for a, b in zip(after, before)), (before, after)
"""


def test_signals_do_not_leak_references():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
