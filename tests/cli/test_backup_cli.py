"""`bouquet-desk backup FILE` and `bouquet-desk restore FILE --yes`, each a separate process."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url


def _run(url: str, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", url, *args], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == expect, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def _calls(url: str) -> list[str]:
    return [call["notes"] for call in json.loads(_run(url, "call", "list", "--json").stdout)]


def test_backup_then_restore_sqlite(sqlite_url, tmp_path, data_dir):
    _run(sqlite_url, "db", "upgrade")
    _run(sqlite_url, "call", "add", "--phone", "03 21 77 88 99", "--category", "PFMP", "--note", "dans la sauvegarde")
    saved = tmp_path / "sauvegarde.db"
    done = _run(sqlite_url, "backup", str(saved))
    assert str(saved) in done.stdout
    if sys.platform != "win32":
        assert saved.stat().st_mode & 0o777 == 0o600
    _run(sqlite_url, "call", "add", "--phone", "03 21 77 88 99", "--category", "PFMP", "--note", "après")

    refused = _run(sqlite_url, "restore", str(saved), expect=2)
    assert "ajoutez --yes" in refused.stderr
    assert len(_calls(sqlite_url)) == 2  # nothing happened without --yes

    done = _run(sqlite_url, "restore", str(saved), "--yes")
    assert _calls(sqlite_url) == ["dans la sauvegarde"]
    kept = next((data_dir / "backups").glob("*-before-restore-*.db"))
    assert str(kept) in done.stdout  # says where the previous database is kept
    with sqlite3.connect(kept) as previous:
        assert previous.execute("SELECT count(*) FROM calls").fetchone()[0] == 2
    assert _run(sqlite_url, "db", "check").returncode == 0


@pytest.mark.parametrize("content, reason", [
    (b"PK\x03\x04 not a database", "n'est pas une base SQLite"),
    (None, "introuvable"),
])
def test_restore_refuses_what_is_not_a_backup(sqlite_url, tmp_path, data_dir, content, reason):
    _run(sqlite_url, "db", "upgrade")
    path = tmp_path / "x.db"
    if content is not None:
        path.write_bytes(content)
    for extra in ((), ("--yes",)):
        refused = _run(sqlite_url, "restore", str(path), *extra, expect=2)
        assert reason in refused.stderr
    assert not list(data_dir.glob("backups/*before-restore*"))  # refused before anything was copied


def test_restore_refuses_a_newer_schema(sqlite_url, tmp_path):
    _run(sqlite_url, "db", "upgrade")
    saved = tmp_path / "future.db"
    _run(sqlite_url, "backup", str(saved))
    with sqlite3.connect(saved) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    refused = _run(sqlite_url, "restore", str(saved), "--yes", expect=2)
    assert "plus récent" in refused.stderr


def test_backup_of_postgresql_with_pg_dump_restores_with_pg_restore(pg_url, tmp_path):
    _run(pg_url, "db", "upgrade")
    _run(pg_url, "call", "add", "--phone", "03 21 77 88 99", "--category", "PFMP", "--note", "sur le serveur")
    dump = tmp_path / "bouquet.dump"
    _run(pg_url, "backup", str(dump))
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    if sys.platform != "win32":
        assert dump.stat().st_mode & 0o777 == 0o600
    _run(pg_url, "call", "add", "--phone", "03 21 77 88 99", "--category", "PFMP", "--note", "perdu")
    # The restore of docs/operations.md.
    target = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--dbname", target, str(dump)],
                   check=True, capture_output=True, timeout=120)
    assert _calls(pg_url) == ["sur le serveur"]
    refused = _run(pg_url, "restore", str(dump), "--yes", expect=2)
    assert "pg_restore" in refused.stderr


def test_postgresql_password_goes_to_pg_dump_by_environment_not_argv(monkeypatch, tmp_path):
    from bouquet_desk.core.ops import backup

    seen = {}

    def fake_run(argv, env, **kwargs):
        seen["argv"], seen["password"] = argv, env.get("PGPASSWORD")
        Path(argv[argv.index("--file") + 1]).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(argv, 0, "", "")

    monkeypatch.setattr(backup, "find_pg_tool", lambda name: "/usr/bin/pg_dump")
    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    backup.pg_dump("postgresql+psycopg://bouquet:s3cret@db.lycee.invalid:5432/bouquet?sslmode=require",
                   tmp_path / "x.dump")
    assert seen["password"] == "s3cret"
    assert not any("s3cret" in part for part in seen["argv"])
    assert "postgresql://bouquet@db.lycee.invalid:5432/bouquet?sslmode=require" in seen["argv"]


def test_missing_pg_dump_is_a_clear_message(pg_url, tmp_path, monkeypatch, capsys):
    from bouquet_desk.app import main
    from bouquet_desk.core.ops import backup

    monkeypatch.setattr(backup, "find_pg_tool", lambda name: None)
    assert main(["--db", pg_url, "backup", str(tmp_path / "x.dump")]) == 2
    message = capsys.readouterr().err
    assert "pg_dump est introuvable" in message and "postgresql-client" in message
    assert not (tmp_path / "x.dump").exists()


def test_backup_of_an_empty_database_is_refused(sqlite_url, tmp_path):
    refused = _run(sqlite_url, "backup", str(tmp_path / "x.db"), expect=2)
    assert "vide" in refused.stderr

