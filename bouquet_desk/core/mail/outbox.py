"""The outbox: every e-mail is stored in the database before any attempt, then sent, retried or given up.

    pending    waiting for its first attempt, or for the next one (next_attempt_at, growing backoff)
    sending    claimed by one PC while it talks to the server (a claim older than STALE_CLAIM is pending again:
               that PC died mid-send)
    sent       taken by the server; the letter it carries is marked sent, the call or referral's history says so
    failed     refused for good by the server (550 5.1.1 no such user…) or still undelivered after GIVE_UP
    cancelled  withdrawn by the operator

Several PCs may flush the same outbox: a message is claimed by an UPDATE … WHERE status = 'pending' that
only one of them wins, so no message leaves twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ..calls import history
from ..db.base import utcnow
from ..db.models import OutboxMessage
from ..errors import UserError
from ..letters.archive import mark_letters_sent
from .config import SmtpConfig, require_config
from .smtp import Connection, Outcome, ServerUnavailable

log = logging.getLogger("bouquet_desk.mail")

STATUSES = {"pending": "en attente", "sending": "envoi en cours", "sent": "envoyé", "failed": "échec",
            "cancelled": "annulé"}
KIND_LABELS = {"letter": "Lettre à l'entreprise", "notice": "Avis au contact", "reminder": "Relance du contact"}
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=2)
GIVE_UP = timedelta(days=3)
STALE_CLAIM = timedelta(minutes=10)
BATCH = 200


@dataclass(frozen=True)
class OutboxInfo:
    id: int
    created_at: datetime
    kind: str
    kind_label: str
    call_id: int | None
    referral_id: int | None
    letter_id: int | None
    to_address: str
    subject: str
    status: str
    status_label: str
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    answer: str


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    failed: int
    sent_today: int


@dataclass(frozen=True)
class FlushResult:
    sent: tuple[OutboxInfo, ...]
    failed: tuple[OutboxInfo, ...]
    waiting: tuple[OutboxInfo, ...]  # still pending after this attempt (server down, 4xx)
    error: str  # why the batch stopped ("" when the server answered every message)


def info(row: OutboxMessage) -> OutboxInfo:
    return OutboxInfo(row.id, row.created_at, row.kind, KIND_LABELS.get(row.kind, row.kind), row.call_id,
                      row.referral_id, row.letter_id, row.to_address, row.subject, row.status,
                      STATUSES.get(row.status, row.status), row.attempts, row.next_attempt_at, row.sent_at,
                      row.answer)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most two hours."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_RETRY)


def store(session: Session, *, kind: str, to_address: str, subject: str, message: bytes, operator: str,
          call_id: int | None = None, referral_id: int | None = None, letter_id: int | None = None) -> OutboxMessage:
    """Queues a message (session level: the caller's transaction makes it durable before any attempt)."""
    row = OutboxMessage(kind=kind, to_address=to_address, subject=subject[:500], message=message, status="pending",
                        attempts=0, answer="", operator=operator, call_id=call_id, referral_id=referral_id,
                        letter_id=letter_id)
    session.add(row)
    session.flush()
    return row


def list_outbox(context, *, status: str | None = None, limit: int = 500) -> tuple[OutboxInfo, ...]:
    """Newest first; `status` one of STATUSES."""
    if status is not None and status not in STATUSES:
        raise UserError(f"Statut inconnu : « {status} ». Valeurs possibles : {', '.join(STATUSES)}.")
    with context.sessions() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        if status is not None:
            query = query.where(OutboxMessage.status == status)
        return tuple(info(row) for row in session.scalars(query))


def counts(context, now: datetime | None = None) -> OutboxCounts:
    now = now or utcnow()
    with context.sessions() as session:
        by_status = dict(session.execute(select(OutboxMessage.status, func.count())
                                         .group_by(OutboxMessage.status)).all())
        today = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status == "sent", OutboxMessage.sent_at >= now.replace(hour=0, minute=0, second=0)))
    return OutboxCounts(by_status.get("pending", 0) + by_status.get("sending", 0), by_status.get("failed", 0),
                        today or 0)


def _due(now: datetime, force: bool):
    pending = OutboxMessage.status == "pending"
    if not force:
        pending = pending & or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)
    stale = (OutboxMessage.status == "sending") & (OutboxMessage.last_attempt_at < now - STALE_CLAIM)
    return or_(pending, stale)


def _claim(context, message_id: int, now: datetime) -> OutboxMessage | None:
    with context.sessions.begin() as session:
        claimed = session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id, _due(now, True))
            .values(status="sending", last_attempt_at=now, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            return None  # another PC took it, or the operator cancelled it
        row = session.get(OutboxMessage, message_id)
        session.expunge(row)
        return row


def _record(context, message_id: int, outcome: Outcome, now: datetime) -> OutboxInfo:
    with context.sessions.begin() as session:
        row = session.get(OutboxMessage, message_id)
        row.answer = outcome.answer[:2000]
        if outcome.status == "sent":
            row.status, row.sent_at, row.next_attempt_at = "sent", now, None
            _delivered(session, row, now)
        elif outcome.status == "failed":
            row.status, row.next_attempt_at = "failed", None
        elif now - row.created_at >= GIVE_UP:
            row.status, row.next_attempt_at = "failed", None
            row.answer = f"Abandonné après {row.attempts} tentative(s) : {outcome.answer}"[:2000]
        else:
            row.status, row.next_attempt_at = "pending", now + backoff(row.attempts)
        session.flush()
        return info(row)


def _delivered(session: Session, row: OutboxMessage, now: datetime) -> None:
    """What a delivered message changes: its letter is sent, the call's or referral's history records it."""
    if row.letter_id is not None:
        mark_letters_sent(session, [row.letter_id], now)
    change = {"courriel": (None, f"{KIND_LABELS.get(row.kind, row.kind)} envoyé à {row.to_address}")}
    action = "remind" if row.kind == "reminder" else "mail_sent"
    if row.referral_id is not None:
        history.record(session, row.operator, "referral", row.referral_id, action, change,
                       key=f"{row.call_id}/{row.referral_id}")
    if row.call_id is not None and row.kind != "reminder":
        history.record(session, row.operator, "call", row.call_id, "mail_sent", change, key=str(row.call_id))


def flush(context, *, force: bool = False, ids: list[int] | None = None, now: datetime | None = None,
          config: SmtpConfig | None = None) -> FlushResult:
    """Sends what waits (what is due, or everything pending with force) over one connection.

    The server down or unreachable: every message stays pending with its next attempt pushed back. A refused
    login or sender raises a UserError once the messages are back to pending with the server's answer.
    """
    now = now or utcnow()
    with context.sessions() as session:
        query = select(OutboxMessage.id).where(_due(now, force)).order_by(OutboxMessage.id).limit(BATCH)
        if ids is not None:
            query = query.where(OutboxMessage.id.in_(ids))
        due = list(session.scalars(query))
    if not due:
        return FlushResult((), (), (), "")
    config = config or require_config(context.settings)
    sent, failed, waiting, error = [], [], [], ""
    remaining = list(due)
    try:
        with Connection(config) as connection:
            while remaining:
                message_id = remaining[0]
                row = _claim(context, message_id, now)
                if row is None:
                    remaining.pop(0)
                    continue
                try:
                    outcome = connection.send(row.message, row.to_address)
                except ServerUnavailable:
                    raise
                except UserError as exc:
                    _record(context, message_id, Outcome("retry", str(exc)), now)
                    remaining.pop(0)
                    raise
                remaining.pop(0)
                result = _record(context, message_id, outcome, now)
                {"sent": sent, "failed": failed}.get(result.status, waiting).append(result)
                log.info("outbox message %s to %s: %s (%s)", message_id, row.to_address, result.status,
                         outcome.answer)
    except ServerUnavailable as exc:
        error = exc.answer
        waiting += _postpone(context, remaining, exc.answer, now)
    except UserError as exc:
        _postpone(context, remaining, str(exc), now)
        raise
    return FlushResult(tuple(sent), tuple(failed), tuple(waiting), error)


def _postpone(context, ids: list[int], answer: str, now: datetime) -> list[OutboxInfo]:
    """Messages the server could not take now: counted as an attempt, tried again after the backoff."""
    results = []
    for message_id in ids:
        with context.sessions.begin() as session:
            row = session.get(OutboxMessage, message_id)
            if row is None or row.status not in ("pending", "sending"):
                continue
            if row.status == "pending":
                row.attempts += 1
            row.last_attempt_at = now
            row.status = "pending"
        results.append(_record(context, message_id, Outcome("retry", answer), now))
    return results


def retry(context, ids: list[int]) -> tuple[OutboxInfo, ...]:
    """Failed or waiting messages put back at the head of the queue (the operator corrected an address)."""
    with context.sessions.begin() as session:
        rows = _rows(session, ids)
        for row in rows:
            if row.status in ("failed", "pending", "cancelled"):
                row.status, row.next_attempt_at = "pending", None
        session.flush()
        return tuple(info(row) for row in rows)


def cancel(context, ids: list[int]) -> tuple[OutboxInfo, ...]:
    """Withdraws messages not sent yet; a sent one stays sent."""
    with context.sessions.begin() as session:
        rows = _rows(session, ids)
        for row in rows:
            if row.status in ("pending", "failed"):
                row.status, row.next_attempt_at = "cancelled", None
        session.flush()
        return tuple(info(row) for row in rows)


def _rows(session: Session, ids: list[int]) -> list[OutboxMessage]:
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)).all()
    missing = set(ids) - {row.id for row in rows}
    if missing:
        raise UserError(f"Courriel(s) introuvable(s) dans la boîte d'envoi : {', '.join(map(str, sorted(missing)))}.")
    return list(rows)


def next_attempt(context) -> datetime | None:
    with context.sessions() as session:
        return session.scalar(select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "pending"))
