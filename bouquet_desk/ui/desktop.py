"""What the window hands to the desktop (open a file, print pages), behind classmethods tests replace."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from ..core.ops.scratch import scratch_prefix, scratch_root


class Desktop:
    @classmethod
    def open_path(cls, path: Path) -> bool:
        """Opens a file with the program the desktop associates with it (a PDF viewer, Word, a mail client)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @classmethod
    def pdftoppm(cls) -> str | None:
        return shutil.which("pdftoppm")


def pdf_pages(pdf: bytes, dpi: int = 150) -> list[Path]:
    """The pages of a PDF as PNG files (poppler's pdftoppm), for printing through Qt; runs on a worker."""
    tool = Desktop.pdftoppm()
    if tool is None:
        from ..core.errors import UserError

        raise UserError("pdftoppm introuvable : installez poppler-utils pour imprimer depuis Bouquet Desk.")
    folder = Path(tempfile.mkdtemp(prefix=scratch_prefix("bouquet-desk-print"), dir=scratch_root()))
    source = folder / "courrier.pdf"
    source.write_bytes(pdf)
    subprocess.run([tool, "-png", "-r", str(dpi), str(source), str(folder / "page")], check=True,
                   capture_output=True, timeout=120)
    return sorted(folder.glob("page*.png"))
