"""One edit = one transaction; a row saved meanwhile by another operator is refused in French (`locked` when the
version the operator saw is known, `edit` at flush otherwise).

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


def locked(session: Session, model, row_id: int, expected_version: int | None, *, unknown: str, changed: str):
    """The row to change in this transaction, refused in French when there is no such row (« {unknown} : n° 12. »)
    or when another operator saved it since it was read at `expected_version` (None: not checked)."""
    row = session.get(model, row_id)
    if row is None:
        raise UserError(f"{unknown} : n° {row_id}.")
    if expected_version is not None and row.version != expected_version:
        raise UserError(changed)
    return row


@contextmanager
def edit(context, what: str) -> Iterator[Session]:
    """`with edit(context, "Cet appel") as session:` — commits at the end, or refuses a concurrent save."""
    try:
        with context.sessions.begin() as session:
            yield session
    except StaleDataError as exc:
        raise UserError(f"{what} vient d'être modifié(e) sur un autre poste : rechargez et recommencez.") from exc
