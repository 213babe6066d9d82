"""Writing output files whole or not at all: a temporary file beside the target, renamed at the end."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from ..errors import UserError
from ..ops.failures import os_reason

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def write_atomic(path: Path, data: bytes) -> Path:
    """Writes data to path; a reader (or Word) never sees a half-written file, and a failure leaves none."""
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise UserError(f"Dossier introuvable pour écrire {path.name} : {path.parent}")
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(f"Impossible d'écrire {path} : {os_reason(exc)}") from exc
    return path


def safe_name(text: str) -> str:
    """A file-name fragment from free text (a contact ref may hold spaces or slashes)."""
    return _UNSAFE.sub("-", text).strip("-.") or "x"
