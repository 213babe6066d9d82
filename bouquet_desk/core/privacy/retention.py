"""The retention rule: a caller's personal data is kept `retention_years` (3 by default, the CNIL reference
for B2B prospects) after the last contact, then anonymised. Calls stay, without their personal details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, or_, select

from ..calls.dates import format_date
from ..db.base import utcnow
from ..db.models import Call, Caller
from ..errors import UserError
from ..reports.period import local_to_utc
from . import audit
from .anonymise import PERSONAL_FIELDS, Anonymised, anonymise
from .everywhere import compact_sqlite, identifiers_of, remove_drafts, rewrite_backups


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date
    dry_run: bool
    anonymised: Anonymised


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_cutoff(context, today: date | None = None) -> date:
    years = int(context.settings.retention_years)
    if years < 1:
        raise UserError(f"Durée de conservation invalide dans les réglages : {years} an(s) (au moins 1).")
    return years_before(today or date.today(), years)


def purge(context, *, before: date | None = None, today: date | None = None, dry_run: bool = False,
          everywhere: bool = True) -> PurgeResult:
    """Anonymises every caller whose last contact is before `before` (default: the retention cutoff), and the
    numbers and details of calls older than that which belong to no one identifiable any more."""
    today = today or date.today()
    cutoff = before or retention_cutoff(context, today)
    if cutoff > today:
        raise UserError(f"Date de purge dans le futur : {format_date(cutoff)}.")
    limit = local_to_utc(datetime.combine(cutoff, time()))
    now = utcnow()
    with context.sessions() as session:
        latest_call = dict(session.execute(
            select(Call.caller_id, func.max(Call.started_at)).where(Call.caller_id.is_not(None)).group_by(Call.caller_id)
        ).all())
        candidates = session.execute(
            select(Caller.id, Caller.last_contact_at, Caller.created_at, Caller.anonymised_at,
                   *(getattr(Caller, f) for f in PERSONAL_FIELDS))
        ).all()
        caller_ids = {
            row.id for row in candidates
            if _last_contact(row, latest_call.get(row.id)) < limit
            and (row.anonymised_at is None or any(getattr(row, f) for f in PERSONAL_FIELDS))
        }
        anonymous = {row.id for row in candidates if row.anonymised_at is not None}
        # Old calls of no one (or of someone already anonymised) may still carry a number or details.
        orphan_calls = set(session.scalars(
            select(Call.id).where(
                Call.started_at < limit,
                or_(Call.caller_id.is_(None), Call.caller_id.in_(anonymous or {-1})),
                or_(Call.phone.is_not(None), Call.notes != "", Call.search_terms != ""),
            )
        ))
        identifiers = identifiers_of(session, caller_ids)
        result = anonymise(session, caller_ids, orphan_calls, now)
        if dry_run:
            session.rollback()
        else:
            audit.record(
                session, context.operator, audit.PURGE, 0,
                f"purge avant le {format_date(cutoff)} : {result.callers} appelant(s), {result.calls} appel(s)",
                {"avant": [None, cutoff.isoformat()], **{k: [None, v] for k, v in result.as_dict().items()},
                 "numeros_appelants": [None, sorted(caller_ids)]},
            )
            session.commit()
    if not dry_run and everywhere:
        remove_drafts(identifiers)
        compact_sqlite(context.engine)
        rewrite_backups(context, lambda copy: purge(copy, before=cutoff, today=today, everywhere=False))
    return PurgeResult(cutoff, dry_run, result)


def _last_contact(row, latest_call: datetime | None) -> datetime:
    stamps = [stamp for stamp in (row.last_contact_at, latest_call) if stamp is not None]
    return max(stamps) if stamps else row.created_at
