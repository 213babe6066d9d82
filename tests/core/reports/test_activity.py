"""Activity figures against the generator's own record of what it wrote (dev catalogue + generated calls)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median

import pytest
from activity_data import POSITIVE, TODAY, activity, activity_template, build_activity  # noqa: F401
from sqlalchemy import select, update

from bouquet_desk.core.calls.codes import CATEGORIES
from bouquet_desk.core.db.models import Establishment
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.reports.activity import compute_activity
from bouquet_desk.core.reports.area import COMMUNE, TERRITORY, Area, available_areas
from bouquet_desk.core.reports.charts import report_charts
from bouquet_desk.core.reports.period import Period

YEAR = Period(date(2025, 9, 1), date(2026, 8, 31))


def expected(generated, period: Period, keep=lambda referral: True):
    calls = generated.calls_between(period.start, period.end)
    referrals = [r for c in calls for r in c.referrals if keep(r)]
    return calls, referrals


def late(referral) -> bool:
    return referral.answered_at is None and (
        referral.status == "no_answer" or (referral.status == "sent" and referral.due_on < TODAY))


def test_figures_match_the_calls_written(context):
    generated = build_activity(context)
    figures = compute_activity(context.sessions, YEAR, context.reference, today=TODAY)
    calls, referrals = expected(generated, YEAR)
    assert 100 < len(calls) < len(generated.calls), "the period must cut the generated activity"

    s = figures.summary
    assert s.calls == len(calls)
    assert s.referred_calls == sum(1 for c in calls if c.referrals)
    assert s.uncovered_calls == sum(1 for c in calls if c.outcome == "uncovered")
    assert s.referrals == len(referrals)
    assert s.answered_referrals == sum(1 for r in referrals if r.answered_at)
    assert s.overdue_referrals == sum(1 for r in referrals if late(r))
    assert s.positive_outcomes == sum(1 for r in referrals if r.outcome in POSITIVE)
    delays = [(r.answered_at - r.created_at).total_seconds() / 86400 for r in referrals if r.answered_at]
    assert s.median_answer_days == pytest.approx(median(delays), abs=0.01)
    assert s.empty_searches == sum(1 for at, _ in generated.searches if YEAR.start <= at.date() <= YEAR.end)

    by_category = {row.code: row.calls for row in figures.categories}
    assert by_category == {code: Counter(c.category for c in calls)[code] for code in CATEGORIES}
    assert sum(row.share for row in figures.categories) == pytest.approx(1.0)

    months = Counter(c.started_at.date().replace(day=1) for c in calls)
    assert [row.month for row in figures.months] == YEAR.months()
    assert {row.month: row.total for row in figures.months} == {m: months[m] for m in YEAR.months()}
    assert all(sum(row.counts) == row.total for row in figures.months)

    assert {row.establishment_id: row.referrals for row in figures.establishments} == Counter(
        r.establishment_id for r in referrals)
    ranked = [row.referrals for row in figures.establishments]
    assert ranked == sorted(ranked, reverse=True)
    assert {row.contact_id: row.referrals for row in figures.contacts} == Counter(r.contact_id for r in referrals)
    outcomes = {row.code: row.count for row in figures.outcomes}
    assert outcomes[""] == sum(1 for r in referrals if r.outcome is None)
    assert all(outcomes[code] == sum(1 for r in referrals if r.outcome == code) for code in POSITIVE + ["nothing"])


def test_median_answer_time_per_establishment(activity):
    context, generated = activity
    figures = compute_activity(context.sessions, YEAR, context.reference, today=TODAY)
    _, referrals = expected(generated, YEAR)
    for row in figures.establishments:
        delays = [(r.answered_at - r.created_at).total_seconds() / 86400
                  for r in referrals if r.establishment_id == row.establishment_id and r.answered_at]
        assert row.median_answer_days == (pytest.approx(median(delays), abs=0.01) if delays else None)
        assert row.overdue == sum(1 for r in referrals if r.establishment_id == row.establishment_id and late(r))


def test_a_commune_keeps_the_calls_referred_there(activity):
    context, generated = activity
    with context.sessions() as session:
        lens = set(session.scalars(select(Establishment.id).where(Establishment.commune == "Lens")))
    area = Area(COMMUNE, "Lens")
    assert area in available_areas(context.sessions)
    figures = compute_activity(context.sessions, YEAR, context.reference, area=area, today=TODAY)
    calls, referrals = expected(generated, YEAR, keep=lambda r: r.establishment_id in lens)
    linked = [c for c in calls if any(r.establishment_id in lens for r in c.referrals)]
    assert figures.summary.calls == len(linked) > 0
    assert figures.summary.referrals == len(referrals)
    assert {row.establishment_id for row in figures.establishments} <= lens
    assert figures.summary.uncovered_calls == 0  # an uncovered need reached no establishment
    assert figures.unmet.uncovered_calls > 0  # ...and still shows in the register, network-wide


def test_a_territory_filters_on_the_establishments_territory(activity):
    context, generated = activity
    with context.sessions.begin() as session:
        ids = list(session.scalars(select(Establishment.id).order_by(Establishment.id).limit(5)))
        session.execute(update(Establishment).where(Establishment.id.in_(ids)).values(territory="CA Hénin-Carvin"))
    areas = available_areas(context.sessions)
    assert areas[0] == Area(TERRITORY, "CA Hénin-Carvin")  # territories before communes
    figures = compute_activity(context.sessions, YEAR, context.reference, area=areas[0], today=TODAY)
    _, referrals = expected(generated, YEAR, keep=lambda r: r.establishment_id in ids)
    assert figures.summary.referrals == len(referrals) > 0
    assert {row.territory for row in figures.establishments} == {"CA Hénin-Carvin"}


def test_a_period_without_calls_gives_zeros_not_errors(activity):
    context, _ = activity
    empty = Period(date(2030, 1, 1), date(2030, 3, 31))
    figures = compute_activity(context.sessions, empty, context.reference, today=TODAY)
    assert figures.summary.calls == figures.summary.referrals == 0
    assert figures.summary.median_answer_days is None
    assert [row.total for row in figures.months] == [0, 0, 0]
    assert all(spec.is_empty for spec in report_charts(figures))


def test_search_terms_are_grouped_by_meaning_not_spelling(activity):
    context, generated = activity
    figures = compute_activity(context.sessions, YEAR, context.reference, today=TODAY)
    calls, _ = expected(generated, YEAR)
    typed = Counter(q for c in calls if c.outcome != "uncovered" for q in c.search_terms.split("\n") if q)
    electricien = next(row for row in figures.terms if row.key == "electricien")
    assert electricien.count == typed["électricien"] + typed["Électriciens"]
    assert electricien.label in ("électricien", "Électriciens")
    counts = [row.count for row in figures.terms]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("start, end, first, last", [
    ("2025-09-01", "31/08/2026", date(2025, 9, 1), date(2026, 8, 31)),
    ("01/01/2026", "2026-01-31", date(2026, 1, 1), date(2026, 1, 31)),
    (None, None, date(2025, 9, 1), date(2026, 8, 31)),
])
def test_periods_read_both_date_styles(start, end, first, last):
    assert Period.parse(start, end, today=date(2026, 3, 2)) == Period(first, last)


@pytest.mark.parametrize("start, end, message", [
    ("2026-02-30", None, "Date de début invalide"),
    ("2026-03-01", "31-13-2026", "Date de fin invalide"),
    ("2026-03-01", "2026-02-01", "Période vide"),
])
def test_bad_periods_are_refused_with_a_message(start, end, message):
    with pytest.raises(UserError, match=message):
        Period.parse(start, end)


def test_school_year_and_months():
    assert Period.school_year(date(2026, 8, 31)) == Period(date(2025, 9, 1), date(2026, 8, 31))
    assert Period.school_year(date(2026, 9, 1)) == Period(date(2026, 9, 1), date(2027, 8, 31))
    assert Period(date(2025, 11, 15), date(2026, 2, 1)).months() == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert Period.last_months(date(2026, 3, 10), 12).start == date(2025, 4, 1)
