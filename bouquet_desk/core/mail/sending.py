"""What the operator sends: the letters of a call (to the company, a notice to each contact), the letters of
every call still waiting for them, and reminders to contacts past their deadline. Each is queued in the outbox
(stored first), then the outbox is flushed.

A letter already queued or sent by e-mail is not queued twice; an unsent letter in the archive (prepared by
the operator) is reused rather than written again. A recipient without an address is skipped with a reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..db.models import Call, Letter, OutboxMessage, Referral
from ..errors import UserError
from ..letters.archive import get_call, open_letter
from ..letters.bulk import pending_calls, unsent_letters_of_call
from ..letters.fields import letter_fields
from ..letters.outputs import letter_pdf
from ..letters.pdf import soffice_path
from . import compose, outbox
from .config import SmtpConfig, require_config

log = logging.getLogger("bouquet_desk.mail")

LIVE = ("pending", "sending", "sent")


@dataclass(frozen=True)
class QueueResult:
    queued: tuple[outbox.OutboxInfo, ...]
    skipped: tuple[str, ...]  # why a recipient got nothing (no address, already queued)


def _letters_for(session, call: Call, *, company: bool, referral_ids, operator: str, today: date) -> list[int]:
    """The letters to queue: those of bulk.unsent_letters_of_call, less those already queued or sent by e-mail."""
    queued = session.execute(select(OutboxMessage.kind, OutboxMessage.referral_id).where(
        OutboxMessage.call_id == call.id, OutboxMessage.kind.in_(("letter", "notice")),
        OutboxMessage.status.in_(LIVE))).all()
    exclude = {("company" if kind == "letter" else "contact", referral_id) for kind, referral_id in queued}
    return unsent_letters_of_call(session, call, operator=operator, today=today, company=company,
                                  referral_ids=referral_ids, exclude=exclude)


def _attachment(context, letter_id: int) -> tuple[bytes, str]:
    """The PDF (kept with the letter once made), or the .docx when LibreOffice is not installed."""
    letter = open_letter(context, letter_id)
    if letter.pdf is None and soffice_path() is None:
        return letter.docx, f"{letter.info.file_stem}.docx"
    return letter_pdf(context, letter_id), f"{letter.info.file_stem}.pdf"


def queue_call(context, call_id: int, *, company: bool = True, notices: bool = True,
               referral_ids: list[int] | None = None, config: SmtpConfig | None = None,
               today: date | None = None) -> QueueResult:
    """Queues the letter to the company and the notices to the contacts of one call."""
    config = config or require_config(context.settings)
    today = today or date.today()
    with context.sessions.begin() as session:
        call = get_call(session, call_id)
        if not call.referrals:
            raise UserError(f"L'appel n° {call_id} n'a aucune orientation : rien à envoyer.")
        letter_ids = _letters_for(session, call, company=company,
                                  referral_ids=referral_ids if notices else [], operator=context.operator,
                                  today=today)
    if not letter_ids:
        return QueueResult((), (f"Appel n° {call_id} : courriers déjà envoyés ou en attente d'envoi.",))
    return _queue_letters(context, call_id, letter_ids, config, today)


def queue_letter(context, letter_id: int, *, config: SmtpConfig | None = None,
                 today: date | None = None) -> QueueResult:
    """Queues one archived letter (the one the operator chose in the call's letters), even if sent before."""
    config = config or require_config(context.settings)
    letter = open_letter(context, letter_id)
    return _queue_letters(context, letter.info.call_id, [letter_id], config, today or date.today())


def _queue_letters(context, call_id: int, letter_ids: list[int], config: SmtpConfig, today: date) -> QueueResult:
    attachments = {letter_id: _attachment(context, letter_id) for letter_id in letter_ids}
    queued, skipped = [], []
    with context.sessions.begin() as session:
        call = get_call(session, call_id)
        for letter_id in letter_ids:
            letter = session.get(Letter, letter_id)
            referral = session.get(Referral, letter.referral_id) if letter.referral_id else None
            fields = letter_fields(session, call, operator=context.operator, today=today, referral=referral)
            try:
                if referral is None:
                    message = compose.company_message(config, fields, attachments[letter_id])
                else:
                    message = compose.notice_message(config, fields, attachments[letter_id])
            except UserError as exc:
                skipped.append(str(exc))
                continue
            row = outbox.store(session, kind="notice" if referral else "letter",
                               to_address=message["To"].addresses[0].addr_spec, subject=str(message["Subject"]),
                               message=compose.as_bytes(message), operator=context.operator, call_id=call.id,
                               referral_id=referral.id if referral else None, letter_id=letter_id)
            queued.append(outbox.info(row))
    return QueueResult(tuple(queued), tuple(skipped))


def queue_pending(context, *, config: SmtpConfig | None = None, today: date | None = None) -> QueueResult:
    """Queues the letters of every call that has referrals and no letter sent yet."""
    config = config or require_config(context.settings)
    queued, skipped = [], []
    for pending in pending_calls(context):
        result = queue_call(context, pending.call_id, config=config, today=today)
        queued += result.queued
        skipped += [text for text in result.skipped if "déjà envoyés" not in text]
    return QueueResult(tuple(queued), tuple(skipped))


# ---------------------------------------------------------------- reminders


def reminder_pause(context) -> timedelta:
    """A contact reminded is not reminded again before the deadline they were given has passed once more."""
    return timedelta(days=max(1, int(context.settings.referral_deadline_days)))


def due_for_reminder(context, today: date | None = None) -> list:
    """Referrals still waiting for the contact past their deadline, not reminded within reminder_pause."""
    from ..calls.referrals import list_referrals
    from ..db.base import utcnow

    due = list_referrals(context, due=True, today=today)
    due = [row for row in due if row.due_on < (today or date.today())]
    if not due:
        return []
    since = utcnow() - reminder_pause(context)
    with context.sessions() as session:
        recent = set(session.scalars(select(OutboxMessage.referral_id).where(
            OutboxMessage.kind == "reminder", OutboxMessage.referral_id.in_([row.id for row in due]),
            (OutboxMessage.status.in_(("pending", "sending"))) | (OutboxMessage.created_at >= since) &
            (OutboxMessage.status == "sent"))))
    return [row for row in due if row.id not in recent]


def queue_reminders(context, referral_ids: list[int] | None = None, *, config: SmtpConfig | None = None,
                    today: date | None = None) -> QueueResult:
    """Queues a reminder to the contact of each referral (all those due_for_reminder when none given)."""
    config = config or require_config(context.settings)
    today = today or date.today()
    if referral_ids is None:
        referral_ids = [row.id for row in due_for_reminder(context, today)]
    queued, skipped = [], []
    with context.sessions.begin() as session:
        for referral_id in referral_ids:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise UserError(f"Orientation inconnue : n° {referral_id}.")
            if referral.status != "sent":
                skipped.append(f"Orientation n° {referral_id} : le contact a déjà répondu ou elle est close, "
                               "pas de relance.")
                continue
            fields = letter_fields(session, referral.call, operator=context.operator, today=today,
                                   referral=referral)
            try:
                message = compose.reminder_message(config, fields)
            except UserError as exc:
                skipped.append(str(exc))
                continue
            row = outbox.store(session, kind="reminder", to_address=message["To"].addresses[0].addr_spec,
                               subject=str(message["Subject"]), message=compose.as_bytes(message),
                               operator=context.operator, call_id=referral.call_id, referral_id=referral.id)
            queued.append(outbox.info(row))
    return QueueResult(tuple(queued), tuple(skipped))

