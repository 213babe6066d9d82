"""Fixtures of the letter tests; the data itself is in tests/letter_data.py, shared with the CLI tests."""

from __future__ import annotations

import pytest
from letter_data import require_soffice, seed_call


@pytest.fixture
def seeded(sqlite_context) -> tuple:
    """An SQLite context and a PFMP call with two referrals."""
    return sqlite_context, seed_call(sqlite_context)


@pytest.fixture
def soffice() -> None:
    require_soffice()
