"""Sending every letter not sent yet, in one action: the end-of-day round of the helpdesk.

A call is pending when it has referrals and none of its letters is marked sent. For each pending call the
letter to the company and a notice per referral are taken from the archive when an unsent one exists (the
operator may have prepared it already), made otherwise; then all are converted to PDF in one LibreOffice run,
written with their e-mail drafts to a folder, and marked sent.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..db.models import Call, Letter, Referral
from ..errors import UserError
from ..ops.failures import os_reason
from ..ops.scratch import scratch_prefix, scratch_root
from ..progress import Progress, no_progress
from .archive import LetterInfo, get_call, letter_infos, mark_sent, open_letter
from .compose import add_letter, render_for
from .fields import clean
from .files import write_atomic
from .outputs import draft_for
from .pdf import convert_to_pdf, require_soffice
from .templates import default_template


@dataclass(frozen=True)
class PendingCall:
    call_id: int
    started_at: datetime
    company: str
    referrals: int


@dataclass(frozen=True)
class BulkResult:
    call_ids: tuple[int, ...]
    letters: tuple[LetterInfo, ...]
    files: tuple[Path, ...]


def _pending_query():
    has_referral = exists().where(Referral.call_id == Call.id)
    was_sent = exists().where(Letter.call_id == Call.id, Letter.sent_at.is_not(None))
    return select(Call).where(has_referral, ~was_sent).order_by(Call.started_at, Call.id)


def pending_calls(context) -> tuple[PendingCall, ...]:
    with context.sessions.begin() as session:
        counts = dict(session.execute(select(Referral.call_id, func.count()).group_by(Referral.call_id)).all())
        pending = []
        for call in session.scalars(_pending_query()):
            company = call.company or (call.caller.company if call.caller else None)
            name = company.name if company else (call.caller.name if call.caller else "")
            pending.append(PendingCall(call.id, call.started_at, clean(name), counts.get(call.id, 0)))
        return tuple(pending)


def unsent_letters_of_call(session: Session, call: Call, *, operator: str, today: date, company: bool = True,
                           referral_ids=None, exclude=frozenset()) -> list[int]:
    """The company letter and one notice per referral (only referral_ids when given; none of the (recipient,
    referral_id) pairs in `exclude`): unsent archived ones reused, missing ones made."""
    unsent = session.scalars(select(Letter).where(Letter.call_id == call.id, Letter.sent_at.is_(None))
                             .order_by(Letter.id.desc())).all()
    targets = ([None] if company else []) + [row for row in call.referrals
                                             if referral_ids is None or row.id in referral_ids]
    chosen = []
    for referral in targets:
        recipient = "contact" if referral else "company"
        referral_id = referral.id if referral else None
        if (recipient, referral_id) in exclude:
            continue
        existing = next((row for row in unsent if row.recipient == recipient and row.referral_id == referral_id),
                        None)
        if existing is None:
            ref = default_template(call.category, recipient)
            existing = add_letter(session, call, referral, ref,
                                  render_for(session, call, referral, ref, operator=operator, today=today))
            session.flush()
        chosen.append(existing.id)
    return chosen


def send_pending(context, out_dir: Path, *, pdf: bool = True, email: bool = True, mark: bool = True,
                 progress: Progress = no_progress, today: date | None = None) -> BulkResult:
    """Writes the letters of every pending call into out_dir (.docx, .pdf, .eml) and marks them sent.

    Without pdf the e-mail drafts carry the .docx. A failure (a broken template, LibreOffice missing) stops
    before anything is marked sent: the letters already made stay in the archive, unsent, and are reused by
    the next run.
    """
    with context.sessions.begin() as session:
        call_ids = list(session.scalars(_pending_query().with_only_columns(Call.id)))
    if not call_ids:
        progress(1, 1, "Aucun courrier en attente")
        return BulkResult((), (), ())
    if pdf:
        require_soffice()  # before the first letter is made, not after all of them
    out_dir = Path(out_dir).expanduser()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Impossible de créer le dossier {out_dir} : {os_reason(exc)}") from exc
    total = len(call_ids) + int(pdf) + 1
    letter_ids: list[int] = []
    for done, call_id in enumerate(call_ids):
        progress(done, total, f"Courriers de l'appel n° {call_id}")
        with context.sessions.begin() as session:
            call = get_call(session, call_id)
            letter_ids += unsent_letters_of_call(session, call, operator=context.operator,
                                                 today=today or date.today())
    letters = [open_letter(context, letter_id) for letter_id in letter_ids]
    files = [write_atomic(out_dir / f"{letter.info.file_stem}.docx", letter.docx) for letter in letters]
    attachments = {letter.info.id: (letter.docx, f"{letter.info.file_stem}.docx") for letter in letters}
    if pdf:
        progress(len(call_ids), total, "Conversion en PDF")
        files += _pdfs(context, letters, out_dir, attachments)
    progress(total - 1, total, "Brouillons de courriels")
    if email:
        with context.sessions.begin() as session:
            for letter in letters:
                data, name = attachments[letter.info.id]
                draft = draft_for(session, letter, data, name, operator=context.operator)
                files.append(write_atomic(out_dir / draft.file_name, draft.data))
    if mark:
        infos = mark_sent(context, letter_ids)
    else:
        with context.sessions.begin() as session:
            infos = tuple(letter_infos(session, letter_ids))
    progress(total, total, "Courriers prêts")
    return BulkResult(tuple(call_ids), tuple(infos), tuple(files))


def _pdfs(context, letters, out_dir: Path, attachments: dict) -> list[Path]:
    """PDFs of the letters, the missing ones converted together in one LibreOffice run and archived."""
    pdfs = {letter.info.id: letter.pdf for letter in letters if letter.pdf is not None}
    to_convert = [letter for letter in letters if letter.pdf is None]
    with tempfile.TemporaryDirectory(prefix=scratch_prefix("bouquet-desk-bulk"), dir=scratch_root()) as folder:
        sources = []
        for letter in to_convert:
            source = Path(folder) / f"{letter.info.file_stem}.docx"
            source.write_bytes(letter.docx)
            sources.append(source)
        (Path(folder) / "pdf").mkdir()
        converted = convert_to_pdf(sources, Path(folder) / "pdf") if sources else []
        for letter, path in zip(to_convert, converted):
            pdfs[letter.info.id] = path.read_bytes()
    if to_convert:
        with context.sessions.begin() as session:
            for letter in to_convert:
                session.get(Letter, letter.info.id).pdf = pdfs[letter.info.id]
    written = []
    for letter in letters:
        name = f"{letter.info.file_stem}.pdf"
        attachments[letter.info.id] = (pdfs[letter.info.id], name)
        written.append(write_atomic(out_dir / name, pdfs[letter.info.id]))
    return written
