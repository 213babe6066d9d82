"""The call log: every call with who, why, what was discussed, what came of it; edits keep their history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session, selectinload

from ..db.base import utcnow
from ..db.models import Call, CallItem, Caller, Establishment, Formation, Resource
from ..errors import UserError
from ..labels import establishment_name
from ..ops.retrying import retrying
from ..phones import format_phone
from . import callers, companies, contacts, history, items, referrals
from .codes import (
    CALL_OUTCOMES,
    DIRECTIONS,
    category_label,
    require_call_category,
    require_call_outcome,
    require_direction,
)
from .editing import edit, locked

if TYPE_CHECKING:  # the services take the AppContext the composition root builds
    from ..context import AppContext


@dataclass(frozen=True)
class CallInfo:
    id: int
    started_at: datetime  # naive UTC, like every stored time
    ended_at: datetime | None
    duration_s: int | None
    direction: str
    direction_label: str
    phone: str | None  # E.164
    phone_display: str
    caller_id: int | None
    caller: str
    company_id: int | None
    company: str
    siret: str | None
    category: str
    category_label: str
    notes: str
    search_terms: str
    outcome: str | None
    outcome_label: str
    follow_up_on: date | None
    operator: str
    items: tuple[items.ItemInfo, ...]
    referrals: tuple[referrals.ReferralInfo, ...]
    version: int


@dataclass(frozen=True)
class NewCall:
    """What the operator (or the telephone system) knows about a call being logged."""

    category: str
    phone: str | None = None
    caller_name: str | None = None
    caller_email: str | None = None
    company_id: int | None = None
    company_name: str | None = None
    siret: str | None = None
    commune: str | None = None  # of the company, when it is created now
    company_address: str | None = None  # street lines, when the company is created now or has none yet
    company_postal_code: str | None = None
    direction: str = "incoming"
    started_at: datetime | None = None  # naive UTC; now when None
    ended_at: datetime | None = None
    notes: str = ""
    search_terms: str = ""
    outcome: str | None = None
    follow_up_on: date | None = None
    formation_ids: tuple[int, ...] = ()
    resource_ids: tuple[int, ...] = ()
    establishment_ids: tuple[int, ...] = ()
    refer_to: tuple[str, ...] = field(default=())  # contact refs, one referral each


def call_info(row: Call, today: date | None = None) -> CallInfo:
    session = object_session(row)
    listed = []
    for item in row.items:
        if item.formation_id is not None:
            listed.append(items.formation_item(session.get(Formation, item.formation_id)))
        elif item.resource_id is not None:
            listed.append(items.resource_item(session.get(Resource, item.resource_id)))
        else:
            establishment = session.get(Establishment, item.establishment_id)
            listed.append(items.ItemInfo("establishment", establishment.id, establishment.uai, establishment.uai,
                                         establishment_name(establishment.name)))
    return CallInfo(
        id=row.id, started_at=row.started_at, ended_at=row.ended_at, duration_s=row.duration_s,
        direction=row.direction, direction_label=DIRECTIONS.get(row.direction, row.direction),
        phone=row.phone, phone_display=format_phone(row.phone), caller_id=row.caller_id,
        caller=(row.caller.name or "") if row.caller is not None else "",
        company_id=row.company_id, company=row.company.name if row.company is not None else "",
        siret=row.company.siret if row.company is not None else None,
        category=row.category, category_label=category_label(row.category), notes=row.notes,
        search_terms=row.search_terms, outcome=row.outcome,
        outcome_label=CALL_OUTCOMES.get(row.outcome, "") if row.outcome else "", follow_up_on=row.follow_up_on,
        operator=row.operator, items=tuple(listed),
        referrals=tuple(referrals.referral_info(referral, today) for referral in row.referrals),
        version=row.version,
    )


def local_day_start(day: date) -> datetime:
    """Midnight of `day` on this computer's clock, as the naive UTC the database stores."""
    return datetime.combine(day, time.min).astimezone(timezone.utc).replace(tzinfo=None)


def callback_day(outcome: str | None, follow_up_on: date | None, today: date | None = None) -> date | None:
    """A call to return always has a day: the one given, else today (the reminders list it at once)."""
    if outcome == "callback" and follow_up_on is None:
        return today or date.today()
    return follow_up_on


def _duration(started: datetime, ended: datetime | None) -> int | None:
    if ended is None:
        return None
    if ended < started:
        raise UserError("La fin de l'appel précède son début.")
    return int((ended - started).total_seconds())


def _set_items(session: Session, call: Call, formation_ids, resource_ids, establishment_ids) -> list[str]:
    """Replaces the catalogue items discussed; returns their refs for the history."""
    formations, resources = items.load(session, formation_ids, resource_ids)
    establishments = []
    for establishment_id in dict.fromkeys(establishment_ids):
        row = session.get(Establishment, establishment_id)
        if row is None:
            raise UserError(f"Établissement inconnu : n° {establishment_id}.")
        establishments.append(row)
    call.items = (
        [CallItem(formation_id=row.id) for row in formations]
        + [CallItem(resource_id=row.id) for row in resources]
        + [CallItem(establishment_id=row.id) for row in establishments]
    )
    return ([f"{row.establishment.uai}/{row.cfd}" for row in formations]
            + [f"{row.establishment.uai}/{row.code}" for row in resources]
            + [row.uai for row in establishments])


# ---------------------------------------------------------------- services (one session per action)


def log_call(context: AppContext, new: NewCall, *, today: date | None = None) -> CallInfo:
    """Records a call; recognises (or records) its caller and company; makes the referrals asked for.

    Never refused because a colleague touched the same caller or company meanwhile: retried whole.
    """
    return retrying(lambda: _log_call_once(context, new, today=today), what="log_call")


def _log_call_once(context: AppContext, new: NewCall, *, today: date | None = None) -> CallInfo:
    category = require_call_category(new.category)
    direction = require_direction(new.direction)
    outcome = require_call_outcome(new.outcome) if new.outcome else None
    if outcome is None and direction == "missed":
        outcome = "callback"  # a missed call is a call to return
    phone = callers.require_phone(new.phone) if new.phone and new.phone.strip() else None
    started = new.started_at or utcnow()
    duration = _duration(started, new.ended_at)
    who = context.operator
    with edit(context, "L'appelant ou l'entreprise") as session:
        company = None
        if new.company_id is not None:
            company = companies.live(session, new.company_id)
        else:
            company = companies.find_or_create(session, who, context.reference, name=new.company_name,
                                               siret=new.siret, commune=new.commune, address=new.company_address,
                                               postal_code=new.company_postal_code)
        caller = callers.find_or_create(session, who, phone=phone, name=new.caller_name, email=new.caller_email,
                                        company=company)
        if company is None and caller is not None and caller.company_id is not None:
            company = companies.live(session, caller.company_id)  # recognised: the company comes with the caller
        call = Call(
            started_at=started, ended_at=new.ended_at, duration_s=duration, direction=direction, phone=phone,
            caller_id=caller.id if caller else None, company_id=company.id if company else None,
            category=category, notes=(new.notes or "").strip(), search_terms=(new.search_terms or "").strip(),
            outcome=outcome, follow_up_on=callback_day(outcome, new.follow_up_on, today), operator=who,
        )
        session.add(call)
        refs = _set_items(session, call, new.formation_ids, new.resource_ids, new.establishment_ids)
        session.flush()
        history.record(session, who, "call", call.id, "create", {
            "category": (None, category), "phone": (None, phone), "company_id": (None, call.company_id),
            "caller_id": (None, call.caller_id), "outcome": (None, outcome), "items": (None, refs),
        }, key=str(call.id))
        discussed, booked = items.load(session, new.formation_ids, new.resource_ids)
        for ref in dict.fromkeys(new.refer_to):
            contact = contacts.by_ref(session, ref)
            # The referral carries the items discussed that the contact's establishment offers.
            referrals.create(
                session, context, call, contact, today=today,
                formation_ids=[row.id for row in discussed if row.establishment_id == contact.establishment_id],
                resource_ids=[row.id for row in booked if row.establishment_id == contact.establishment_id],
            )
        session.flush()
        session.refresh(call)
        return call_info(call, today)


_EDITABLE = {
    "category", "direction", "notes", "search_terms", "outcome", "follow_up_on", "started_at", "ended_at",
    "company_id", "caller_id",
}


def update_call(context: AppContext, call_id: int, *, expected_version: int | None = None, **values) -> CallInfo:
    """Edits a call; each changed field goes to the history as [old, new] with who and when.

    `expected_version` is the version the operator saw: another operator's save in between is refused.
    Items discussed are replaced with formation_ids / resource_ids / establishment_ids.
    """
    item_keys = {"formation_ids", "resource_ids", "establishment_ids"}
    unknown = set(values) - _EDITABLE - item_keys
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with edit(context, "Cet appel") as session:
        call = locked_call(session, call_id, expected_version)
        apply_update(session, context, call, values)
        return call_info(call)


def locked_call(session: Session, call_id: int, expected_version: int | None) -> Call:
    """The call to edit, refused when another operator saved it since `expected_version` (same transaction)."""
    return locked(session, Call, call_id, expected_version, unknown="Appel inconnu",
                  changed="Cet appel a été modifié par un autre poste : rechargez-le avant de l'enregistrer.")


def apply_update(session: Session, context, call: Call, values: dict) -> None:
    """Sets the fields of `values` on a call of this session; each changed one goes to the history."""
    item_keys = {"formation_ids", "resource_ids", "establishment_ids"}
    unknown = set(values) - _EDITABLE - item_keys
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    clean: dict = {}
    for name, value in values.items():
        if name == "category":
            clean[name] = require_call_category(value)
        elif name == "direction":
            clean[name] = require_direction(value)
        elif name == "outcome":
            clean[name] = require_call_outcome(value) if value else None
        elif name in ("notes", "search_terms"):
            clean[name] = (value or "").strip()
        elif name == "company_id":
            clean[name] = companies.live(session, value).id if value is not None else None
        elif name == "caller_id":
            if value is not None and session.get(Caller, value) is None:
                raise UserError(f"Appelant inconnu : n° {value}.")
            clean[name] = value
        elif name in ("started_at", "ended_at", "follow_up_on"):
            clean[name] = value
    if "started_at" in clean or "ended_at" in clean:
        started = clean.get("started_at", call.started_at)
        if started is None:
            raise UserError("Le début de l'appel est obligatoire.")
        clean["duration_s"] = _duration(started, clean.get("ended_at", call.ended_at))
    changed = history.apply_changes(call, clean)
    if item_keys & set(values):
        before = _item_refs(session, call)
        after = _set_items(session, call, values.get("formation_ids", ()), values.get("resource_ids", ()),
                           values.get("establishment_ids", ()))
        if before != after:
            changed["items"] = (before, after)
    if changed:
        session.flush()
        history.record(session, context.operator, "call", call.id, "update", changed, key=str(call.id))
    session.flush()
    session.refresh(call)


def _item_refs(session: Session, call: Call) -> list[str]:
    refs = []
    for item in call.items:
        if item.formation_id is not None:
            row = session.get(Formation, item.formation_id)
            refs.append(f"{row.establishment.uai}/{row.cfd}")
        elif item.resource_id is not None:
            row = session.get(Resource, item.resource_id)
            refs.append(f"{row.establishment.uai}/{row.code}")
        else:
            refs.append(session.get(Establishment, item.establishment_id).uai)
    return refs


def end_call(context: AppContext, call_id: int, ended_at: datetime | None = None) -> CallInfo:
    """Hangs up: the end time (now by default) and the duration."""
    return update_call(context, call_id, ended_at=ended_at or utcnow())


def finish_call(context: AppContext, call_id: int, ended_at: datetime | None = None) -> CallInfo:
    """The end of a call saved while still on the line (« Orienter » saves it), when the next call starts; a
    call that has its end keeps it: a duration never changes once the call ended."""
    current = get_call(context, call_id)
    if current.ended_at is not None:
        return current
    return end_call(context, call_id, ended_at)


def get_call(context: AppContext, call_id: int) -> CallInfo:
    with context.sessions() as session:
        call = session.get(Call, call_id)
        if call is None:
            raise UserError(f"Appel inconnu : n° {call_id}.")
        return call_info(call)


def _query():
    return select(Call).options(selectinload(Call.referrals), selectinload(Call.items))


def list_calls(
    context: AppContext, *, phone: str | None = None, since: date | None = None, company_id: int | None = None,
    caller_id: int | None = None, category: str | None = None, follow_up_by: date | None = None,
    limit: int | None = None,
) -> list[CallInfo]:
    """Calls, newest first. `phone` in any written form matches the number called from or the caller's.

    `follow_up_by`: calls with a follow-up date on or before that day (the operator's call-backs).
    """
    with context.sessions() as session:
        query = _query().order_by(Call.started_at.desc(), Call.id.desc())
        if phone is not None:
            e164 = callers.require_phone(phone)
            caller_ids = select(Caller.id).where(Caller.phone == e164)
            query = query.where(or_(Call.phone == e164, Call.caller_id.in_(caller_ids)))
        if since is not None:
            query = query.where(Call.started_at >= local_day_start(since))
        if company_id is not None:
            # Merging re-points calls, so the surviving company holds them all.
            query = query.where(Call.company_id == companies.live(session, company_id).id)
        if caller_id is not None:
            query = query.where(Call.caller_id == caller_id)
        if category is not None:
            query = query.where(Call.category == require_call_category(category))
        if follow_up_by is not None:
            query = query.where(Call.follow_up_on <= follow_up_by)
        if limit is not None:
            query = query.limit(limit)
        return [call_info(row) for row in session.scalars(query).all()]
