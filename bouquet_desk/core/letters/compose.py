"""Writing letters for a call: the letter to the company, the notice to each contact; archived as they are made."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..db.models import Call, Letter, Referral
from ..errors import UserError
from . import wording
from .archive import LetterInfo, get_call, letter_infos
from .fields import LETTER_NAMES, letter_fields
from .render import render_docx
from .templates import TemplateRef, default_template, find_template, load_checked

RECIPIENTS = ("company", "contact")


def targets(call: Call, recipient: str, referral_id: int | None = None) -> list[Referral | None]:
    """None stands for the company letter; a referral for that referral's notice."""
    if recipient not in RECIPIENTS:
        raise UserError(f"Destinataire inconnu : « {recipient} ». Valeurs possibles : company, contact.")
    if not call.referrals:
        raise UserError(
            f"L'appel n° {call.id} n'a aucune orientation : il n'y a pas de mise en relation à confirmer par courrier."
        )
    if recipient == "company":
        return [None]
    chosen = [row for row in call.referrals if referral_id in (None, row.id)]
    if not chosen:
        raise UserError(f"L'orientation n° {referral_id} n'appartient pas à l'appel n° {call.id}.")
    return chosen


def render_for(session: Session, call: Call, referral: Referral | None, ref: TemplateRef, *, operator: str,
               today: date) -> bytes:
    fields = letter_fields(session, call, operator=operator, today=today, referral=referral)
    template = load_checked(ref, LETTER_NAMES)
    return render_docx(template, ref, fields, title=fields["objet"], author=wording.NETWORK_NAME)


def add_letter(session: Session, call: Call, referral: Referral | None, ref: TemplateRef, data: bytes) -> Letter:
    row = Letter(call_id=call.id, referral_id=referral.id if referral else None,
                 recipient="contact" if referral else "company", template=ref.name, docx=data)
    session.add(row)
    return row


def create_letters(context, call_id: int, *, to: str = "company", template: str | None = None,
                   referral_id: int | None = None, today: date | None = None) -> tuple[LetterInfo, ...]:
    """Renders and archives the letter to the company (one) or the notices to the contacts (one per referral,
    or only referral_id). `template` is a template name or a .docx path; by default the call's category
    chooses. Nothing is archived when any of them fails."""
    with context.sessions.begin() as session:
        call = get_call(session, call_id)
        chosen = targets(call, to, referral_id)
        ref = find_template(template) if template else default_template(call.category, to)
        # Everything is rendered before the first insert: a template error leaves the archive untouched, and
        # SQLite's write lock is held only for the inserts.
        documents = [render_for(session, call, referral, ref, operator=context.operator,
                                today=today or date.today()) for referral in chosen]
        rows = [add_letter(session, call, referral, ref, data) for referral, data in zip(chosen, documents)]
        session.flush()
        return tuple(letter_infos(session, [row.id for row in rows]))
