"""Where the database is: the URL given (--db, BOUQUET_DESK_DB) or the embedded default in the data folder.
Free of SQLAlchemy: the window resolves it (its single-instance name) before SQLAlchemy is loaded."""

from __future__ import annotations

import os
from pathlib import Path

from ..paths import user_data_dir

DB_ENV = "BOUQUET_DESK_DB"


def default_db_path() -> Path:
    return user_data_dir() / "bouquet-desk.db"


def default_url() -> str:
    return f"sqlite:///{default_db_path()}"


def resolve_url(explicit: str | None) -> tuple[str, bool]:
    """The database URL to use and whether it is the embedded default (which gets the demo on first use)."""
    url = explicit or os.environ.get(DB_ENV)
    if url:
        return url, False
    return default_url(), True
