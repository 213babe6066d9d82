"""Daily backups with rotation, checked restores, owner-only files."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from bouquet_desk.core.calls.calls import NewCall, list_calls, log_call
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.ops.backup import (
    backups_dir,
    check_backup,
    ensure_daily_backup,
    restore_database,
    rotate,
    sqlite_backup,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def default_ctx(open_ctx, data_dir):
    """The embedded default database in the (temporary) user data folder, as the window opens it, with the
    backup its opening took set aside so that each test starts from an empty backups folder."""
    context = open_ctx(None)
    shutil.rmtree(data_dir / "backups", ignore_errors=True)
    return context


def test_opening_the_default_database_takes_todays_backup(open_ctx, data_dir):
    open_ctx(None)
    assert (data_dir / "backups" / f"bouquet-desk-daily-{date.today().isoformat()}.db").exists()


def test_daily_backup_once_a_day_with_a_weekly_copy(default_ctx, data_dir):
    log_call(default_ctx, NewCall(category="PFMP", notes="avant la sauvegarde"))
    first = ensure_daily_backup(default_ctx, today=date(2025, 3, 12))
    assert first == data_dir / "backups" / "bouquet-desk-daily-2025-03-12.db"
    assert (data_dir / "backups" / "bouquet-desk-weekly-2025-W11.db").exists()
    stamp = first.stat().st_mtime_ns
    log_call(default_ctx, NewCall(category="PFMP", notes="après"))
    assert ensure_daily_backup(default_ctx, today=date(2025, 3, 12)) == first  # cheap: already there
    assert first.stat().st_mtime_ns == stamp
    # The backup is a sound, self-contained SQLite file holding what was committed.
    with sqlite3.connect(first) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in copy.execute("SELECT notes FROM calls")] == ["avant la sauvegarde"]
    assert check_backup(first)


def test_rotation_keeps_seven_daily_and_four_weekly(default_ctx, data_dir):
    start = date(2025, 1, 1)
    for day in range(40):
        ensure_daily_backup(default_ctx, today=start + timedelta(days=day))
    names = sorted(p.name for p in backups_dir().iterdir())
    daily = [n for n in names if "-daily-" in n]
    weekly = [n for n in names if "-weekly-" in n]
    assert daily == [f"bouquet-desk-daily-{(start + timedelta(days=d)).isoformat()}.db" for d in range(33, 40)]
    assert weekly == ["bouquet-desk-weekly-2025-W03.db", "bouquet-desk-weekly-2025-W04.db",
                      "bouquet-desk-weekly-2025-W05.db", "bouquet-desk-weekly-2025-W06.db"]  # 9 February is in W06


def test_rotation_leaves_other_files_alone(tmp_path):
    tmp_path = tmp_path / "backups"
    tmp_path.mkdir()
    for name in ("x-daily-2025-01-01.db", "x-daily-2025-01-02.db", "y-daily-2025-01-01.db", "notes.txt"):
        (tmp_path / name).write_text("")
    removed = rotate(tmp_path, "x", daily=1)
    assert [p.name for p in removed] == ["x-daily-2025-01-01.db"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "x-daily-2025-01-02.db",
                                                         "y-daily-2025-01-01.db"]


def test_another_database_file_has_its_own_rotation(open_ctx, tmp_path, data_dir):
    context = open_ctx(f"sqlite:///{tmp_path / 'autre.db'}")
    path = ensure_daily_backup(context, today=date(2025, 3, 12))
    assert path.parent == data_dir / "backups" and path.name.startswith("autre-")


def test_nothing_to_do_on_postgresql(pg_url, open_ctx, data_dir):
    assert ensure_daily_backup(open_ctx(pg_url)) is None
    assert not (data_dir / "backups").exists()


def test_a_failed_backup_is_logged_not_raised(default_ctx, data_dir, caplog):
    (data_dir / "backups").write_text("a file where the folder should be")
    with caplog.at_level(logging.WARNING, "bouquet_desk.ops"):
        assert ensure_daily_backup(default_ctx) is None
    assert "daily backup" in caplog.text


@posix_only
def test_database_wal_shm_and_backups_are_owner_only(default_ctx, data_dir):
    log_call(default_ctx, NewCall(category="PFMP"))  # a write: the -wal and -shm files exist now
    database = data_dir / "bouquet-desk.db"
    os.chmod(database, 0o644)
    os.chmod(data_dir, 0o755)
    ensure_daily_backup(default_ctx, today=date(2025, 3, 12))
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        assert path.exists() and _mode(path) == 0o600, path
    assert _mode(data_dir) == 0o700 and _mode(data_dir / "backups") == 0o700
    for backup in (data_dir / "backups").iterdir():
        assert _mode(backup) == 0o600, backup
    # SQLite gives new -wal/-shm files the database file's permissions.
    default_ctx.engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    log_call(default_ctx, NewCall(category="PFMP"))
    assert _mode(Path(f"{database}-wal")) == 0o600


# ---------------------------------------------------------------- restore


def _backup(context, tmp_path, name="copie.db") -> Path:
    return sqlite_backup(context.engine, tmp_path / name).path


def test_restore_brings_back_the_backup_and_keeps_the_current_database(default_ctx, tmp_path, data_dir):
    log_call(default_ctx, NewCall(category="PFMP", notes="sauvegardé"))
    saved = _backup(default_ctx, tmp_path)
    log_call(default_ctx, NewCall(category="PFMP", notes="après la sauvegarde"))
    result = restore_database(default_ctx, saved)
    assert [c.notes for c in list_calls(default_ctx)] == ["sauvegardé"]
    assert result.previous_copy.parent == data_dir / "backups" and "before-restore" in result.previous_copy.name
    with sqlite3.connect(result.previous_copy) as previous:
        assert previous.execute("SELECT count(*) FROM calls").fetchone()[0] == 2
    # Still a working WAL database afterwards.
    log_call(default_ctx, NewCall(category="PFMP", notes="encore"))
    with default_ctx.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _refused(path: Path, *words: str) -> None:
    with pytest.raises(UserError) as refused:
        check_backup(path)
    for word in words:
        assert word in str(refused.value), refused.value


def test_bad_backups_are_refused_with_the_reason(default_ctx, tmp_path):
    text = tmp_path / "lettre.db"
    text.write_text("Madame, Monsieur,")
    _refused(text, "n'est pas une base SQLite")
    _refused(tmp_path / "absent.db", "introuvable")

    foreign = tmp_path / "autre.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY)")
    _refused(foreign, "pas une sauvegarde de Bouquet Desk")

    newer = _backup(default_ctx, tmp_path, "future.db")
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    _refused(newer, "plus récent", "9999_from_the_future")

    no_version = _backup(default_ctx, tmp_path, "sans-version.db")
    with sqlite3.connect(no_version) as connection:
        connection.execute("DELETE FROM alembic_version")
    _refused(no_version, "pas de version de schéma")

    for n in range(300):
        log_call(default_ctx, NewCall(category="PFMP", notes="x" * 500 + str(n)))
    damaged = _backup(default_ctx, tmp_path, "abime.db")
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 7 * page):  # scribble over several pages past the header
        data[offset + 100:offset + 400] = os.urandom(300)
    damaged.write_bytes(bytes(data))
    _refused(damaged, "endommagé")

    # None of these touched the database.
    assert len(list_calls(default_ctx)) == 300


def test_restore_refused_on_postgresql(pg_url, open_ctx, tmp_path):
    with pytest.raises(UserError, match="pg_restore"):
        restore_database(open_ctx(pg_url), tmp_path / "x.db")
