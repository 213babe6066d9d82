"""The window (PySide6). Importing this package first spares the start PySide6's source scan of our modules.

PySide6 replaces `__import__` to support `from __feature__ import snake_case`; after every later import it
reads the new module's whole source (inspect.getsource) to learn whether the module uses PySide6. For the
window's two hundred modules that is ~25 ms when the files are in the page cache, and over a second when
they are not (the first start of the day: sources are read that the bytecode made unnecessary). Our modules'
answer is known without reading them: the window's use PySide6, the core (Qt-free by test, tests/core/
test_schema.py) and the command line do not. Other packages keep PySide6's own scan. Should a PySide6
release rename the hook, nothing changes but the start's speed.
"""

from __future__ import annotations

import sys


def _known_answer_for_our_modules() -> None:
    import PySide6.QtCore  # noqa: F401 - installs the import hook this replaces for our package

    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or getattr(scan, "bouquet_desk", False):
        return

    def uses_pyside(module) -> bool:
        name = getattr(module, "__name__", "")
        if name == "bouquet_desk.ui" or name.startswith("bouquet_desk.ui."):
            return True
        if name == "bouquet_desk" or name.startswith("bouquet_desk."):
            return False
        return scan(module)

    uses_pyside.bouquet_desk = True
    feature._mod_uses_pyside = uses_pyside


_known_answer_for_our_modules()
