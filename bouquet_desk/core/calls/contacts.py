"""Catalogue contacts as the call log needs them: found by ref, and their absences (who replaces whom)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalogue.listing import contact_name
from ..db.models import Contact, ContactAbsence
from ..errors import UserError
from . import history
from .dates import format_date, parse_date
from .editing import edit


@dataclass(frozen=True)
class AbsenceInfo:
    id: int
    contact_id: int
    contact_ref: str
    contact_name: str
    start: date
    end: date
    reason: str
    backup_ref: str | None
    backup_name: str


def by_ref(session: Session, ref: str) -> Contact:
    text = (ref or "").strip()
    row = session.scalar(select(Contact).where(func.upper(Contact.ref) == text.upper()))
    if row is None:
        raise UserError(f"Contact inconnu : « {text} ». Donnez la référence du catalogue (par exemple C001).")
    return row


def absent_until(session: Session, day: date) -> dict[int, date]:
    """Contacts absent on `day`, with the last day of the absence (back-to-back absences joined)."""
    rows = session.scalars(
        select(ContactAbsence).where(ContactAbsence.end_date >= day).order_by(ContactAbsence.start_date)
    ).all()
    spans: dict[int, list[ContactAbsence]] = defaultdict(list)
    for row in rows:
        spans[row.contact_id].append(row)
    result: dict[int, date] = {}
    for contact_id, absences in spans.items():
        end = None
        for absence in absences:
            if end is None:
                if absence.start_date <= day:
                    end = absence.end_date
            elif absence.start_date <= end + timedelta(days=1):
                end = max(end, absence.end_date)
        if end is not None:
            result[contact_id] = end
    return result


def _info(row: ContactAbsence) -> AbsenceInfo:
    contact = row.contact
    backup = contact.backup
    return AbsenceInfo(
        row.id, contact.id, contact.ref, contact_name(contact), row.start_date, row.end_date, row.reason or "",
        backup.ref if backup is not None else None, contact_name(backup),
    )


def add_absence(context, ref: str, start: date | str, end: date | str, reason: str | None = None) -> AbsenceInfo:
    """Records that a contact is away from `start` to `end` inclusive; routing then offers the backup."""
    start = parse_date(start, what="Date de début")
    end = parse_date(end, what="Date de fin")
    if end < start:
        raise UserError(f"La fin de l'absence ({format_date(end)}) précède son début ({format_date(start)}).")
    with edit(context, "Ce contact") as session:
        contact = by_ref(session, ref)
        row = ContactAbsence(contact=contact, start_date=start, end_date=end, reason=(reason or "").strip() or None)
        session.add(row)
        session.flush()
        history.record(session, context.operator, "contact", contact.id, "absence",
                       {"absence": (None, f"{start.isoformat()}..{end.isoformat()}")}, key=contact.ref)
        return _info(row)


def remove_absence(context, absence_id: int) -> None:
    with edit(context, "Cette absence") as session:
        row = session.get(ContactAbsence, absence_id)
        if row is None:
            raise UserError(f"Absence inconnue : n° {absence_id}.")
        history.record(session, context.operator, "contact", row.contact_id, "absence",
                       {"absence": (f"{row.start_date.isoformat()}..{row.end_date.isoformat()}", None)},
                       key=row.contact.ref)
        session.delete(row)


def absences(context, ref: str | None = None, *, from_day: date | None = None) -> list[AbsenceInfo]:
    """Absences not over by `from_day` (all when None), of one contact or of everyone."""
    with context.sessions() as session:
        query = select(ContactAbsence).order_by(ContactAbsence.start_date, ContactAbsence.id)
        if ref is not None:
            query = query.where(ContactAbsence.contact_id == by_ref(session, ref).id)
        if from_day is not None:
            query = query.where(ContactAbsence.end_date >= from_day)
        return [_info(row) for row in session.scalars(query).all()]
