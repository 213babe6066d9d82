"""History of the call log (companies, callers, calls, referrals, absences), written in the same ChangeLog
as the catalogue through catalogue.history, so one history view serves both."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ..catalogue.history import HistoryEntry, history_of, record_change

__all__ = ["HistoryEntry", "apply_changes", "history", "record"]


def _plain(value: Any) -> Any:
    # ChangeLog.changes is JSON: dates travel as ISO text.
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def record(
    session: Session, who: str, entity: str, entity_id: int, action: str,
    changes: dict[str, tuple[Any, Any]] | None = None, *, key: str = "",
) -> None:
    """One ChangeLog row; `changes` maps a field to (old, new)."""
    payload = {name: [_plain(old), _plain(new)] for name, (old, new) in (changes or {}).items()}
    record_change(session, entity=entity, entity_id=entity_id, key=key, action=action, changes=payload, who=who)


def apply_changes(row: Any, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Sets the attributes that really change and returns them as {field: (old, new)}."""
    changed = {}
    for name, new in values.items():
        old = getattr(row, name)
        if old != new:
            setattr(row, name, new)
            changed[name] = (old, new)
    return changed


def history(sessions: sessionmaker, entity: str, entity_id: int) -> list[HistoryEntry]:
    """The history of one row ("company", "caller", "call", "referral", "contact"), oldest first."""
    with sessions() as session:
        return history_of(session, entity, entity_id)
