"""One edit = one transaction; a row saved meanwhile by another operator is refused in French.

Rows carry a version counter (VersionedMixin): an UPDATE that finds another version than the one read
matches nothing, and SQLAlchemy raises StaleDataError at flush. That is a user situation (two operators on
one record, PostgreSQL), not a bug.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import UserError


@contextmanager
def edit(context, what: str) -> Iterator[Session]:
    """`with edit(context, "Cet appel") as session:` — commits at the end, or refuses a concurrent save."""
    try:
        with context.sessions.begin() as session:
            yield session
    except StaleDataError as exc:
        raise UserError(f"{what} vient d'être modifié(e) sur un autre poste : rechargez et recommencez.") from exc
