"""Owner-only files: the database holds callers' names and phone numbers (personal data), so the database
file, its WAL and SHM companions, the backups, the settings and the logs are readable by their owner only
(0o600, folders 0o700) on Linux and macOS. On Windows the user's %APPDATA% is already private to them
(NTFS permissions), and chmod cannot express more: nothing is done there.

SQLite creates the -wal and -shm files with the permissions of the database file, so once the database file
is 0o600 its companions follow.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from ..paths import user_data_dir

log = logging.getLogger("bouquet_desk.ops")

FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

POSIX = sys.platform != "win32"


def owner_only(path: Path) -> None:
    """chmod 0o600 (a file) or 0o700 (a folder), if it exists and this is POSIX; a failure is logged."""
    if not POSIX:
        return
    try:
        mode = DIR_MODE if path.is_dir() else FILE_MODE
        if (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
    except FileNotFoundError:
        return
    except OSError as exc:  # a file owned by someone else (a shared folder): say so, do not stop
        log.warning("cannot restrict the permissions of %s: %s", path, exc)


def private_dir(path: Path) -> Path:
    """Creates the folder if needed, owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    owner_only(path)
    return path


def create_private_file(path: Path) -> Path:
    """An empty file created owner-only from the start (no moment where others could open it)."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    os.close(descriptor)
    owner_only(path)
    return path


def secure_sqlite_file(database: Path) -> None:
    """The database file and its -wal/-shm/-journal companions, owner-only."""
    owner_only(database)
    for suffix in SQLITE_COMPANIONS:
        owner_only(database.with_name(database.name + suffix))


def secure_data_dir(folder: Path | None = None) -> None:
    """The user data folder and everything in it (settings, logs, backups, drafts, saved index, letters),
    owner-only, whatever the database: on PostgreSQL the folder still holds logs and drafts."""
    folder = folder or user_data_dir()
    if not POSIX or not folder.is_dir():
        return
    owner_only(folder)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            owner_only(Path(root) / name)
        for name in files:
            owner_only(Path(root) / name)


def secure_database_files(engine) -> None:
    """For an SQLite engine: its files owner-only, and the data folder when the database lives in it."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return
    database = Path(engine.url.database).expanduser().resolve()
    secure_sqlite_file(database)
    data = user_data_dir().expanduser().resolve()
    if database.parent == data:
        secure_data_dir(data)
