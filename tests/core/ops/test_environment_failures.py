"""The environment at fault, named as such (exit 2, French), with nothing half-written and no temporary file
left: a full disk (a real one: a small tmpfs when root, else a file-size limit the kernel enforces), SQLite
locked by another PC for more than 10 s, a PostgreSQL server dropping the connection while a call is saved,
NUL characters, a read-only folder, a CSV in UTF-16."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

LEFTOVER_SUFFIXES = (".tmp", "-journal", ".tmp-journal")


def run(db: str, data: Path, *args: str, limit_bytes: int | None = None, cwd: Path | None = None):
    def limited():
        if limit_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", db, "--data-dir", str(data), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=300, preexec_fn=limited,
                          cwd=cwd)


def leftovers(*folders: Path) -> list[str]:
    return [str(p) for folder in folders for p in folder.rglob("*") if p.name.endswith(LEFTOVER_SUFFIXES)]


def count_calls(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM calls").fetchone()[0]


def _tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.fixture(params=["file-size-limit", "tmpfs"])
def full_disk(request, tmp_path, dev_catalogue):
    """(database URL, data folder, run-with-a-full-disk) after a catalogue and one call were saved."""
    folder = tmp_path / "disque"
    if request.param == "tmpfs" and not _tmpfs(folder):
        pytest.skip("a tmpfs needs root (the file-size limit variant runs everywhere)")
    data = folder / "donnees"
    db = f"sqlite:///{data / 'base.db'}"
    assert run(db, data, "import", str(dev_catalogue)).returncode == 0
    assert run(db, data, "call", "add", "--phone", "03 53 73 00 01", "--category", "PFMP").returncode == 0
    for old in (data / "backups").glob("*"):
        old.unlink()  # the next start takes its backup on the full disk
    before = count_calls(data / "base.db")
    filler = folder / "remplissage"
    if request.param == "tmpfs":
        with filler.open("wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
            except OSError:
                pass

        def on_full(*args):
            return run(db, data, *args, cwd=tmp_path)
    else:
        def on_full(*args):
            return run(db, data, *args, limit_bytes=32 * 1024, cwd=tmp_path)
    yield db, data, on_full, before, lambda: filler.unlink(missing_ok=True)
    if request.param == "tmpfs":
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_named_and_nothing_is_half_written(full_disk, tmp_path, dev_catalogue):
    db, data, on_full, before, free_space = full_disk
    database = data / "base.db"
    added = on_full("call", "add", "--phone", "03 53 73 00 02", "--caller-name", "Nouvel Appelant",
                    "--category", "PFMP", "--note", "x" * 100_000)
    assert added.returncode == 2, added.stderr
    assert "rien n'a été enregistré" in added.stderr and "Traceback" not in added.stderr
    assert "disque" in added.stderr.casefold()
    backup = on_full("backup", str(data / "copie.db"))
    assert backup.returncode == 2 and "disque" in backup.stderr.casefold(), backup.stderr
    assert not (data / "copie.db").exists()
    listed = on_full("call", "list", "--json")  # reading: done, or refused as a full disk, never a crash
    assert listed.returncode in (0, 2) and "Traceback" not in listed.stderr, listed.stderr
    free_space()
    assert count_calls(database) == before
    assert leftovers(data) == []
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sqlite_locked_for_more_than_10_seconds_is_named(tmp_path):
    data = tmp_path / "donnees"
    db = f"sqlite:///{data / 'base.db'}"
    assert run(db, data, "db", "upgrade").returncode == 0
    holder = sqlite3.connect(data / "base.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another PC's long import, holding the write lock
    try:
        result = run(db, data, "call", "add", "--phone", "03 53 73 00 03", "--category", "PFMP")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 2, result.stderr
    assert "occupée par un autre poste" in result.stderr
    assert count_calls(data / "base.db") == 0


def test_a_read_only_folder_is_not_called_a_wrong_password(tmp_path):
    if os.geteuid() == 0:
        folder = tmp_path / "lecture"
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a read-only folder here")
    else:
        folder = tmp_path / "lecture"
        folder.mkdir()
        folder.chmod(0o555)
    try:
        result = run(f"sqlite:///{folder / 'base.db'}", tmp_path / "donnees", "call", "list")
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)
    assert result.returncode == 2, result.stderr
    assert "lecture seule" in result.stderr and "mot de passe" not in result.stderr


def test_a_utf16_csv_is_named_by_its_encoding(tmp_path):
    from bouquet_desk.core.catalogue.workbook import decode_csv
    from bouquet_desk.core.errors import UserError

    text = "uai;nom\r\n0620027T;Lycée\r\n"
    assert decode_csv(text.encode("utf-16"), "a.csv") == text  # with its byte-order mark: read
    with pytest.raises(UserError, match="UTF-16"):
        decode_csv(text.encode("utf-16-le"), "a.csv")


# ---------------------------------------------------------------- PostgreSQL


def test_a_server_dropping_the_connection_while_a_call_is_saved(pg_url, open_ctx, data_dir):
    from sqlalchemy import create_engine, event, func, select, text

    from bouquet_desk.cli.runner import run_command
    from bouquet_desk.core.db.models import Call

    admin = create_engine(os.environ["BOUQUET_DESK_TEST_PG"], isolation_level="AUTOCOMMIT")
    marker = f"coupure-{uuid.uuid4().hex[:8]}"

    def open_and_arm(url, **kwargs):
        context = open_ctx(url)

        @event.listens_for(context.engine, "before_cursor_execute")
        def drop_at_insert(connection, cursor, statement, parameters, context_, executemany):
            if statement.lstrip().upper().startswith("INSERT INTO CALLS"):
                pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                with admin.connect() as killer:
                    killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

        return context

    from bouquet_desk.cli.parser import build_parser

    args = build_parser("0").parse_args(["--db", pg_url, "call", "add", "--phone", "03 53 73 00 04",
                                         "--category", "PFMP", "--note", marker])
    code = run_command(args, open_and_arm)
    admin.dispose()
    assert code == 2
    context = open_ctx(pg_url)
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Call).where(Call.notes == marker)) == 0


def test_nul_characters_on_postgresql_are_refused_in_french(pg_url, open_ctx, capsys):
    from bouquet_desk.app import main

    code = main(["--db", pg_url, "call", "add", "--phone", "03 53 73 00 05", "--category", "PFMP",
                 "--note", "avant\x00après"])
    assert code == 2
    assert "caractère de contrôle" in capsys.readouterr().err
    from bouquet_desk.core.calls.calls import NewCall, log_call
    from bouquet_desk.core.ops.failures import explain

    with pytest.raises(Exception) as caught:  # the service reached directly (the window): named too
        log_call(open_ctx(pg_url), NewCall(category="PFMP", phone="03 53 73 00 05", notes="a\x00b"))
    assert "caractère nul" in str(explain(caught.value))


def test_owner_only_files_on_postgresql_too(pg_url, data_dir, tmp_path):
    result = run(pg_url, data_dir, "call", "add", "--phone", "03 53 73 00 06", "--category", "PFMP")
    assert result.returncode == 0, result.stderr
    drafts = data_dir / "drafts"
    drafts.mkdir(exist_ok=True)
    (drafts / "d.json").write_text("{}")
    os.chmod(drafts / "d.json", 0o644)
    assert run(pg_url, data_dir, "call", "list").returncode == 0
    exported = run(pg_url, data_dir, "privacy", "export", "--phone", "03 53 73 00 06", "--out",
                   str(data_dir / "exports" / "personne.json"))
    assert exported.returncode == 0, exported.stderr
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid  # finished and reaped: no process has this id now (short of reuse)


def test_leftovers_of_killed_processes_are_swept_at_start(tmp_path, data_dir):
    """A `letter --pdf` or a `backup` killed mid-way leaves its scratch folder or half-written copy: the next
    start removes them, and only those of processes that are gone."""
    db = f"sqlite:///{data_dir / 'base.db'}"
    assert run(db, data_dir, "db", "upgrade").returncode == 0
    dead, alive = _dead_pid(), os.getpid()
    scratch = data_dir / "tmp"
    (scratch / f"bouquet-desk-pdf-p{dead}-abc").mkdir(parents=True)
    (scratch / f"bouquet-desk-pdf-p{dead}-abc" / "courrier.docx").write_bytes(b"lettre de Mme Fictive")
    (scratch / f"bouquet-desk-pdf-p{alive}-def").mkdir()
    backups = data_dir / "backups"
    backups.mkdir(exist_ok=True)
    (backups / f".base-daily-2026-12-01.db.{dead}.tmp").write_bytes(b"x" * 1000)
    (backups / f".base-daily-2026-12-01.db.{dead}.tmp-journal").write_bytes(b"x")
    assert run(db, data_dir, "call", "list").returncode == 0
    assert not (scratch / f"bouquet-desk-pdf-p{dead}-abc").exists()
    assert (scratch / f"bouquet-desk-pdf-p{alive}-def").exists()
    assert leftovers(backups) == []
