"""Search quality on the shared example catalogue and operator queries, through the real importer."""

from __future__ import annotations

from bouquet_desk.core.catalogue.importer import import_catalogue
from bouquet_desk.core.search.engine import SearchEngine
from bouquet_desk.core.search.evaluate import evaluate, load_queries

MIN_MRR = 0.85


def test_mrr_and_recall_on_dev_queries(dev_catalogue, sqlite_context, record_property, capsys):
    import_catalogue(sqlite_context, dev_catalogue)
    engine = SearchEngine(sqlite_context.reference)
    assert engine.build_from_db(sqlite_context.sessions) > 0
    result = evaluate(engine, load_queries(dev_catalogue.parent))
    record_property("mrr@10", round(result.mrr, 4))
    record_property("recall@10", round(result.recall, 4))
    with capsys.disabled():
        print(f"\nsearch quality: MRR@10={result.mrr:.3f} recall@10={result.recall:.3f} "
              f"over {len(result.per_query)} queries")
    misses = [(q.query, q.first_rank, f"{q.found}/{q.relevant}") for q in result.per_query if q.reciprocal_rank < 1]
    assert result.mrr >= MIN_MRR, misses
