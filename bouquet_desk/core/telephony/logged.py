"""The calls the telephone logs by itself, through the call services like any other: a missed call (a ring
nobody answered) and a number dialled from the window. Their motive is not known yet (UNQUALIFIED).

The queue of missed calls holds those not yet settled: a missed call is settled once a later call with
the same number exists (the operator called back, or the company rang again and was answered), or once
the operator marked it as seen on this PC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from ..calls.calls import CallInfo, NewCall, get_call, log_call
from ..calls.codes import UNQUALIFIED
from ..db.base import utcnow
from ..db.models import Call, Caller, Company
from ..phones import format_phone, parse_phone
from .events import number_e164

CAUSE_LABELS = {
    "cancel": "l'appelant a raccroché", "noAnswer": "pas de réponse", "busy": "occupé",
    "congestion": "réseau saturé", "notFound": "numéro introuvable", "normalClearing": "raccroché",
}


@dataclass(frozen=True)
class MissedCall:
    id: int
    rang_at: datetime  # naive UTC
    phone: str | None
    phone_display: str
    caller: str
    company: str
    company_id: int | None
    notes: str


# A ring sent to several PCs (a group or a queue) is one missed call, whichever PC logs it first.
SAME_RING = timedelta(seconds=20)


def log_missed_call(context, number: str, rang_at: datetime, ended_at: datetime, cause: str = "") -> CallInfo:
    """A ring nobody answered, logged with direction `missed` (hidden numbers are logged without one)."""
    phone = number_e164(number)
    if phone is not None:
        with context.sessions() as session:
            already = session.scalar(
                select(Call.id).where(Call.direction == "missed", Call.phone == phone,
                                      Call.started_at.between(rang_at - SAME_RING, rang_at + SAME_RING)).limit(1))
        if already is not None:
            return get_call(context, already)
    how = CAUSE_LABELS.get(cause, cause)
    notes = "Appel manqué" + (f" ({how})" if how else "")
    if number and phone is None:
        notes += f", numéro transmis : {number[:40]}"
    return log_call(context, NewCall(category=UNQUALIFIED, phone=phone, direction="missed", started_at=rang_at,
                                     ended_at=ended_at, notes=notes))


def log_dialled_call(context, number: str, whom: str = "", category: str | None = None) -> CallInfo:
    """A number dialled from the window (click to dial), logged as an outgoing call."""
    phone = parse_phone(number)
    notes = f"Appel composé vers {whom}" if whom else "Appel composé depuis Bouquet Desk"
    return log_call(context, NewCall(category=category or UNQUALIFIED, phone=phone or None, direction="outgoing",
                                     notes=notes))


# The queue looks this far back: a ring left unreturned for weeks is no longer a call to return today (it
# stays in the log), and the bound lets the started_at index answer instead of a scan of the whole log.
QUEUE_HORIZON = timedelta(days=14)


def _unsettled(after_id: int, since: datetime):
    later = aliased(Call)
    settled = exists().where(and_(later.phone == Call.phone, later.direction != "missed",
                                  later.started_at >= Call.started_at, later.id != Call.id))
    return and_(Call.started_at >= since, Call.direction == "missed", Call.id > after_id, ~settled)


def missed_queue(context, *, after_id: int = 0, limit: int = 200, now: datetime | None = None) -> list[MissedCall]:
    """Missed calls of the last two weeks still to return, newest first."""
    since = (now or utcnow()) - QUEUE_HORIZON
    with context.sessions() as session:
        rows = session.execute(
            select(Call.id, Call.started_at, Call.phone, Call.notes, Caller.name, Company.name, Call.company_id)
            .outerjoin(Caller, Caller.id == Call.caller_id).outerjoin(Company, Company.id == Call.company_id)
            .where(_unsettled(after_id, since)).order_by(Call.started_at.desc(), Call.id.desc()).limit(limit)
        ).all()
    return [MissedCall(id=row[0], rang_at=row[1], phone=row[2], phone_display=format_phone(row[2]) or "numéro masqué",
                       caller=row[4] or "", company=row[5] or "", company_id=row[6], notes=row[3])
            for row in rows]


def last_missed_id(context) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.max(Call.id)).where(Call.direction == "missed")) or 0


def missed_count(context, start: datetime | None = None, end: datetime | None = None) -> int:
    """Missed calls rung in [start, end) (naive UTC), for the dashboard."""
    query = select(func.count(Call.id)).where(Call.direction == "missed")
    if start is not None:
        query = query.where(Call.started_at >= start)
    if end is not None:
        query = query.where(Call.started_at < end)
    with context.sessions() as session:
        return session.scalar(query) or 0
