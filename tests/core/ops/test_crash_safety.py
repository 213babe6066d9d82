"""A process killed in the middle of an import or a save leaves the database as it was (SQLite, PostgreSQL).

The import runs as a real `bouquet-desk --db URL import BIG.xlsx` process whose stderr is a terminal (a pty),
so it prints its progress; it is killed (SIGKILL: no cleanup of any kind) as soon as it says it is writing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and pty are POSIX")

REPO = Path(__file__).resolve().parents[3]
FORMATIONS = 20_000  # enough for the writing phase to last a few seconds on a slow, shared machine
WRITING = "Écriture du catalogue"


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO / "tests" / "benchmarks"))
    try:
        from bench_import import build_workbook
    finally:
        sys.path.remove(str(REPO / "tests" / "benchmarks"))
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    build_workbook(path, FORMATIONS)
    return path


def fingerprint(url: str) -> dict:
    """What an import or a save would change: row counts, versions, archived rows, the history."""
    engine = create_engine(url)
    facts = {}
    try:
        with engine.connect() as connection:
            for table in ("establishments", "contacts", "formations", "resources"):
                facts[table] = tuple(connection.execute(text(
                    "SELECT count(*), coalesce(sum(version), 0), "
                    "coalesce(sum(CASE WHEN archived THEN 1 ELSE 0 END), 0) FROM " + table  # noqa: S608 fixed names
                )).one())
            for table in ("catalogue_editions", "change_log", "calls", "callers", "companies", "referrals"):
                facts[table] = connection.execute(text("SELECT count(*) FROM " + table)).scalar()  # noqa: S608
    finally:
        engine.dispose()
    return facts


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", url, *args], capture_output=True,
                          text=True, timeout=300)


def kill_while_writing(argv: list[str], marker: str, timeout: float = 240) -> str:
    """Runs argv with stderr on a pty; SIGKILLs it when `marker` appears there. Returns what it printed."""
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        while marker.encode() not in seen:
            if time.monotonic() > deadline:
                pytest.fail(f"no {marker!r} within {timeout} s: {seen[-500:]!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the process closed its terminal: it has finished
                chunk = b""
            if not chunk:
                break
            seen += chunk
        process.send_signal(signal.SIGKILL)
        returncode = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    output = seen.decode("utf-8", "replace")
    assert returncode == -signal.SIGKILL, (
        f"the process ended on its own (code {returncode}) before it could be killed while writing: "
        f"make the workbook bigger. Output: {output[-500:]}"
    )
    return output


def test_import_killed_while_writing_leaves_the_catalogue_unchanged(db_url, dev_catalogue, big_workbook):
    assert cli(db_url, "import", str(dev_catalogue)).returncode == 0
    before = fingerprint(db_url)
    assert before["formations"][0] > 0

    output = kill_while_writing([sys.executable, "-m", "bouquet_desk", "--db", db_url, "import", str(big_workbook)],
                                WRITING)
    assert WRITING in output

    check = cli(db_url, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert fingerprint(db_url) == before
    # And the database takes the next write normally.
    assert cli(db_url, "call", "add", "--phone", "03 21 77 88 99", "--category", "PFMP").returncode == 0


KILL_AT_COMMIT = """
import os, signal, sys
from sqlalchemy import Engine, event

sent = []

@event.listens_for(Engine, "before_cursor_execute")
def note(connection, cursor, statement, parameters, context, executemany):
    sent.append(statement.split("(")[0].strip())

@event.listens_for(Engine, "commit")
def kill(connection):
    # Every row of the save has been sent inside the open transaction; COMMIT is about to be.
    print("sent before the kill:", "; ".join(sent), file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

from bouquet_desk.app import main
sys.exit(main(sys.argv[1:]))
"""


def test_save_killed_before_its_commit_leaves_nothing(db_url):
    assert cli(db_url, "db", "upgrade").returncode == 0
    assert cli(db_url, "call", "add", "--phone", "03 21 77 88 99", "--category", "PFMP").returncode == 0
    before = fingerprint(db_url)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT_COMMIT, "--db", db_url, "call", "add", "--phone", "03 21 00 00 01",
         "--caller-name", "Nouveau", "--company", "Entreprise nouvelle", "--category", "PFMP"],
        capture_output=True, text=True, timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "INSERT INTO calls" in killed.stderr and "INSERT INTO callers" in killed.stderr, killed.stderr
    check = cli(db_url, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert fingerprint(db_url) == before
