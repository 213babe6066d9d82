"""The change log of catalogue rows: who changed what, when, from which value to which.

One ChangeLog row per created, updated, archived or restored row, with `changes` a JSON object
{field: [old, new]} (model attribute names; references by natural key: establishment UAI, contact ref).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..db.base import utcnow
from ..db.models import ChangeLog

CREATE = "create"
UPDATE = "update"
ARCHIVE = "archive"
RESTORE = "restore"

_KEY_LENGTH = ChangeLog.__table__.c.entity_key.type.length


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    entity: str
    entity_id: int
    entity_key: str
    action: str
    changes: dict[str, tuple]
    edition_id: int | None


def diff(old: Mapping, new: Mapping, fields: Iterable[str]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value differs."""
    return {name: [old.get(name), new.get(name)] for name in fields if old.get(name) != new.get(name)}


def change_row(
    *,
    entity: str,
    entity_id: int,
    key: str,
    action: str,
    changes: Mapping[str, list],
    who: str = "",
    at: datetime | None = None,
    edition_id: int | None = None,
) -> dict:
    """A ChangeLog row as a dict, ready for one bulk insert of many."""
    return {
        "at": at or utcnow(),
        "who": who or "",
        "entity": entity,
        "entity_id": entity_id,
        "entity_key": key[:_KEY_LENGTH],
        "action": action,
        "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True, default=str),
        "edition_id": edition_id,
    }


def write_changes(session: Session, rows: list[dict]) -> None:
    """Writes ChangeLog rows, stamped with the session's origin and noted for what the transaction changed
    (core.ops.changes reports them once it commits)."""
    if rows:
        from ..ops.changes import note_written

        origin = note_written(session, rows)
        for row in rows:
            row["origin"] = origin
        session.execute(insert(ChangeLog.__table__), rows)


def record_change(session: Session, **row) -> None:
    """One change (same arguments as change_row), for code that edits a single row."""
    write_changes(session, [change_row(**row)])


def history_of(session: Session, entity: str, entity_id: int) -> list[HistoryEntry]:
    """The changes of one row, oldest first."""
    rows = session.scalars(
        select(ChangeLog).where(ChangeLog.entity == entity, ChangeLog.entity_id == entity_id).order_by(ChangeLog.id)
    )
    return [
        HistoryEntry(
            at=row.at,
            who=row.who,
            entity=row.entity,
            entity_id=row.entity_id,
            entity_key=row.entity_key,
            action=row.action,
            changes={name: tuple(values) for name, values in json.loads(row.changes).items()},
            edition_id=row.edition_id,
        )
        for row in rows
    ]
