"""What the window hands to the desktop (open a file with its program), behind a classmethod tests replace.
Printing and previewing are in-process: ui/printing.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices



class Desktop:
    @classmethod
    def open_path(cls, path: Path) -> bool:
        """Opens a file with the program the desktop associates with it (a PDF viewer, Word, a mail client)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
