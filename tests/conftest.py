"""Shared fixtures: a temporary data folder, and databases on SQLite and (when reachable) PostgreSQL.

PostgreSQL tests read BOUQUET_DESK_TEST_PG (an admin URL such as postgresql+psycopg://postgres@127.0.0.1:55432/postgres).
Without it they skip with a reason; CI sets BOUQUET_DESK_REQUIRE_PG=1, which turns that skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

# GUI tests run without a display, here and in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ENV = "BOUQUET_DESK_TEST_PG"
REQUIRE_PG_ENV = "BOUQUET_DESK_REQUIRE_PG"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/ui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own user data folder, never the real one."""
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setenv("BOUQUET_DESK_DATA_DIR", str(folder))
    monkeypatch.delenv("BOUQUET_DESK_DB", raising=False)
    # A real keyring backend that writes a file (relocated into this data folder by core/mail/secrets.py), never
    # the developer's own keyring.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    return folder


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get(REQUIRE_PG_ENV):
        pytest.fail(f"{REQUIRE_PG_ENV} is set but {PG_ENV} is not: CI must start PostgreSQL")
    return None


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bd_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server is down: a skip on a laptop, a failure in CI
        engine.dispose()
        if os.environ.get(REQUIRE_PG_ENV):
            pytest.fail(f"PostgreSQL unreachable at {admin}: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def open_ctx():
    """Opens AppContexts through the composition root and closes them after the test."""
    from bouquet_desk.app import open_context

    opened = []

    def _open(url: str, **kwargs):
        kwargs.setdefault("seed_demo", False)
        context = open_context(url, **kwargs)
        opened.append(context)
        return context

    yield _open
    for context in opened:
        context.close()


@pytest.fixture
def context(db_url, open_ctx):
    """An AppContext on an empty, migrated database (SQLite and PostgreSQL)."""
    return open_ctx(db_url)


@pytest.fixture
def sqlite_context(sqlite_url, open_ctx):
    return open_ctx(sqlite_url)


DEV_CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue_dev.xlsx"


@pytest.fixture(scope="session")
def dev_catalogue() -> Path:
    """The example catalogue, with the operator queries beside it (a copy of shared/queries, see data/README.md)."""
    return DEV_CATALOGUE
