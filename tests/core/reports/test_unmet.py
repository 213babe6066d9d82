"""The unmet-demand register: uncovered calls and empty searches, grouped into themes and ROME domains."""

from __future__ import annotations

from datetime import date, datetime

from activity_data import UNMET, activity, activity_template  # noqa: F401

from bouquet_desk.core.db.models import Call, SearchLog
from bouquet_desk.core.reports.period import Period
from bouquet_desk.core.reports.themes import NO_DOMAIN, ROME_DOMAINS, domain_label, job_index, theme_key
from bouquet_desk.core.reports.unmet import unmet_demand

YEAR = Period(date(2025, 9, 1), date(2026, 8, 31))


def test_spellings_of_one_need_make_one_theme():
    assert theme_key("Soudeuses") == theme_key("un soudeur ?") == theme_key("SOUDEUR") == "soudeur"
    assert theme_key("Couvreurs zingueurs") == theme_key("zingueur couvreur")
    assert theme_key("de la et") == ""


def test_job_words_find_their_rome_domain(context):
    index = job_index(context.reference)
    assert domain_label(index.domain_of(("soudeur",))) == ROME_DOMAINS["H"]
    assert domain_label(index.domain_of(("boulanger",))) == ROME_DOMAINS["D"]
    assert index.domain_of(("xyzzy",)) is None
    assert domain_label(None) == NO_DOMAIN


def test_register_counts_every_uncovered_call_and_empty_search_once(activity):
    context, generated = activity
    unmet = unmet_demand(context.sessions, YEAR, context.reference)
    calls = [c for c in generated.calls_between(YEAR.start, YEAR.end) if c.outcome == "uncovered"]
    searches = [q for at, q in generated.searches if YEAR.start <= at.date() <= YEAR.end]
    assert unmet.uncovered_calls == len(calls) > 0
    assert unmet.empty_searches == len(searches) > 0
    assert sum(t.uncovered_calls for t in unmet.themes) == len(calls)
    assert sum(t.empty_searches for t in unmet.themes) == len(searches)
    assert sum(d.total for d in unmet.domains) == len(calls) + len(searches)

    cordiste = next(t for t in unmet.themes if t.key == "cordiste")
    assert cordiste.uncovered_calls == sum(1 for c in calls if c.search_terms in ("cordiste", "Cordistes"))
    assert cordiste.empty_searches == sum(1 for q in searches if q in ("cordiste", "Cordistes"))
    assert set(cordiste.examples) <= {"cordiste", "Cordistes"}
    totals = [t.total for t in unmet.themes]
    assert totals == sorted(totals, reverse=True)
    # A call that said nothing searchable still counts, under its category.
    silent = sum(1 for c in calls if not c.search_terms)
    assert sum(t.uncovered_calls for t in unmet.themes if t.key.startswith("(")) == silent
    assert {t.label for t in unmet.themes if not t.key.startswith("(")} <= set(UNMET) | {
        "bac pro aéronautique", "formation grutier", "pilote de drone"}


def test_only_the_period_counts(context):
    with context.sessions.begin() as session:
        session.add_all([
            Call(started_at=datetime(2026, 1, 10, 10), category="PFMP", outcome="uncovered", search_terms="cordiste"),
            Call(started_at=datetime(2024, 1, 10, 10), category="PFMP", outcome="uncovered", search_terms="cordiste"),
            Call(started_at=datetime(2026, 1, 11, 10), category="PFMP", outcome="informed", search_terms="cordiste"),
            SearchLog(at=datetime(2026, 2, 1, 9), query="Cordistes", results=0),
            SearchLog(at=datetime(2023, 2, 1, 9), query="cordiste", results=0),
        ])
    unmet = unmet_demand(context.sessions, YEAR, context.reference)
    assert [(t.key, t.uncovered_calls, t.empty_searches) for t in unmet.themes] == [("cordiste", 1, 1)]
    assert unmet.categories == (("Stage (PFMP)", 1),)
    assert unmet.themes[0].last_seen == datetime(2026, 2, 1, 9)
