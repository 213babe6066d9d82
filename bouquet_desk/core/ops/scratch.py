"""Scratch folders for letters and documents being converted, inside the data folder (owner-only) instead of
/tmp, named after the process that made them. A process killed mid-conversion (`letter --pdf` interrupted)
cannot remove its folder: the next start sweeps every folder whose process is gone, so a letter never
outlives its conversion."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from pathlib import Path

from ..paths import user_data_dir
from .files import private_dir

log = logging.getLogger("bouquet_desk.ops")

_OWNER = re.compile(r"-p(\d+)-")


def scratch_root() -> str:
    return str(private_dir(user_data_dir() / "tmp"))


def scratch_prefix(prefix: str) -> str:
    """A tempfile prefix carrying this process's id, which the sweep reads back."""
    return f"{prefix.rstrip('-')}-p{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # no cheap check there; left for a later start
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_scratch() -> int:
    """Removes the scratch folders of processes that no longer run; the number removed."""
    root = user_data_dir() / "tmp"
    if not root.is_dir():
        return 0
    removed = 0
    for entry in root.iterdir():
        owner = _OWNER.search(entry.name)
        if owner and _alive(int(owner.group(1))):
            continue
        try:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            removed += 1
        except OSError as exc:
            log.warning("cannot remove the leftover %s: %s", entry, exc)
    return removed


# `.<name>.<pid>.tmp` (and SQLite's companions of it): how backups and exports name a file being written.
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp(?:-journal|-wal|-shm)?$")
SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")


def sweep_temporaries(folder: Path) -> int:
    """Removes the half-written files of processes killed while writing into `folder`; the number removed."""
    if not folder.is_dir():
        return 0
    removed = 0
    for entry in folder.iterdir():
        found = _TEMPORARY.match(entry.name)
        if found and entry.is_file() and not _alive(int(found.group(1))):
            try:
                entry.unlink()
                removed += 1
            except OSError as exc:
                log.warning("cannot remove the leftover %s: %s", entry, exc)
    return removed


def remove_with_companions(path: Path) -> None:
    """A temporary SQLite file and its -journal/-wal/-shm, whatever stopped its writing (a full disk)."""
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)):
        try:
            candidate.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove %s: %s", candidate, exc)
