"""Four operators' PCs logging calls at the same moment: every call is written once, none fails
(PostgreSQL; and SQLite in WAL mode with its busy timeout)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bouquet_desk.core.db.models import Call, ChangeLog

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
WRITERS, CALLS_EACH = 4, 40


@pytest.fixture
def run_writers():
    # The writer processes (spawned) import bench_load too: the folder stays on the path they inherit.
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from bench_load import run_writers

        yield run_writers
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_four_writers_log_160_calls_without_error(db_url, open_ctx, data_dir, run_writers):
    context = open_ctx(db_url)  # migrated once, before the writers start
    results = run_writers(db_url, str(data_dir), WRITERS, CALLS_EACH, timeout=300)
    errors = [error for result in results for error in result.errors]
    assert errors == []
    ids = [call_id for result in results for call_id in result.ids]
    assert len(ids) == WRITERS * CALLS_EACH and len(set(ids)) == len(ids)
    with context.sessions() as session:
        assert sorted(session.scalars(select(Call.id))) == sorted(ids)
        per_operator = dict(session.execute(select(Call.operator, func.count()).group_by(Call.operator)).all())
        assert per_operator == {f"poste-{w}": CALLS_EACH for w in range(WRITERS)}
        logged = session.scalar(select(func.count()).select_from(ChangeLog)
                                .where(ChangeLog.entity == "call", ChangeLog.action == "create"))
        assert logged == WRITERS * CALLS_EACH
