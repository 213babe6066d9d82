"""The time stored with every row, in a module of its own: the window's first paint needs it (the call clock)
without loading SQLAlchemy, which core.db.base (where the models take it from) imports."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Naive UTC timestamps: SQLite has no time zones, so every stored datetime is UTC by convention."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
