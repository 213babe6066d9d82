"""PDF through LibreOffice in headless mode, the one converter that lays a .docx out as Word does.

Each process uses its own LibreOffice profile (-env:UserInstallation) so that two operators, two test runs or
a desktop LibreOffice open at the same time never share one; the profile is made on the first conversion
(the slow start) and reused by the next ones, then removed when the process exits.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..errors import UserError
from ..ops.failures import os_reason
from ..ops.scratch import scratch_prefix, scratch_root

# The same override as the other documents of the application (a LibreOffice outside the PATH).
SOFFICE_ENV = "BOUQUET_DESK_SOFFICE"
INSTALL_HINT = "LibreOffice introuvable : installez libreoffice-writer-nogui (ou LibreOffice, libreoffice.org)"
_WELL_KNOWN = {
    "win32": [Path(os.environ.get(var, "")) / "LibreOffice" / "program" / "soffice.exe"
              for var in ("PROGRAMFILES", "PROGRAMFILES(X86)") if os.environ.get(var)],
    "darwin": [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")],
}
_lock = threading.Lock()  # one profile cannot serve two conversions at once
_profile: Path | None = None


def soffice_path() -> str | None:
    override = os.environ.get(SOFFICE_ENV)
    if override:
        return override
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(path) for path in _WELL_KNOWN.get(sys.platform, []) if path.is_file()), None)


def require_soffice() -> str:
    found = soffice_path()
    if found is None:
        raise UserError(f"{INSTALL_HINT} pour produire les PDF.")
    return found


def _profile_dir() -> Path:
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix=scratch_prefix("bouquet-desk-lo"), dir=scratch_root()))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def convert_to_pdf(paths: list[Path], out_dir: Path) -> list[Path]:
    """Converts .docx files in one LibreOffice run (one start for many letters); returns the PDFs in order."""
    if not paths:
        return []
    soffice = require_soffice()
    from .office_server import SERVER

    if SERVER.ready:  # the LibreOffice kept running: a fraction of a second per document
        left = []
        for path in paths:
            data = SERVER.convert(path.read_bytes()) if not left else None
            if data is None:
                left.append(path)  # the server failed: this one and the next ones take the cold path
            else:
                (out_dir / f"{path.stem}.pdf").write_bytes(data)
        if not left:
            return [out_dir / f"{path.stem}.pdf" for path in paths]
        _cold_convert(soffice, left, out_dir)
        return [out_dir / f"{path.stem}.pdf" for path in paths]
    return _cold_convert(soffice, paths, out_dir)


def _cold_convert(soffice: str, paths: list[Path], out_dir: Path) -> list[Path]:
    """A LibreOffice started for these documents, then gone."""
    with _lock:
        command = [
            soffice, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir),
            *(str(path) for path in paths),
        ]
        try:
            # LibreOffice's own temporary files (copies of the letter) go to this process's scratch folder,
            # swept at the next start if this process is killed, never to a shared /tmp.
            scratch = _profile_dir() / "tmp"
            scratch.mkdir(exist_ok=True)
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=60 + 10 * len(paths), env={**os.environ, "TMPDIR": str(scratch)})
        except subprocess.TimeoutExpired as exc:
            raise UserError("LibreOffice ne répond pas (conversion en PDF interrompue après "
                            f"{int(exc.timeout)} s).") from exc
        except OSError as exc:
            raise UserError(f"LibreOffice n'a pas pu être lancé ({soffice}) : {os_reason(exc)}") from exc
    pdfs = [out_dir / f"{path.stem}.pdf" for path in paths]
    missing = [pdf.name for pdf in pdfs if not pdf.is_file()]
    if missing:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise UserError(f"LibreOffice n'a pas produit {', '.join(missing)} (code {done.returncode}) : "
                        f"{' '.join(detail) or 'aucun message'}")
    return pdfs


def docx_to_pdf(docx: bytes, name: str = "courrier") -> bytes:
    with tempfile.TemporaryDirectory(prefix=scratch_prefix("bouquet-desk-pdf"), dir=scratch_root()) as folder:
        source = Path(folder) / f"{name}.docx"
        source.write_bytes(docx)
        (pdf,) = convert_to_pdf([source], Path(folder))
        return pdf.read_bytes()


def warm_up_document() -> bytes:
    """A one-line .docx that makes a fresh LibreOffice load Writer and its PDF export before the first letter."""
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("Bouquet Desk")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
