"""Calls logged per second by 1 and 4 operators' PCs at once (writer processes), on SQLite and PostgreSQL.

A script, not a test (benchmarks print figures; they do not assert timings):

    /work/venv/bin/python tests/benchmarks/bench_load.py [--calls N] [--writers 1,4] [--pg ADMIN_URL]

Each writer is a separate process with its own engine, as each operator's PC is, and logs its calls through
the calls core (`log_call`): caller recognised by phone, company found or created, history written. The
writers wait at a barrier after opening the database, so the figure is the writing alone. PostgreSQL runs
when --pg or BOUQUET_DESK_TEST_PG names an admin URL (a temporary database is created and dropped).
On a shared machine the figures are noisy: compare runs made side by side.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve()
CATEGORIES = ("PFMP", "APPRENTISSAGE", "RECRUTEMENT", "LOCAUX", "FORMATION_CONTINUE")


@dataclass
class WriterResult:
    worker: int
    ids: list[int]
    errors: list[str]
    started: float
    ended: float


def _writer(url: str, data_dir: str, worker: int, count: int, barrier, results) -> None:
    """One operator's PC: opens the database, waits for the others, logs `count` calls."""
    os.environ["BOUQUET_DESK_DATA_DIR"] = data_dir
    ids: list[int] = []
    errors: list[str] = []
    started = ended = time.time()
    try:
        from bouquet_desk.app import open_context
        from bouquet_desk.core.calls.calls import NewCall, log_call

        context = open_context(url, migrate=False, seed_demo=False)
        context.settings.operator = f"poste-{worker}"
        context.reference.commune("Lens")  # reference tables loaded before the clock starts
        try:
            barrier.wait(timeout=300)
            started = time.time()
            for n in range(count):
                # Every fifth call is a caller who phoned before (recognised); the others are new.
                known = n % 5 == 0 and n > 0
                phone = f"0321{worker:02d}{(0 if known else n):04d}"
                try:
                    info = log_call(context, NewCall(
                        category=CATEGORIES[n % len(CATEGORIES)], phone=phone,
                        caller_name=None if known else f"Appelant {worker}-{n}",
                        company_name=None if known else f"Entreprise {worker}-{n % 7}", commune="Lens",
                        notes=f"appel {n} du poste {worker}", search_terms="plombier",
                    ))
                    ids.append(info.id)
                except Exception as exc:  # noqa: BLE001 - a load test counts every failure
                    errors.append(f"{type(exc).__name__}: {exc}")
            ended = time.time()
        finally:
            context.close()
    except Exception:  # noqa: BLE001
        errors.append(traceback.format_exc())
    results.put(WriterResult(worker, ids, errors, started, ended))


def run_writers(url: str, data_dir: str, writers: int, calls_each: int, timeout: float = 600) -> list[WriterResult]:
    """Starts `writers` processes logging `calls_each` calls each into `url` (already migrated)."""
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(writers)
    results = spawn.Queue()
    processes = [spawn.Process(target=_writer, args=(url, data_dir, w, calls_each, barrier, results))
                 for w in range(writers)]
    for process in processes:
        process.start()
    collected = []
    deadline = time.monotonic() + timeout
    try:
        while len(collected) < writers:
            try:
                collected.append(results.get(timeout=1))
                continue
            except queue.Empty:
                pass
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                # A writer that died without a word (it could not even import this module) stops the run.
                raise RuntimeError(f"writers failed or hung: exit codes {[p.exitcode for p in processes]}")
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    return sorted(collected, key=lambda r: r.worker)


def throughput(results: list[WriterResult]) -> float:
    total = sum(len(r.ids) for r in results)
    span = max(r.ended for r in results) - min(r.started for r in results)
    return total / span if span > 0 else float("inf")


def migrate(url: str) -> None:
    from bouquet_desk.app import open_context

    open_context(url, seed_demo=False).close()


def _pg_database(admin: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bd_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))  # a generated name, not user input

    def drop():
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return make_url(admin).set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    sys.path.insert(0, str(HERE.parents[2]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100, help="calls logged by each writer")
    parser.add_argument("--writers", default="1,4", help="numbers of writer processes to try")
    parser.add_argument("--pg", default=os.environ.get("BOUQUET_DESK_TEST_PG"), help="PostgreSQL admin URL")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        backends = [("SQLite (WAL)", None)]
        if args.pg:
            backends.append(("PostgreSQL", args.pg))
        print(f"{args.calls} calls per writer, {os.cpu_count()} CPU (shared machine: figures are noisy)")
        for label, admin in backends:
            for writers in (int(n) for n in args.writers.split(",")):
                data_dir = folder / f"data-{uuid.uuid4().hex[:6]}"
                data_dir.mkdir()
                if admin is None:
                    url, drop = f"sqlite:///{data_dir / 'load.db'}", (lambda: None)
                else:
                    url, drop = _pg_database(admin)
                try:
                    migrate(url)
                    results = run_writers(url, str(data_dir), writers, args.calls)
                finally:
                    drop()
                errors = [e for r in results for e in r.errors]
                ids = [i for r in results for i in r.ids]
                print(f"{label:<14} {writers} writer(s): {throughput(results):7.1f} calls/s "
                      f"({len(ids)} calls, {len(set(ids))} distinct ids, {len(errors)} error(s))")
                for error in errors[:5]:
                    print("   ", error.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
