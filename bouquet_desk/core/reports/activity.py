"""Activity figures over a period: calls per month and category, referrals per establishment, outcomes,
how fast contacts answer, what operators searched. One read-only session; plain rows out.

Aggregation happens in Python over a few columns: a year of a helpdesk is a few thousand calls, and the
median (which SQLite lacks) must give the same answer on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from statistics import median

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from ..calls.codes import CATEGORIES, REFERRAL_OUTCOMES, ROLES, category_label
from ..db.base import utcnow
from ..db.models import Call, CallItem, Contact, Establishment, Formation, Referral, Resource, SearchLog
from ..labels import establishment_name
from ..privacy.terms import people_pattern, terms_only
from .area import Area
from .period import Period, month_label, utc_to_local
from .rows import (
    ActivityFigures,
    CategoryRow,
    ContactRow,
    EstablishmentRow,
    MonthRow,
    OutcomeRow,
    Summary,
    TermRow,
)
from .themes import theme_key
from .unmet import UNCOVERED, plain, split_queries, unmet_demand

NO_OUTCOME_YET = ""
# Outcomes that are not a success for the company (the referral led nowhere).
NEGATIVE_OUTCOMES = frozenset({"nothing"})
TOP_TERMS = 25


def compute_activity(
    sessions: sessionmaker, period: Period, reference, *, area: Area | None = None, today: date | None = None
) -> ActivityFigures:
    today = today or date.today()
    low, high = period.utc_bounds()
    with sessions() as session:
        calls = session.execute(
            select(Call.id, Call.started_at, Call.category, Call.outcome, Call.search_terms, Call.direction)
            .where(Call.started_at >= low, Call.started_at < high)
            .order_by(Call.started_at, Call.id)
        ).all()
        referral_query = (
            select(Referral.id, Referral.call_id, Referral.contact_id, Referral.establishment_id, Referral.status,
                   Referral.outcome, Referral.created_at, Referral.answered_at, Referral.due_on)
            .join(Call, Call.id == Referral.call_id)
            .where(Call.started_at >= low, Call.started_at < high)
        )
        if area is not None:
            area_ids = _area_establishments(session, area)
            linked = _calls_linked_to(session, area_ids)
            calls = [call for call in calls if call.id in linked]
            referral_query = referral_query.where(Referral.establishment_id.in_(area_ids or [-1]))
        referrals = session.execute(referral_query).all()
        establishments = _names(session, Establishment, {r.establishment_id for r in referrals})
        contacts = _contacts(session, {r.contact_id for r in referrals})
        people = people_pattern(session)
        empty_searches = session.scalar(
            select(func.count()).select_from(SearchLog)
            .where(SearchLog.results == 0, SearchLog.at >= low, SearchLog.at < high)
        ) or 0

    referred_calls = {r.call_id for r in referrals}
    answered = [r for r in referrals if r.answered_at is not None]
    delays = [_delay_days(r) for r in answered]
    outcomes = _outcomes(referrals)
    summary = Summary(
        calls=len(calls),
        referred_calls=sum(1 for c in calls if c.id in referred_calls),
        uncovered_calls=sum(1 for c in calls if c.outcome == UNCOVERED),
        referrals=len(referrals),
        answered_referrals=len(answered),
        overdue_referrals=sum(1 for r in referrals if _late_without_answer(r, today)),
        positive_outcomes=sum(row.count for row in outcomes if row.positive),
        median_answer_days=_median(delays),
        empty_searches=empty_searches,
        missed_calls=sum(1 for c in calls if c.direction == "missed"),
    )
    categories = _categories(calls, referred_calls)
    return ActivityFigures(
        period=period,
        area=area,
        computed_at=utcnow(),
        summary=summary,
        categories=categories,
        months=_months(period, calls, [row.code for row in categories]),
        outcomes=outcomes,
        establishments=_by_establishment(referrals, establishments, today),
        contacts=_by_contact(referrals, contacts, today),
        terms=_terms(calls, people),
        unmet=unmet_demand(sessions, period, reference),
    )


# ---------------------------------------------------------------- reading


def _area_establishments(session: Session, area: Area) -> list[int]:
    return list(session.scalars(select(Establishment.id).where(area.establishment_filter())))


def _calls_linked_to(session: Session, establishment_ids: list[int]) -> set[int]:
    """Calls referred to, or that discussed an item of, one of these establishments."""
    if not establishment_ids:
        return set()
    formations = select(Formation.id).where(Formation.establishment_id.in_(establishment_ids))
    resources = select(Resource.id).where(Resource.establishment_id.in_(establishment_ids))
    referred = session.scalars(select(Referral.call_id).where(Referral.establishment_id.in_(establishment_ids)))
    discussed = session.scalars(
        select(CallItem.call_id).where(or_(
            CallItem.establishment_id.in_(establishment_ids),
            CallItem.formation_id.in_(formations),
            CallItem.resource_id.in_(resources),
        ))
    )
    return set(referred) | set(discussed)


def _names(session: Session, model, ids: set[int]) -> dict[int, tuple[str, str, str]]:
    if not ids:
        return {}
    rows = session.execute(
        select(model.id, model.name, model.commune, model.territory).where(model.id.in_(ids))
    ).all()
    return {row.id: (establishment_name(row.name), row.commune or "", row.territory or "") for row in rows}


def _contacts(session: Session, ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """Contact id -> (name, role label, establishment name)."""
    if not ids:
        return {}
    rows = session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name, Contact.role, Establishment.name)
        .join(Establishment, Establishment.id == Contact.establishment_id)
        .where(Contact.id.in_(ids))
    ).all()
    return {
        row[0]: (" ".join(p for p in (row.first_name, row.last_name) if p), ROLES.get(row.role, row.role),
                 establishment_name(row[4]))
        for row in rows
    }


# ---------------------------------------------------------------- figures


def _delay_days(referral) -> float:
    return max(0.0, (referral.answered_at - referral.created_at).total_seconds() / 86400)


def _late_without_answer(referral, today: date) -> bool:
    """No answer, and either closed as such or past its due date."""
    if referral.answered_at is not None:
        return False
    return referral.status == "no_answer" or (referral.status == "sent" and referral.due_on < today)


def _median(values: list[float]) -> float | None:
    return round(median(values), 2) if values else None


def _categories(calls, referred_calls: set[int]) -> tuple[CategoryRow, ...]:
    counts: Counter[str] = Counter(call.category for call in calls)
    referred: Counter[str] = Counter(call.category for call in calls if call.id in referred_calls)
    uncovered: Counter[str] = Counter(call.category for call in calls if call.outcome == UNCOVERED)
    # Every known category keeps its row (a zero is an answer too); unknown codes follow, as stored.
    codes = list(CATEGORIES) + sorted(code for code in counts if code not in CATEGORIES)
    total = len(calls)
    return tuple(
        CategoryRow(code, category_label(code), counts[code], referred[code], uncovered[code],
                    counts[code] / total if total else 0.0)
        for code in codes
    )


def _months(period: Period, calls, codes: list[str]) -> tuple[MonthRow, ...]:
    grid: dict[date, Counter[str]] = {month: Counter() for month in period.months()}
    for call in calls:
        local = utc_to_local(call.started_at)
        grid.setdefault(local.date().replace(day=1), Counter())[call.category] += 1
    return tuple(
        MonthRow(month, month_label(month), tuple(grid[month][code] for code in codes), sum(grid[month].values()))
        for month in sorted(grid)
    )


def _outcomes(referrals) -> tuple[OutcomeRow, ...]:
    counts: Counter[str] = Counter(r.outcome or NO_OUTCOME_YET for r in referrals)
    codes = list(REFERRAL_OUTCOMES) + sorted(c for c in counts if c not in REFERRAL_OUTCOMES and c != NO_OUTCOME_YET)
    rows = [
        OutcomeRow(code, REFERRAL_OUTCOMES.get(code, code), counts[code], code not in NEGATIVE_OUTCOMES)
        for code in codes
    ]
    rows.append(OutcomeRow(NO_OUTCOME_YET, "pas encore de résultat", counts[NO_OUTCOME_YET], False))
    return tuple(rows)


def _by_establishment(referrals, names, today: date) -> tuple[EstablishmentRow, ...]:
    groups: dict[int, list] = defaultdict(list)
    for referral in referrals:
        groups[referral.establishment_id].append(referral)
    rows = []
    for establishment_id, items in groups.items():
        name, commune, territory = names.get(establishment_id, (f"n°{establishment_id}", "", ""))
        answered = [r for r in items if r.answered_at is not None]
        rows.append(EstablishmentRow(
            establishment_id=establishment_id, name=name, commune=commune, territory=territory,
            referrals=len(items), answered=len(answered),
            overdue=sum(1 for r in items if _late_without_answer(r, today)),
            positive=sum(1 for r in items if r.outcome and r.outcome not in NEGATIVE_OUTCOMES),
            median_answer_days=_median([_delay_days(r) for r in answered]),
        ))
    rows.sort(key=lambda row: (-row.referrals, row.name.casefold(), row.establishment_id))
    return tuple(rows)


def _by_contact(referrals, contacts, today: date) -> tuple[ContactRow, ...]:
    groups: dict[int, list] = defaultdict(list)
    for referral in referrals:
        groups[referral.contact_id].append(referral)
    rows = []
    for contact_id, items in groups.items():
        name, role, establishment = contacts.get(contact_id, (f"n°{contact_id}", "", ""))
        answered = [r for r in items if r.answered_at is not None]
        rows.append(ContactRow(
            contact_id=contact_id, name=name, role=role,
            establishment=establishment,
            referrals=len(items), answered=len(answered),
            overdue=sum(1 for r in items if _late_without_answer(r, today)),
            median_answer_days=_median([_delay_days(r) for r in answered]),
        ))
    rows.sort(key=lambda row: (-row.referrals, row.name.casefold(), row.contact_id))
    return tuple(rows)


def _terms(calls, people=None) -> tuple[TermRow, ...]:
    """The terms searched during calls, counted; what identifies a person is cut out first."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for call in calls:
        for query in split_queries(terms_only(call.search_terms, people)):
            key = theme_key(query)
            if key:
                counts[key] += 1
                forms[key][plain(query)] += 1
    rows = []
    for key, count in counts.items():
        label = sorted(forms[key].items(), key=lambda item: (-item[1], item[0].casefold()))[0][0]
        rows.append(TermRow(key, label, count))
    rows.sort(key=lambda row: (-row.count, row.label.casefold()))
    return tuple(rows[:TOP_TERMS])
