"""The audit log of privacy acts (exports, erasures, purges), kept in the ChangeLog under entity "person".

An entry names the caller record by its number and says what was done and how much, never who the person
was: the audit log must not become the one place where an erased name survives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..db.base import utcnow
from ..db.models import ChangeLog

ENTITY = "person"
EXPORT, ERASE, PURGE = "rgpd_export", "rgpd_erase", "rgpd_purge"
ACTION_LABELS = {EXPORT: "export des données", ERASE: "effacement sur demande", PURGE: "purge (durée de conservation)"}
ERASED = "(effacé)"


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    who: str
    action: str
    action_label: str
    caller_id: int  # 0 for a purge, which concerns many records
    summary: str
    details: dict


def record(session: Session, who: str, action: str, caller_id: int, summary: str, details: dict) -> None:
    from ..catalogue.history import write_changes

    write_changes(session, [{
        "at": utcnow(), "who": who, "entity": ENTITY, "entity_id": caller_id, "entity_key": summary[:120],
        "action": action, "changes": json.dumps(details, ensure_ascii=False, sort_keys=True), "edition_id": None,
    }])


def cleared(fields: tuple[str, ...]) -> dict:
    """The history's {field: [old, new]} shape, the old value withheld."""
    return {name: [ERASED, None] for name in fields}


def audit_log(sessions: sessionmaker, limit: int = 200) -> list[AuditEntry]:
    """The latest privacy acts, newest first."""
    with sessions() as session:
        rows = session.scalars(
            select(ChangeLog).where(ChangeLog.entity == ENTITY).order_by(ChangeLog.at.desc(), ChangeLog.id.desc())
            .limit(limit)
        ).all()
        return [
            AuditEntry(row.at, row.who, row.action, ACTION_LABELS.get(row.action, row.action), row.entity_id,
                       row.entity_key, json.loads(row.changes or "{}"))
            for row in rows
        ]
