"""The call log's pages, read from the database: filtered and sorted by SQL, a page at a time, so that a log
of a million calls opens as fast as one of a hundred. Qt-free (plain SQLAlchemy), the model calls it.

    rows = page(context.sessions, LogFilter(category="PFMP"), sort="started_at", descending=True, offset=0)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select

from .calls import local_day_start
from ..db.models import Call, Caller, Company, Referral
from ..phones import parse_phone

PAGE = 200
COUNT_CAP = 10_000
NOTES_SHOWN = 160


@dataclass(frozen=True)
class LogFilter:
    since: date | None = None
    until: date | None = None  # inclusive
    category: str | None = None
    outcome: str | None = None  # a code, or "" for calls without outcome yet
    company: str = ""  # part of the company name
    text: str = ""  # notes, search terms, company, caller, or a phone number

    @property
    def empty(self) -> bool:
        return self == LogFilter()


@dataclass(frozen=True)
class LogRow:
    id: int
    started_at: datetime  # naive UTC
    duration_s: int | None
    direction: str
    phone: str | None
    category: str
    outcome: str | None
    follow_up_on: date | None
    operator: str
    company: str
    caller: str
    notes: str
    referrals: int


SORTS = {
    "started_at": Call.started_at,
    "duration": Call.duration_s,
    "direction": Call.direction,
    "company": Company.name,
    "caller": Caller.name,
    "phone": Call.phone,
    "category": Call.category,
    "outcome": Call.outcome,
    "follow_up": Call.follow_up_on,
    "operator": Call.operator,
}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(query, filt: LogFilter):
    if filt.since is not None:
        query = query.where(Call.started_at >= local_day_start(filt.since))
    if filt.until is not None:
        query = query.where(Call.started_at < local_day_start(filt.until + timedelta(days=1)))
    if filt.category:
        query = query.where(Call.category == filt.category)
    if filt.outcome is not None:
        query = query.where(Call.outcome.is_(None) if filt.outcome == "" else Call.outcome == filt.outcome)
    if filt.company.strip():
        companies = select(Company.id).where(Company.name.ilike(_like(filt.company.strip()), escape="\\"))
        query = query.where(Call.company_id.in_(companies))
    text = filt.text.strip()
    if text:
        phone = parse_phone(text) if sum(ch.isdigit() for ch in text) >= 9 else None
        if phone is not None:
            callers = select(Caller.id).where(Caller.phone == phone)
            query = query.where(or_(Call.phone == phone, Call.caller_id.in_(callers)))
        else:
            pattern = _like(text)
            companies = select(Company.id).where(Company.name.ilike(pattern, escape="\\"))
            callers = select(Caller.id).where(Caller.name.ilike(pattern, escape="\\"))
            query = query.where(or_(
                Call.notes.ilike(pattern, escape="\\"), Call.search_terms.ilike(pattern, escape="\\"),
                Call.company_id.in_(companies), Call.caller_id.in_(callers),
            ))
    return query


def page(sessions, filt: LogFilter, *, sort: str = "started_at", descending: bool = True, offset: int = 0,
         limit: int = PAGE) -> list[LogRow]:
    referral_count = (select(func.count(Referral.id)).where(Referral.call_id == Call.id)
                      .correlate(Call).scalar_subquery())
    query = (
        select(Call.id, Call.started_at, Call.duration_s, Call.direction, Call.phone, Call.category, Call.outcome,
               Call.follow_up_on, Call.operator, Company.name, Caller.name, func.substr(Call.notes, 1, NOTES_SHOWN),
               referral_count)
        .outerjoin(Company, Company.id == Call.company_id)
        .outerjoin(Caller, Caller.id == Call.caller_id)
    )
    query = _where(query, filt)
    column = SORTS.get(sort, Call.started_at)
    if descending:
        query = query.order_by(column.desc(), Call.id.desc())
    else:
        query = query.order_by(column.asc(), Call.id.asc())
    query = query.offset(offset).limit(limit)
    with sessions() as session:
        return [LogRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8] or "",
                       row[9] or "", row[10] or "", row[11] or "", row[12] or 0)
                for row in session.execute(query)]


def count(sessions, filt: LogFilter, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(how many calls match, True when there are more than `cap`): counting a million rows is not free."""
    inner = _where(select(Call.id), filt).limit(cap + 1).subquery()
    with sessions() as session:
        found = session.scalar(select(func.count()).select_from(inner)) or 0
    return min(found, cap), found > cap
