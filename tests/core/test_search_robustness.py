"""Bad input never breaks the search: empty, huge, emoji, control characters, SQL-looking text."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_samples import sample_engine

from bouquet_desk.core.search.normalize import MAX_QUERY_CHARS


@pytest.fixture(scope="module")
def engine():
    return sample_engine()


@pytest.mark.parametrize("query", [
    "", " ", "\x00", "\t\n\r", "'", "\"", "%", "_", "*", "?", "l'", "d'", "qu'", "à", "œ", "🔥", "👩‍🔧 soudeur",
    "'; DROP TABLE formations; --", "1 OR 1=1", "\\", "../../etc/passwd", "\u202e\u200b", "ǅ", "ﬁ", "ß",
    "0" * 50, "999999999999999999999 personnes", "salle -5 personnes", "salle 0 personnes", "à à à à",
])
def test_odd_queries(engine, query):
    answer = engine.search(query)
    for result in answer.results:
        assert result.why


def test_ten_thousand_characters_are_cut_and_fast(engine):
    query = "soudeur " * 1250
    started = time.perf_counter()
    answer = engine.search(query)
    assert time.perf_counter() - started < 1.0
    assert len(answer.query) <= MAX_QUERY_CHARS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text(engine, query):
    answer = engine.search(query, limit=5)
    assert len(answer.results) <= 5


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
       st.sampled_from([None, "formation", "resource", "establishment", "contact"]),
       st.integers(min_value=-5, max_value=10_000))
def test_any_text_any_kind_any_limit(engine, query, kind, limit):
    answer = engine.search(query, kind=kind, limit=limit)
    assert all(kind is None or result.kind == kind for result in answer.results)
