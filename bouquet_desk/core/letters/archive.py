"""Letters archived with their call: what the window lists, reopens and marks as sent.

Listing never loads the documents themselves (a .docx is ~40 KB, a PDF more); open_letter does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.base import utcnow
from ..db.models import Call, Contact, Establishment, Letter, Referral
from ..errors import UserError
from .fields import clean
from .files import safe_name
from .french import person_name


@dataclass(frozen=True)
class LetterInfo:
    id: int
    call_id: int
    referral_id: int | None
    recipient: str  # "company" or "contact"
    recipient_name: str  # "Dupont & Fils", or "Claire MARTIN (Lycée Henri Senez)"
    template: str
    created_at: datetime
    sent_at: datetime | None
    has_pdf: bool
    file_stem: str  # suggested file name without extension: "appel-42-entreprise", "appel-42-contact-C001"

    @property
    def label(self) -> str:
        kind = "Lettre à l'entreprise" if self.recipient == "company" else "Avis au contact"
        return f"{kind} – {self.recipient_name}" if self.recipient_name else kind


@dataclass(frozen=True)
class LetterFile:
    info: LetterInfo
    docx: bytes
    pdf: bytes | None


_COLUMNS = (Letter.id, Letter.call_id, Letter.referral_id, Letter.recipient, Letter.template, Letter.created_at,
            Letter.sent_at, Letter.pdf.is_not(None).label("has_pdf"))


def get_call(session: Session, call_id: int) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise UserError(f"Appel n° {call_id} introuvable.")
    return call


def _names(session: Session, call_ids: set[int], referral_ids: set[int]) -> tuple[dict, dict]:
    companies = {}
    for call in session.scalars(select(Call).where(Call.id.in_(call_ids))):
        company = call.company or (call.caller.company if call.caller else None)
        companies[call.id] = clean(company.name if company else (call.caller.name if call.caller else ""))
    contacts = {}
    rows = session.execute(
        select(Referral.id, Contact.ref, Contact.first_name, Contact.last_name, Establishment.name)
        .join(Contact, Referral.contact_id == Contact.id).join(Establishment, Referral.establishment_id ==
                                                               Establishment.id)
        .where(Referral.id.in_(referral_ids))
    )
    for referral_id, ref, first, last, establishment in rows:
        contacts[referral_id] = (ref, f"{person_name(clean(first), clean(last))} ({clean(establishment)})")
    return companies, contacts


def _infos(session: Session, rows) -> list[LetterInfo]:
    rows = list(rows)
    companies, contacts = _names(session, {row.call_id for row in rows},
                                 {row.referral_id for row in rows if row.referral_id})
    infos = []
    for row in rows:
        if row.recipient == "contact" and row.referral_id in contacts:
            ref, name = contacts[row.referral_id]
            stem = f"appel-{row.call_id}-contact-{safe_name(ref)}"
        else:
            name, stem = companies.get(row.call_id, ""), f"appel-{row.call_id}-entreprise"
        infos.append(LetterInfo(row.id, row.call_id, row.referral_id, row.recipient, name, row.template,
                                row.created_at, row.sent_at, bool(row.has_pdf), stem))
    return infos


def letter_infos(session: Session, letter_ids: list[int]) -> list[LetterInfo]:
    rows = session.execute(select(*_COLUMNS).where(Letter.id.in_(letter_ids)).order_by(Letter.id))
    return _infos(session, rows)


def list_letters(context, call_id: int) -> tuple[LetterInfo, ...]:
    """The letters of a call, oldest first."""
    with context.sessions.begin() as session:
        get_call(session, call_id)
        rows = session.execute(select(*_COLUMNS).where(Letter.call_id == call_id).order_by(Letter.id))
        return tuple(_infos(session, rows))


def open_letter(context, letter_id: int) -> LetterFile:
    """A stored letter with its documents, to show, print or save again."""
    with context.sessions.begin() as session:
        row = session.get(Letter, letter_id)
        if row is None:
            raise UserError(f"Courrier n° {letter_id} introuvable.")
        (info,) = letter_infos(session, [letter_id])
        return LetterFile(info, row.docx, row.pdf)


def store_pdf(context, letter_id: int, pdf: bytes) -> None:
    with context.sessions.begin() as session:
        row = session.get(Letter, letter_id)
        if row is None:
            raise UserError(f"Courrier n° {letter_id} introuvable.")
        row.pdf = pdf


def mark_letters_sent(session: Session, letter_ids, at: datetime | None = None) -> list[Letter]:
    """THE place where a letter becomes sent (printed, saved for sending, e-mailed by the outbox): its date
    is set once, in UTC like every stored timestamp; a letter already sent keeps its first date."""
    when = at or utcnow()
    rows = session.scalars(select(Letter).where(Letter.id.in_(list(letter_ids)))).all()
    missing = set(letter_ids) - {row.id for row in rows}
    if missing:
        raise UserError(f"Courrier(s) introuvable(s) : {', '.join(map(str, sorted(missing)))}.")
    for row in rows:
        if row.sent_at is None:
            row.sent_at = when
    session.flush()
    return list(rows)


def mark_sent(context, letter_ids: list[int] | tuple[int, ...], at: datetime | None = None) -> tuple[LetterInfo, ...]:
    """Records that the letters went out, in one session of its own (see mark_letters_sent)."""
    with context.sessions.begin() as session:
        mark_letters_sent(session, letter_ids, at)
        return tuple(letter_infos(session, list(letter_ids)))
