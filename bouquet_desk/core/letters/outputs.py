"""What a stored letter becomes: a PDF (kept with it once made), an e-mail draft, files on disk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ..db.models import Referral
from .archive import LetterFile, get_call, open_letter, store_pdf
from .email_draft import build_eml, company_body, contact_body
from .fields import letter_fields
from .files import write_atomic
from .pdf import docx_to_pdf


@dataclass(frozen=True)
class EmailDraft:
    file_name: str  # "appel-42-entreprise.eml"
    to: str  # the address put in To:, "" when none is known
    subject: str
    data: bytes


def letter_pdf(context, letter_id: int) -> bytes:
    """The letter as PDF: converted by LibreOffice the first time, then read from the archive."""
    letter = open_letter(context, letter_id)
    if letter.pdf is not None:
        return letter.pdf
    pdf = docx_to_pdf(letter.docx, letter.info.file_stem)
    store_pdf(context, letter_id, pdf)
    return pdf


def draft_for(session: Session, letter: LetterFile, attachment: bytes, attachment_name: str, *,
              operator: str) -> EmailDraft:
    """The e-mail of a stored letter, written from today's data (an address corrected since is used)."""
    call = get_call(session, letter.info.call_id)
    referral = session.get(Referral, letter.info.referral_id) if letter.info.referral_id else None
    fields = letter_fields(session, call, operator=operator, today=date.today(), referral=referral)
    if referral is None:
        to_name, to_address = fields["demandeur"]["nom"] or fields["entreprise"]["nom"], fields["demandeur"]["courriel"]
        body = company_body(fields)
    else:
        contact = fields["orientation"]["contact"]
        to_name, to_address, body = contact["nom"], contact["courriel"], contact_body(fields)
    data = build_eml(subject=fields["objet"], body=body, attachment=attachment, attachment_name=attachment_name,
                     to_address=to_address, to_name=to_name)
    return EmailDraft(f"{letter.info.file_stem}.eml", to_address if "@" in to_address else "", fields["objet"], data)


def letter_email(context, letter_id: int) -> EmailDraft:
    """An e-mail draft with the letter attached as PDF (made with LibreOffice if not done yet)."""
    pdf = letter_pdf(context, letter_id)
    letter = open_letter(context, letter_id)
    with context.sessions.begin() as session:
        return draft_for(session, letter, pdf, f"{letter.info.file_stem}.pdf", operator=context.operator)


def export_letter(context, letter_id: int, *, docx: Path | None = None, pdf: Path | None = None,
                  eml: Path | None = None) -> list[Path]:
    """Writes the chosen outputs of a stored letter; each file appears whole or not at all."""
    written = []
    if pdf is not None or eml is not None:
        pdf_bytes = letter_pdf(context, letter_id)
    letter = open_letter(context, letter_id)
    if docx is not None:
        written.append(write_atomic(docx, letter.docx))
    if pdf is not None:
        written.append(write_atomic(pdf, pdf_bytes))
    if eml is not None:
        with context.sessions.begin() as session:
            draft = draft_for(session, letter, pdf_bytes, f"{letter.info.file_stem}.pdf",
                              operator=context.operator)
        written.append(write_atomic(eml, draft.data))
    return written
