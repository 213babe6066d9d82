"""The call log's pages, read from the database: filtered and sorted by SQL, a page at a time, so that a log
of a million calls opens as fast as one of a hundred. Qt-free (plain SQLAlchemy), the model calls it.

    rows = page(context.sessions, LogFilter(category="PFMP"), sort="started_at", descending=True, offset=0)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import re

from sqlalchemy import false, func, or_, select, text as sql_text
from sqlalchemy.orm import Session

from .calls import local_day_start
from ..db.models import CALLS_TEXT_TABLE, Call, Caller, Company, Referral
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
    text: str = ""  # notes, search terms, company, caller, a phone number or part of one

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


# A free text matching at most this many calls is resolved to their ids through the text index, and the page is
# read from those ids; one matching more is common enough that reading the log in its order and testing each
# call finds a page after a few thousand rows. Either way no query walks the million calls.
SPARSE = 5000
PHONE_PART = re.compile(r"^\+?[\d\s.()-]+$")
MIN_INDEXED = 3  # the trigram index finds substrings of three characters or more


def phone_fragments(text: str) -> list[str]:
    """The forms a part of a phone number typed in the journal takes in the stored numbers (E.164, +33…):
    its digits, and for one written the French way from its leading 0 (« 03 21 70 »), the +33 form (« 33321 70 »).
    Empty when the text is not a piece of phone number."""
    if not PHONE_PART.match(text):
        return []
    digits = re.sub(r"\D", "", text)
    if len(digits) < MIN_INDEXED:
        return []
    found = [digits]
    if digits.startswith("0") and not digits.startswith("00") and len(digits) > MIN_INDEXED:
        found.append("33" + digits[1:])
    elif digits.startswith("00"):
        found.append(digits[2:])
    return found


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _text_like(text: str, fragments: list[str]):
    """The free text as LIKE tests on each call (the dense case, and PostgreSQL, where pg_trgm indexes them).
    The pattern is lowered here: SQLite's lower() knows only ASCII, so « SÉMINAIRE » would miss « séminaire »."""
    pattern = _like(text.lower())
    tests = [Call.notes.ilike(pattern, escape="\\"), Call.search_terms.ilike(pattern, escape="\\")]
    tests += [Call.phone.like(_like(fragment), escape="\\") for fragment in fragments]
    return tests


def _text_condition(session: Session, text: str):
    phone = parse_phone(text) if sum(ch.isdigit() for ch in text) >= 9 else None
    if phone is not None:  # a whole number: that number, as the call's or as its caller's
        callers = select(Caller.id).where(Caller.phone == phone)
        return or_(Call.phone == phone, Call.caller_id.in_(callers))
    pattern = _like(text)
    fragments = phone_fragments(text)
    companies = select(Company.id).where(Company.name.ilike(pattern, escape="\\"))
    caller_tests = [Caller.name.ilike(pattern, escape="\\")]
    caller_tests += [Caller.phone.like(_like(fragment), escape="\\") for fragment in fragments]
    callers = select(Caller.id).where(or_(*caller_tests))
    if session.get_bind().dialect.name != "sqlite" or len(text) < MIN_INDEXED:
        return or_(*_text_like(text, fragments), Call.company_id.in_(companies), Call.caller_id.in_(callers))
    # SQLite: the FTS5 trigram table of migration 0002 (notes, search terms, phone), read a bounded number of ids.
    query = " OR ".join(_fts_phrase(part) for part in dict.fromkeys([text, *fragments]))
    ids = set(session.scalars(sql_text(f"SELECT rowid FROM {CALLS_TEXT_TABLE} WHERE {CALLS_TEXT_TABLE} MATCH :q "
                                       "LIMIT :n"), {"q": query, "n": SPARSE + 1}))
    dense = len(ids) > SPARSE
    for column, owners in ((Call.company_id, companies), (Call.caller_id, callers)):
        if dense:
            break
        theirs = session.scalars(select(Call.id).where(column.in_(owners)).limit(SPARSE + 1)).all()
        dense = len(theirs) > SPARSE
        ids.update(theirs)
    if dense:
        return or_(*_text_like(text, fragments), Call.company_id.in_(companies), Call.caller_id.in_(callers))
    return Call.id.in_(sorted(ids)) if ids else false()


def _where(session: Session, query, filt: LogFilter):
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
        query = query.where(_text_condition(session, text))
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
    column = SORTS.get(sort, Call.started_at)
    with sessions() as session:
        query = _where(session, query, filt)
        if descending:
            query = query.order_by(column.desc(), Call.id.desc())
        else:
            query = query.order_by(column.asc(), Call.id.asc())
        query = query.offset(offset).limit(limit)
        return [LogRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8] or "",
                       row[9] or "", row[10] or "", row[11] or "", row[12] or 0)
                for row in session.execute(query)]


def count(sessions, filt: LogFilter, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(how many calls match, True when there are more than `cap`): counting a million rows is not free."""
    with sessions() as session:
        inner = _where(session, select(Call.id), filt).limit(cap + 1).subquery()
        found = session.scalar(select(func.count()).select_from(inner)) or 0
    return min(found, cap), found > cap
