"""Search quality on the shared example catalogue and both sets of operator queries, through the real importer:
single words (queries_dev.json) and phone speech (queries_dev2.json: spoken phrases, misspellings by ear,
slang, rooms with numbers and equipment, people as callers name them)."""

from __future__ import annotations

import pytest

from bouquet_desk.core.catalogue.importer import import_catalogue
from bouquet_desk.core.search.engine import SearchEngine
from bouquet_desk.core.search.evaluate import answerable, evaluate, load_queries

MIN_MRR = {"queries_dev.json": 0.95, "queries_dev2.json": 0.85}


@pytest.fixture
def dev_engine(dev_catalogue, sqlite_context):
    import_catalogue(sqlite_context, dev_catalogue)
    engine = SearchEngine(sqlite_context.reference)
    assert engine.build_from_db(sqlite_context.sessions) > 0
    return engine


@pytest.mark.parametrize("name", sorted(MIN_MRR))
def test_mrr_and_recall_on_dev_queries(name, dev_engine, dev_catalogue, record_property, capsys):
    queries = answerable(load_queries(dev_catalogue.parent / name))
    result = evaluate(dev_engine, queries)
    record_property("mrr@10", round(result.mrr, 4))
    record_property("recall@10", round(result.recall, 4))
    with capsys.disabled():
        print(f"\nsearch quality ({name}): MRR@10={result.mrr:.3f} recall@10={result.recall:.3f} "
              f"over {len(result.per_query)} queries")
    misses = [(q.query, q.first_rank, f"{q.found}/{q.relevant}") for q in result.per_query if q.reciprocal_rank < 1]
    assert result.mrr >= MIN_MRR[name], misses


def test_what_nothing_answers_is_said_so(dev_engine, dev_catalogue):
    """The queries the catalogue cannot answer get no exact result, never a blank list."""
    for entry in load_queries(dev_catalogue.parent / "queries_dev2.json"):
        if entry.get("unanswerable"):
            answer = dev_engine.search(entry["q"])
            assert not answer.exact, entry["q"]
            assert answer.results and all(result.approximate for result in answer.results), entry["q"]
