"""Referrals: a call handed to a contact, with a deadline in working days, followed to an outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, object_session

from ..catalogue.listing import contact_name
from ..db.base import utcnow
from ..db.models import Call, Contact, Formation, OutboxMessage, Referral, ReferralItem, Resource
from ..errors import UserError
from ..labels import establishment_name
from ..phones import format_phone
from . import contacts, history, items
from .codes import (
    OPEN_REFERRAL_STATUSES,
    REFERRAL_OUTCOMES,
    REFERRAL_STATUSES,
    require_referral_outcome,
    require_referral_status,
    role_label,
)
from .editing import edit, locked
from .workdays import add_working_days

if TYPE_CHECKING:  # the services take the AppContext the composition root builds
    from ..context import AppContext

# Unanswered referrals older than this no longer count against a contact: people and habits change.
UNANSWERED_WINDOW = timedelta(days=180)


@dataclass(frozen=True)
class ReferralInfo:
    id: int
    call_id: int
    category: str
    company: str
    caller: str
    contact_id: int
    contact_ref: str
    contact_name: str
    role: str
    role_label: str
    contact_phone: str  # French display
    contact_email: str
    establishment_id: int
    uai: str
    establishment: str
    created_at: datetime
    due_on: date
    status: str
    status_label: str
    outcome: str | None
    outcome_label: str
    answered_at: datetime | None
    reason: str
    note: str
    items: tuple[items.ItemInfo, ...]
    overdue: bool  # still waiting for the contact after the deadline
    version: int


def referral_info(row: Referral, today: date | None = None) -> ReferralInfo:
    today = today or date.today()
    contact, establishment, call = row.contact, row.establishment, row.call
    session = object_session(row)
    listed = tuple(
        items.formation_item(session.get(Formation, item.formation_id)) if item.formation_id is not None
        else items.resource_item(session.get(Resource, item.resource_id))
        for item in row.items
    )
    return ReferralInfo(
        id=row.id, call_id=row.call_id, category=call.category,
        company=call.company.name if call.company is not None else "",
        caller=(call.caller.name or "") if call.caller is not None else "",
        contact_id=contact.id, contact_ref=contact.ref, contact_name=contact_name(contact), role=contact.role,
        role_label=role_label(contact.role), contact_phone=format_phone(contact.phone),
        contact_email=contact.email or "", establishment_id=establishment.id, uai=establishment.uai,
        establishment=establishment_name(establishment.name), created_at=row.created_at, due_on=row.due_on,
        status=row.status,
        status_label=REFERRAL_STATUSES.get(row.status, row.status), outcome=row.outcome,
        outcome_label=REFERRAL_OUTCOMES.get(row.outcome, "") if row.outcome else "",
        answered_at=row.answered_at, reason=row.reason, note=row.note, items=listed,
        overdue=row.status == "sent" and row.due_on < today, version=row.version,
    )


# ---------------------------------------------------------------- session level (no commit)


def due_date(context: AppContext, day: date) -> date:
    """The deadline of a referral made on `day`: settings.referral_deadline_days working days later."""
    return add_working_days(day, max(0, int(context.settings.referral_deadline_days)))


def create(
    session: Session, context: AppContext, call: Call, contact: Contact, *, formation_ids=(), resource_ids=(),
    reason: str = "", today: date | None = None,
) -> Referral:
    if contact.archived:
        raise UserError(f"Le contact {contact.ref} ({contact_name(contact)}) n'est plus au catalogue.")
    formations, resources = items.load(session, formation_ids, resource_ids)
    row = Referral(
        call=call, contact=contact, establishment_id=contact.establishment_id,
        due_on=due_date(context, today or date.today()), status="sent", reason=reason or "",
    )
    row.items = [ReferralItem(formation_id=f.id) for f in formations] + [ReferralItem(resource_id=r.id)
                                                                         for r in resources]
    session.add(row)
    session.flush()
    history.record(session, context.operator, "referral", row.id, "create",
                   {"contact": (None, contact.ref), "due_on": (None, row.due_on), "status": (None, "sent")},
                   key=f"{call.id}/{contact.ref}")
    if call.outcome is None:
        history.record(session, context.operator, "call", call.id, "update",
                       history.apply_changes(call, {"outcome": "referred"}), key=str(call.id))
    return row


def unanswered_counts(session: Session, today: date, since: date) -> dict[int, int]:
    """Per contact: referrals made since `since` left without answer (marked so, or still waiting past due)."""
    rows = session.execute(
        select(Referral.contact_id, func.count())
        .where(
            Referral.created_at >= datetime.combine(since, datetime.min.time()),
            or_(Referral.status == "no_answer", (Referral.status == "sent") & (Referral.due_on < today)),
        )
        .group_by(Referral.contact_id)
    ).all()
    counts = dict(rows)
    # Each reminder the helpdesk had to send counts too: a contact who answers only when chased answers less.
    reminded = session.execute(
        select(Referral.contact_id, func.count()).join(OutboxMessage, OutboxMessage.referral_id == Referral.id)
        .where(OutboxMessage.kind == "reminder", OutboxMessage.status == "sent",
               OutboxMessage.sent_at >= datetime.combine(since, datetime.min.time()))
        .group_by(Referral.contact_id)
    ).all()
    for contact_id, count in reminded:
        counts[contact_id] = counts.get(contact_id, 0) + count
    return counts


def recent_by_establishment(session: Session, category: str, since: datetime) -> dict[int, tuple[int, datetime]]:
    """Per establishment: (referrals of that category since `since`, the latest one's time)."""
    rows = session.execute(
        select(Referral.establishment_id, func.count(), func.max(Referral.created_at))
        .join(Call, Call.id == Referral.call_id)
        .where(Call.category == category, Referral.created_at >= since)
        .group_by(Referral.establishment_id)
    ).all()
    return {establishment_id: (count, latest) for establishment_id, count, latest in rows}


# ---------------------------------------------------------------- services (one session per action)


def refer(
    context: AppContext, call_id: int, contact: str | int, *, formation_ids=(), resource_ids=(), reason: str = "",
    today: date | None = None,
) -> ReferralInfo:
    """Hands call `call_id` to a contact (catalogue ref or id); due in settings.referral_deadline_days working days."""
    with edit(context, "Cet appel") as session:
        call = session.get(Call, call_id)
        if call is None:
            raise UserError(f"Appel inconnu : n° {call_id}.")
        if isinstance(contact, int):
            row = session.get(Contact, contact)
            if row is None:
                raise UserError(f"Contact inconnu : n° {contact}.")
        else:
            row = contacts.by_ref(session, contact)
        referral = create(session, context, call, row, formation_ids=formation_ids, resource_ids=resource_ids,
                          reason=reason, today=today)
        return referral_info(referral, today)


def locked_referral(session, referral_id: int, expected_version: int | None) -> Referral:
    """The referral to change, refused when unknown or when a colleague changed it since it was read."""
    return locked(session, Referral, referral_id, expected_version, unknown="Orientation inconnue",
                  changed="Cette orientation a été modifiée par un autre poste : rechargez-la.")


def update_referral(
    context: AppContext, referral_id: int, *, status: str | None = None, outcome: str | None = None,
    note: str | None = None, expected_version: int | None = None,
) -> ReferralInfo:
    """Follows a referral: the contact acknowledged it, it is done (with an outcome), or never answered.

    An outcome without a status closes the referral ("done").
    """
    if status is None and outcome is None and note is None:
        raise UserError("Rien à modifier : donnez un statut, un résultat ou une note.")
    status = require_referral_status(status) if status is not None else None
    outcome = require_referral_outcome(outcome) if outcome is not None else None
    if outcome is not None and status is None:
        status = "done"
    if outcome is not None and status != "done":
        raise UserError("Un résultat ne se donne qu'à une orientation terminée (statut done).")
    with edit(context, "Cette orientation") as session:
        row = locked_referral(session, referral_id, expected_version)
        values: dict = {}
        if status is not None:
            values["status"] = status
            if status in ("acknowledged", "done") and row.answered_at is None:
                values["answered_at"] = utcnow()
        if outcome is not None:
            values["outcome"] = outcome
        if note is not None:
            values["note"] = note.strip()
        # Field by field onto what is stored now, which may be a colleague's save: the result must still make
        # sense as a whole (no outcome on a referral that is not done), else this second writer is told.
        final_status, final_outcome = values.get("status", row.status), values.get("outcome", row.outcome)
        if final_outcome is not None and final_status != "done":
            raise UserError(
                f"Cette orientation est déjà terminée avec un résultat ({final_outcome}), peut-être par un autre "
                f"poste : elle ne peut pas passer au statut {final_status}. Rechargez-la ; pour changer le "
                "résultat, donnez --outcome.")
        changed = history.apply_changes(row, values)
        if changed:
            session.flush()
            history.record(session, context.operator, "referral", row.id, "update", changed,
                           key=f"{row.call_id}/{row.contact.ref}")
        return referral_info(row)


def list_referrals(
    context: AppContext, *, due: bool = False, today: date | None = None, status: str | None = None,
    call_id: int | None = None, contact: str | None = None, since: date | None = None,
) -> list[ReferralInfo]:
    """Referrals, oldest deadline first. `due`: still waiting for the contact and the deadline is reached."""
    today = today or date.today()
    with context.sessions() as session:
        query = select(Referral).order_by(Referral.due_on, Referral.id)
        if due:
            query = query.where(Referral.status == "sent", Referral.due_on <= today)
        if status is not None:
            query = query.where(Referral.status == require_referral_status(status))
        if call_id is not None:
            query = query.where(Referral.call_id == call_id)
        if contact is not None:
            query = query.where(Referral.contact_id == contacts.by_ref(session, contact).id)
        if since is not None:
            query = query.where(Referral.created_at >= datetime.combine(since, datetime.min.time()))
        return [referral_info(row, today) for row in session.scalars(query).all()]


def open_referrals_of(session: Session, *, company_id: int | None, caller_ids: list[int],
                      today: date) -> list[ReferralInfo]:
    """Referrals not closed yet for a company or its callers (shown when they call again)."""
    conditions = []
    if company_id is not None:
        conditions.append(Call.company_id == company_id)
    if caller_ids:
        conditions.append(Call.caller_id.in_(caller_ids))
    if not conditions:
        return []
    rows = session.scalars(
        select(Referral).join(Call, Call.id == Referral.call_id)
        .where(or_(*conditions), Referral.status.in_(OPEN_REFERRAL_STATUSES))
        .order_by(Referral.due_on, Referral.id)
    ).all()
    return [referral_info(row, today) for row in rows]

