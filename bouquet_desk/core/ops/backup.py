"""Backups and restores.

SQLite (the embedded database): SQLite's online backup API (`sqlite3.Connection.backup`), which copies a
consistent image while others read and write, never a file copy (a copy taken during a write, or without
the -wal file, is a broken database). `ensure_daily_backup(context)` is called at start by the window and
the command line: one stat when today's backup exists; otherwise a backup in user_data_dir()/backups, kept
7 days, plus one per ISO week kept 4 weeks.

PostgreSQL (the shared database): `backup_database` runs pg_dump in its custom format; restoring is
pg_restore's job (docs/operations.md), done by whoever administers the server. No automatic backup is taken
by each operator's PC: the server's own schedule does that.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from ..db.database import describe, is_empty
from ..db.location import default_db_path
from ..db.migrate import alembic_config, head_revision, upgrade
from ..errors import UserError
from ..paths import user_data_dir
from .failures import explain, os_reason
from .files import create_private_file, owner_only, private_dir, secure_database_files
from .scratch import remove_with_companions, sweep_temporaries

log = logging.getLogger("bouquet_desk.ops")

DAILY_KEEP = 7
WEEKLY_KEEP = 4
SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every Bouquet Desk database has had since its first schema.
CORE_TABLES = frozenset({"alembic_version", "establishments", "contacts", "formations", "calls", "change_log"})
PG_DUMP_TIMEOUT_S = 3600


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    kind: str  # "sqlite" or "pg_dump"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_copy: Path  # where the database as it was before the restore is kept
    revision: str  # the schema version of the backup
    upgraded: bool  # the backup was older than this program: migrations were applied


def backups_dir() -> Path:
    return user_data_dir() / "backups"


def sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database).expanduser().resolve()


def _prefix(database: Path) -> str:
    """Backup names start with the database's name; another file than the default gets a short hash of its
    path too, so two databases of one user never share a rotation."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", database.stem) or "base"
    try:
        is_default = database == default_db_path().expanduser().resolve()
    except OSError:
        is_default = False
    if is_default:
        return stem
    return f"{stem}-{hashlib.sha1(str(database).encode('utf-8')).hexdigest()[:8]}"


# ---------------------------------------------------------------- SQLite online backup


def _sqlite_backup_to(source: sqlite3.Connection, target: Path) -> None:
    """Copies `source` into a new owner-only file at `target` (written beside it, then renamed)."""
    if target.parent == backups_dir():
        private_dir(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(target.parent)  # left by a backup killed here before
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    create_private_file(temporary)
    try:
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)
            # A backup is one self-contained file: no -wal beside it when it is opened later.
            copy.execute("PRAGMA journal_mode=DELETE")
            status = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
        if status != "ok":
            raise UserError(f"La copie de la base est incohérente ({status}) : sauvegarde abandonnée.")
        os.replace(temporary, target)
    finally:
        remove_with_companions(temporary)  # a full disk can leave the copy's -journal too
    owner_only(target)


def sqlite_backup(engine: Engine, target: Path) -> BackupResult:
    """An online backup of the SQLite database of `engine` into `target`."""
    database = sqlite_path(engine)
    if database is None:
        raise ValueError("not an SQLite engine")
    target = Path(target).expanduser().resolve()
    if target == database:
        raise UserError("La sauvegarde ne peut pas remplacer la base elle-même : donnez un autre fichier.")
    raw = engine.raw_connection()
    try:
        _sqlite_backup_to(raw.driver_connection, target)
    except sqlite3.Error as exc:
        refusal = explain(exc)
        if refusal is not None:
            raise refusal from exc
        raise UserError(f"Sauvegarde impossible : {exc}.") from exc
    except OSError as exc:
        refusal = explain(exc)
        if refusal is not None:
            raise refusal from exc
        raise UserError(f"Sauvegarde impossible dans {target} : {os_reason(exc)}.") from exc
    finally:
        raw.close()
    return BackupResult(target, target.stat().st_size, "sqlite")


def ensure_daily_backup(context, *, today: date | None = None) -> Path | None:
    """Today's backup of the SQLite database of `context`: taken now unless it exists; rotation 7 daily and
    4 weekly. Also makes the database files and the data folder owner-only.

    Returns the path of today's backup, or None when there is nothing to back up here (PostgreSQL, a
    database not created yet). A failure is logged, never raised: a full disk must not stop the helpdesk
    from answering the phone.
    """
    database = sqlite_path(context.engine)
    if database is None:
        return None
    try:
        secure_database_files(context.engine)
        if not database.exists() or database.stat().st_size == 0:
            return None
        today = today or date.today()
        folder = backups_dir()
        sweep_temporaries(folder)
        prefix = _prefix(database)
        daily = folder / f"{prefix}-daily-{today.isoformat()}.db"
        if daily.exists():
            return daily
        private_dir(folder)
        sqlite_backup(context.engine, daily)
        year, week, _ = today.isocalendar()
        weekly = folder / f"{prefix}-weekly-{year}-W{week:02d}.db"
        if not weekly.exists():
            temporary = weekly.with_name(f".{weekly.name}.{os.getpid()}.tmp")
            try:
                create_private_file(temporary)
                shutil.copyfile(daily, temporary)  # a closed backup file: a plain copy is safe
                os.replace(temporary, weekly)
            finally:
                remove_with_companions(temporary)
        rotate(folder, prefix)
        log.info("daily backup of %s written to %s", database, daily)
        return daily
    except (OSError, UserError, sqlite3.Error, SQLAlchemyError) as exc:
        log.warning("daily backup of %s failed: %s", database, exc)
        return None


def rotate(folder: Path, prefix: str, *, daily: int = DAILY_KEEP, weekly: int = WEEKLY_KEEP) -> list[Path]:
    """Deletes the oldest daily and weekly backups of `prefix` beyond the numbers kept; returns them."""
    removed = []
    for kind, keep in (("daily", daily), ("weekly", weekly)):
        pattern = re.compile(rf"^{re.escape(prefix)}-{kind}-(\d{{4}}-(?:W)?\d{{2}}(?:-\d{{2}})?)\.db$")
        found = sorted((p for p in folder.iterdir() if pattern.match(p.name)), key=lambda p: p.name)
        for path in found[:-keep] if keep else found:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


# ---------------------------------------------------------------- PostgreSQL: pg_dump


def find_pg_tool(name: str) -> str | None:
    """pg_dump / pg_restore: on the PATH, else the usual installation folders (newest version first)."""
    found = shutil.which(name)
    if found:
        return found
    exe = name + (".exe" if sys.platform == "win32" else "")
    patterns = [f"/usr/lib/postgresql/*/bin/{exe}", f"/usr/pgsql-*/bin/{exe}", f"/opt/homebrew/opt/postgresql*/bin/{exe}"]
    for variable in ("ProgramFiles", "ProgramW6432"):
        if os.environ.get(variable):
            patterns.append(os.path.join(os.environ[variable], "PostgreSQL", "*", "bin", exe))

    def version(path: str) -> tuple:
        return tuple(int(n) for n in re.findall(r"(\d+)", path)[:2])

    candidates = sorted((p for pattern in patterns for p in glob.glob(pattern)), key=version, reverse=True)
    return candidates[0] if candidates else None


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """(a libpq URI without the password, extra environment carrying the password if the URL had one).

    The password goes through PGPASSWORD so that it never appears in a process list; better still, it is
    not in the URL at all but in the password file (docs/operations.md)."""
    parsed = make_url(url)
    env = {}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    # URL.create, not .set(password=None): None in .set() means "unchanged".
    bare = URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                      database=parsed.database, query=parsed.query)
    uri = bare.render_as_string(hide_password=False)
    return uri, env


def pg_dump(url: str, target: Path) -> BackupResult:
    """pg_dump --format=custom of the database at `url` into `target` (owner-only)."""
    exe = find_pg_tool("pg_dump")
    if exe is None:
        raise UserError(
            "pg_dump est introuvable : installez les outils clients de PostgreSQL (Debian/Ubuntu : "
            "apt install postgresql-client ; Windows : l'installateur PostgreSQL, option « Command Line Tools ») "
            "et ajoutez leur dossier bin au PATH. Voir docs/operations.md."
        )
    target = Path(target).expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(target.parent)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    create_private_file(temporary)
    uri, extra = libpq_target(url)
    try:
        done = subprocess.run(
            [exe, "--format=custom", "--file", str(temporary), "--dbname", uri],
            env={**os.environ, **extra}, capture_output=True, text=True, timeout=PG_DUMP_TIMEOUT_S,
        )
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()
            raise UserError(
                f"pg_dump a échoué pour {describe(url)} : {reason[-1] if reason else done.returncode}. "
                "Une version de pg_dump plus ancienne que le serveur ne peut pas le sauvegarder."
            )
        os.replace(temporary, target)
    except subprocess.TimeoutExpired as exc:
        raise UserError(f"pg_dump n'a pas fini en {PG_DUMP_TIMEOUT_S} s.") from exc
    finally:
        remove_with_companions(temporary)
    owner_only(target)
    return BackupResult(target, target.stat().st_size, "pg_dump")


def backup_database(context, target: str | Path) -> BackupResult:
    """A backup of the database of `context` into the file `target` (replaced if it exists)."""
    name = context.engine.dialect.name
    if name == "sqlite":
        if is_empty(context.engine):
            raise UserError(f"La base {describe(context.url)} est vide : rien à sauvegarder.")
        secure_database_files(context.engine)
        return sqlite_backup(context.engine, Path(target))
    if name == "postgresql":
        return pg_dump(context.url, Path(target))
    raise UserError(f"Sauvegarde non prise en charge pour une base {name}.")


# ---------------------------------------------------------------- restore (SQLite)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_backup(path: str | Path) -> str:
    """The schema revision of a valid Bouquet Desk SQLite backup; UserError saying why otherwise."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise UserError(f"Fichier introuvable : {path}.")
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise UserError(f"{path} n'est pas une base SQLite : ce n'est pas une sauvegarde de Bouquet Desk.")
    try:
        connection = _open_read_only(path)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
            if problems != ["ok"]:
                raise UserError(f"{path} est endommagé (intégrité SQLite : {'; '.join(problems[:3])}) : "
                                "choisissez une autre sauvegarde.")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = CORE_TABLES - tables
            if missing:
                raise UserError(f"{path} n'est pas une sauvegarde de Bouquet Desk (tables absentes : "
                                f"{', '.join(sorted(missing))}).")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path} est illisible ou endommagé ({exc}) : choisissez une autre sauvegarde.") from exc
    if row is None or not row[0]:
        raise UserError(f"{path} n'a pas de version de schéma : ce n'est pas une sauvegarde de Bouquet Desk.")
    revision = row[0]
    if revision not in known_revisions():
        raise UserError(
            f"{path} a un schéma (version {revision}) plus récent que ce programme ou inconnu de lui : "
            "installez la version de Bouquet Desk qui l'a écrit, ou une plus récente, avant de la restaurer."
        )
    return revision


def restore_database(context, source: str | Path, *, now: datetime | None = None) -> RestoreResult:
    """Replaces the SQLite database of `context` with the backup `source`, after checking it (check_backup)
    and keeping a copy of the current database in the backups folder. Migrates the restored database when
    it is older than this program. The window must be closed on every PC using this file."""
    database = sqlite_path(context.engine)
    if database is None:
        raise UserError(
            "La restauration par Bouquet Desk ne concerne que la base intégrée (SQLite). Une base PostgreSQL "
            "se restaure avec pg_restore --clean (voir docs/operations.md)."
        )
    source = Path(source).expanduser().resolve()
    if source == database:
        raise UserError("Ce fichier est la base elle-même : choisissez une sauvegarde.")
    revision = check_backup(source)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    previous = backups_dir() / f"{_prefix(database)}-before-restore-{stamp}.db"
    private_dir(backups_dir())
    sqlite_backup(context.engine, previous)
    raw = context.engine.raw_connection()
    try:
        backup = _open_read_only(source)
        try:
            # The backup API the other way round: the live database takes the backup's pages in one
            # step, under SQLite's locks, -wal included; a file copy would not be safe.
            backup.backup(raw.driver_connection)
        finally:
            backup.close()
    except sqlite3.Error as exc:
        raise UserError(f"Restauration impossible : {exc}. La base est inchangée ; copie gardée : {previous}.") from exc
    finally:
        raw.close()
    context.engine.dispose()  # pooled connections forget anything cached about the old content
    upgraded = revision != head_revision() and upgrade(context.engine)
    secure_database_files(context.engine)
    log.info("%s restored from %s (copy of the previous one: %s)", database, source, previous)
    return RestoreResult(source, previous, revision, bool(upgraded))
