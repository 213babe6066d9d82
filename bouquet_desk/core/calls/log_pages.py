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
    sort_value: object = None  # the value of the column the page was sorted by: where the next page starts


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


def _after(column, descending: bool, value, last_id: int, nulls_smallest: bool):
    """The rows beyond (value, last_id) in the page order (keyset pagination): a next page costs as much as the
    first wherever it is, where OFFSET read and dropped every row before it. `col <= v` (or >=) is written out
    so that the column's index bounds the scan on SQLite and PostgreSQL alike. NULLs sort as the smallest values
    on SQLite and as the largest on PostgreSQL."""
    nulls_after = nulls_smallest == descending  # where NULLs come in this order: after every value, or before
    if value is None:
        same = (column.is_(None)) & ((Call.id < last_id) if descending else (Call.id > last_id))
        return same if nulls_after else or_(same, column.is_not(None))
    if descending:
        beyond = (column <= value) & ((column < value) | (Call.id < last_id))
    else:
        beyond = (column >= value) & ((column > value) | (Call.id > last_id))
    return or_(beyond, column.is_(None)) if nulls_after else beyond


def page(sessions, filt: LogFilter, *, sort: str = "started_at", descending: bool = True, offset: int = 0,
         limit: int = PAGE, after: LogRow | None = None) -> list[LogRow]:
    """A page of the log: the first one, the one after the row `after` (the last one shown, read by keyset:
    as fast at the thousandth page as at the first), or at `offset` rows."""
    referral_count = (select(func.count(Referral.id)).where(Referral.call_id == Call.id)
                      .correlate(Call).scalar_subquery())
    column = SORTS.get(sort, Call.started_at)
    query = (
        select(Call.id, Call.started_at, Call.duration_s, Call.direction, Call.phone, Call.category, Call.outcome,
               Call.follow_up_on, Call.operator, Company.name, Caller.name, func.substr(Call.notes, 1, NOTES_SHOWN),
               referral_count, column)
        .outerjoin(Company, Company.id == Call.company_id)
        .outerjoin(Caller, Caller.id == Call.caller_id)
    )
    with sessions() as session:
        query = _where(session, query, filt)
        if after is not None:
            nulls_smallest = session.get_bind().dialect.name == "sqlite"
            query = query.where(_after(column, descending, after.sort_value, after.id, nulls_smallest))
        if descending:
            query = query.order_by(column.desc(), Call.id.desc())
        else:
            query = query.order_by(column.asc(), Call.id.asc())
        query = query.limit(limit) if after is not None else query.offset(offset).limit(limit)
        return [LogRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8] or "",
                       row[9] or "", row[10] or "", row[11] or "", row[12] or 0, row[13])
                for row in session.execute(query)]


def count(sessions, filt: LogFilter, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(how many calls match, True when there are more than `cap`): counting a million rows is not free."""
    with sessions() as session:
        inner = _where(session, select(Call.id), filt).limit(cap + 1).subquery()
        found = session.scalar(select(func.count()).select_from(inner)) or 0
    return min(found, cap), found > cap
