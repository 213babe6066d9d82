"""Fixtures of the call-log tests: a database holding the dev catalogue (Lens-Liévin), on SQLite and
PostgreSQL, and a context on SQLite only for the many routing cases."""

from __future__ import annotations

import pytest

from bouquet_desk.core.catalogue import import_catalogue


@pytest.fixture
def catalogue(context, dev_catalogue):
    """An AppContext (SQLite, then PostgreSQL) with the dev catalogue imported."""
    import_catalogue(context, dev_catalogue)
    context.settings.operator = "opératrice-test"
    return context


@pytest.fixture
def sqlite_catalogue(sqlite_context, dev_catalogue):
    import_catalogue(sqlite_context, dev_catalogue)
    sqlite_context.settings.operator = "opératrice-test"
    return sqlite_context
