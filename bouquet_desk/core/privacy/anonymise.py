"""Anonymising people in one session: the caller records, the calls' numbers and free text, referral notes,
archived letters, the history and logged searches that mention them. The calls stay, for the statistics."""

from __future__ import annotations

import functools
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from ..db.models import Call, Caller, ChangeLog, Letter, OutboxMessage, Referral, SearchLog
from .scrub import Identifiers, mentions, scrub_json, scrub_text

PERSONAL_FIELDS = ("name", "phone", "email")
_BATCH = 500


@dataclass(frozen=True)
class Anonymised:
    callers: int
    calls: int
    referrals: int
    letters: int
    history: int
    searches: int

    def describe(self) -> str:
        return (f"{self.callers} appelant(s), {self.calls} appel(s), {self.referrals} orientation(s), "
                f"{self.letters} courrier(s), {self.history} ligne(s) d'historique, {self.searches} recherche(s)")

    def as_dict(self) -> dict:
        return {"appelants": self.callers, "appels": self.calls, "orientations": self.referrals,
                "courriers": self.letters, "historique": self.history, "recherches": self.searches}


@functools.cache
def erased_letter() -> bytes:
    """What an archived letter becomes: a page saying it was erased, so that reopening it explains why.

    Always the same bytes (fixed text, dates and zip timestamps): a letter already replaced is recognised by
    equality, and a second purge changes nothing.
    """
    document = Document()
    document.add_paragraph(
        "Courrier effacé : il contenait des données personnelles d'un appelant, anonymisées conformément au RGPD "
        "(durée de conservation écoulée ou demande de la personne)."
    )
    document.add_paragraph("La date, le modèle et le destinataire du courrier restent enregistrés pour les statistiques.")
    properties = document.core_properties
    properties.author = properties.last_modified_by = "Bouquet Desk"
    properties.created = properties.modified = datetime(2000, 1, 1)
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(item.filename))
    return out.getvalue()


def anonymise(session: Session, caller_ids: set[int], call_ids: set[int], now: datetime) -> Anonymised:
    """Anonymises the callers `caller_ids` and, besides their own calls, the calls `call_ids` (no caller).

    Nothing is committed here; the caller of this function owns the transaction.
    """
    callers = session.scalars(select(Caller).where(Caller.id.in_(caller_ids or {-1}))).all()
    calls = session.scalars(
        select(Call).where(or_(Call.caller_id.in_(caller_ids or {-1}), Call.id.in_(call_ids or {-1})))
    ).all()
    identifiers = Identifiers.of([(c.name, c.phone, c.email) for c in callers]
                                 + [(None, call.phone, None) for call in calls])
    pattern, shared_pattern = identifiers.pattern(), identifiers.pattern(name_parts=False)

    changed_calls = 0
    for call in calls:
        notes, terms = scrub_text(call.notes, pattern=pattern), scrub_text(call.search_terms, pattern=pattern)
        if call.phone is not None or notes != call.notes or terms != call.search_terms:
            call.phone, call.notes, call.search_terms = None, notes, terms
            changed_calls += 1
    every_call = {call.id for call in calls}

    changed_referrals = 0
    for referral in session.scalars(select(Referral).where(Referral.call_id.in_(every_call or {-1}))):
        note, reason = scrub_text(referral.note, pattern=pattern), scrub_text(referral.reason, pattern=pattern)
        if note != referral.note or reason != referral.reason:
            referral.note, referral.reason = note, reason
            changed_referrals += 1

    placeholder = erased_letter()
    changed_letters = 0
    for letter in session.scalars(select(Letter).where(Letter.call_id.in_(every_call or {-1}))):
        if letter.docx != placeholder or letter.pdf is not None:
            letter.docx, letter.pdf = placeholder, None
            changed_letters += 1

    # The e-mails of these calls carry the caller's address and the letter itself: they go whole, sent or not.
    session.execute(delete(OutboxMessage).where(OutboxMessage.call_id.in_(every_call or {-1})))

    referral_ids = set(session.scalars(select(Referral.id).where(Referral.call_id.in_(every_call or {-1}))))
    own = {"caller": set(c.id for c in callers), "call": every_call, "referral": referral_ids}
    history = _scrub_history(session, pattern, shared_pattern, own)
    searches = _scrub_searches(session, shared_pattern)

    for caller in callers:
        if caller.anonymised_at is None or any(getattr(caller, f) for f in PERSONAL_FIELDS):
            caller.name = caller.phone = caller.email = None
            caller.anonymised_at = caller.anonymised_at or now
    session.flush()
    return Anonymised(len(callers), changed_calls, changed_referrals, changed_letters, history, searches)


def _scrub_history(session: Session, pattern, shared_pattern, own: dict[str, set[int]]) -> int:
    """History rows of the people's own records, and any other row naming them (the calls core keys caller
    rows by phone or name)."""
    if pattern is None:
        return 0
    changed = 0
    last_id = 0
    while True:
        rows = session.scalars(
            select(ChangeLog).where(ChangeLog.id > last_id).order_by(ChangeLog.id).limit(_BATCH)
        ).all()
        if not rows:
            return changed
        for row in rows:
            last_id = row.id
            if row.entity == "person":
                continue  # the audit log holds no personal data by construction
            chosen = pattern if row.entity_id in own.get(row.entity, ()) else shared_pattern
            if mentions(row.entity_key, chosen) or mentions(row.changes, chosen) or chosen is pattern:
                key, changes = scrub_text(row.entity_key, pattern=chosen)[:120], scrub_json(row.changes, chosen)
                if key != row.entity_key or changes != row.changes:
                    row.entity_key, row.changes = key, changes
                    changed += 1


def _scrub_searches(session: Session, pattern) -> int:  # the shared pattern: full names only
    """Logged searches are scrubbed of numbers and e-mails when written; a typed name may remain."""
    if pattern is None:
        return 0
    changed = 0
    for row in session.scalars(select(SearchLog)):
        if mentions(row.query, pattern):
            row.query = scrub_text(row.query, pattern=pattern)[:200]
            changed += 1
    return changed
