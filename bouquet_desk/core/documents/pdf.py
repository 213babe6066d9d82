"""Word to PDF through LibreOffice headless: the one converter every document of the application uses.

Each conversion runs with its own throw-away LibreOffice profile: a profile in use (an office suite open on
the operator's desk, or a second conversion running at the same time) would otherwise make soffice exit
silently without writing anything.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import UserError

log = logging.getLogger("bouquet_desk.documents.pdf")

SOFFICE_ENV = "BOUQUET_DESK_SOFFICE"
TIMEOUT_S = 180

_WINDOWS_GUESSES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice executable: BOUQUET_DESK_SOFFICE, else soffice/libreoffice on the PATH."""
    override = os.environ.get(SOFFICE_ENV)
    if override:
        return override
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for guess in _WINDOWS_GUESSES:
            if Path(guess).exists():
                return guess
    return None


def convert_to_pdf(source: Path, target: Path, *, timeout: int = TIMEOUT_S) -> Path:
    """Writes `target` (a PDF) from the Word document `source`; UserError when LibreOffice cannot do it."""
    source, target = Path(source), Path(target)
    soffice = find_soffice()
    if soffice is None:
        raise UserError(
            "LibreOffice est introuvable : installez-le (https://fr.libreoffice.org) "
            f"ou indiquez son programme soffice dans la variable {SOFFICE_ENV}."
        )
    with tempfile.TemporaryDirectory(prefix="bouquet-pdf-") as work:
        work_dir = Path(work)
        profile = (work_dir / "profile").resolve().as_uri()
        command = [
            soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={profile}",
            "--convert-to", "pdf", "--outdir", str(work_dir), str(source.resolve()),
        ]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise UserError(f"LibreOffice n'a pas converti {source.name} en PDF en {timeout} s.") from exc
        except OSError as exc:
            raise UserError(f"LibreOffice n'a pas pu être lancé ({soffice}) : {exc}.") from exc
        produced = work_dir / f"{source.stem}.pdf"
        if completed.returncode != 0 or not produced.exists():
            log.warning("soffice failed (%s): %s %s", completed.returncode, completed.stdout, completed.stderr)
            detail = (completed.stderr or completed.stdout).strip().splitlines()
            raise UserError(
                f"LibreOffice n'a pas converti {source.name} en PDF"
                + (f" : {detail[-1]}" if detail else ".")
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), str(target))
    return target


def docx_bytes_to_pdf(docx: bytes, *, name: str = "document") -> bytes:
    """The PDF of a Word document held in memory (letters archived in the database)."""
    with tempfile.TemporaryDirectory(prefix="bouquet-pdf-in-") as work:
        source = Path(work) / f"{name}.docx"
        source.write_bytes(docx)
        target = convert_to_pdf(source, Path(work) / f"{name}.pdf")
        return target.read_bytes()
