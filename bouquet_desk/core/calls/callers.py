"""Callers: the people who phone, recognised by their number however it is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue.validators import is_valid_email
from ..db.base import utcnow
from ..db.models import Caller, Company
from ..errors import UserError
from .claims import claim
from ..phones import format_phone, parse_phone
from ..reference import normalize_place
from . import history
from .editing import edit, locked

# Two spellings of one person's name ("Mme Dupont" / "Dupont Marie") score above this.
SAME_PERSON_SCORE = 85


@dataclass(frozen=True)
class CallerInfo:
    id: int
    name: str
    phone: str | None  # E.164
    phone_display: str
    email: str | None
    company_id: int | None
    company: str
    last_contact_at: datetime | None
    merged_into_id: int | None
    version: int


def caller_info(row: Caller) -> CallerInfo:
    return CallerInfo(
        row.id, row.name or "", row.phone, format_phone(row.phone), row.email, row.company_id,
        row.company.name if row.company is not None else "", row.last_contact_at, row.merged_into_id, row.version,
    )


def require_phone(text: str | None) -> str:
    """E.164 from any written form ("03.21.77.88.99", "0033321778899", ...), UserError otherwise."""
    e164 = parse_phone(text)
    if e164 is None:
        raise UserError(f"Numéro de téléphone invalide : « {(text or '').strip()} ». Exemple : 03 21 77 88 99.")
    return e164


def clean_email(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    if not is_valid_email(text.strip()):
        raise UserError(f"Adresse e-mail invalide : « {text.strip()} ».")
    return text.strip()


def same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return fuzz.token_set_ratio(normalize_place(a), normalize_place(b)) >= SAME_PERSON_SCORE


# ---------------------------------------------------------------- session level (no commit)


def live(session: Session, row: Caller) -> Caller:
    """The caller, or the one it was merged into."""
    seen = {row.id}
    while row.merged_into_id is not None:
        row = session.get(Caller, row.merged_into_id)
        if row.id in seen:  # a broken chain must not loop forever
            break
        seen.add(row.id)
    return row


def by_phone(session: Session, e164: str) -> list[Caller]:
    """Callers with that number, most recently heard first (several people can share a switchboard).

    A number of a merged duplicate (someone's mobile) still leads to the person it was merged into.
    """
    rows = {row.id: row for row in (live(session, row) for row in
                                    session.scalars(select(Caller).where(Caller.phone == e164)).all())}
    return sorted(rows.values(), key=lambda row: (row.last_contact_at or datetime.min, row.id), reverse=True)


def find_or_create(
    session: Session, who: str, *, phone: str | None, name: str | None = None, email: str | None = None,
    company: Company | None = None,
) -> Caller | None:
    """The person on the line: recognised by number (and name when several share it), else recorded.

    What the caller says now (name, e-mail, company) completes or corrects the record, with history.
    """
    name = (name or "").strip() or None
    email = clean_email(email)
    if phone is None and name is None:
        return None
    claim(session, "caller", phone or name)  # two PCs recording the same new caller make one record
    candidates = by_phone(session, phone) if phone else []
    row = None
    if name:
        row = next((c for c in candidates if same_person(c.name, name)), None)
        row = row or next((c for c in candidates if not c.name), None)
    elif candidates:
        row = candidates[0]
    if row is None:
        row = Caller(name=name, phone=phone, email=email, company_id=company.id if company else None,
                     last_contact_at=utcnow())
        session.add(row)
        session.flush()
        history.record(session, who, "caller", row.id, "create",
                       {"name": (None, name), "phone": (None, phone), "company_id": (None, row.company_id)},
                       key=phone or name or "")
        return row
    values: dict = {"last_contact_at": utcnow()}
    if name and not row.name:
        values["name"] = name
    if email:
        values["email"] = email
    if company is not None:
        values["company_id"] = company.id
    changed = history.apply_changes(row, values)
    changed.pop("last_contact_at", None)  # every call moves it; the calls themselves are the history
    if changed:
        history.record(session, who, "caller", row.id, "update", changed, key=row.phone or row.name or "")
    return row


# ---------------------------------------------------------------- services (one session per action)


def get_caller(context, caller_id: int) -> CallerInfo:
    with context.sessions() as session:
        row = session.get(Caller, caller_id)
        if row is None:
            raise UserError(f"Appelant inconnu : n° {caller_id}.")
        return caller_info(row)


def update_caller(context, caller_id: int, *, expected_version: int | None = None, **values) -> CallerInfo:
    """Changes some of name, phone, email, company_id, with history."""
    allowed = {"name", "phone", "email", "company_id"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with edit(context, "L'appelant") as session:
        row = locked(session, Caller, caller_id, expected_version, unknown="Appelant inconnu",
                     changed="Cet appelant a été modifié par un autre poste : rechargez-le avant de l'enregistrer.")
        clean: dict = {}
        if "name" in values:
            clean["name"] = (values["name"] or "").strip() or None
        if "phone" in values:
            clean["phone"] = require_phone(values["phone"]) if values["phone"] else None
        if "email" in values:
            clean["email"] = clean_email(values["email"])
        if "company_id" in values:
            company_id = values["company_id"]
            if company_id is not None and session.get(Company, company_id) is None:
                raise UserError(f"Entreprise inconnue : n° {company_id}.")
            clean["company_id"] = company_id
        changed = history.apply_changes(row, clean)
        if changed:
            session.flush()
            history.record(session, context.operator, "caller", row.id, "update", changed,
                           key=row.phone or row.name or "")
        session.refresh(row)
        return caller_info(row)
