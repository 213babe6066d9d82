"""Search quality over a folder of operator queries (shared/queries format): MRR@10 and recall@10.

    /work/venv/bin/python tests/benchmarks/eval_search.py [QUERIES_FOLDER] [--verbose] [--catalogue FILE.xlsx]

The catalogue (catalogue_dev.xlsx of the folder by default) is imported through the real importer into a
temporary SQLite database; the index is built from that database, as the application does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_QUERIES = REPO.parent / "shared" / "queries"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="?", default=str(DEFAULT_QUERIES), help="folder or queries .json")
    parser.add_argument("--catalogue", help="catalogue workbook (default: catalogue_dev.xlsx beside the queries)")
    parser.add_argument("--verbose", "-v", action="store_true", help="one line per query")
    args = parser.parse_args(argv)

    queries_path = Path(args.queries)
    folder = queries_path if queries_path.is_dir() else queries_path.parent
    catalogue = Path(args.catalogue) if args.catalogue else folder / "catalogue_dev.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        # The user's data folder and database are never touched.
        os.environ["BOUQUET_DESK_DATA_DIR"] = tmp
        from bouquet_desk.app import open_context
        from bouquet_desk.core.catalogue.importer import import_catalogue
        from bouquet_desk.core.search.engine import SearchEngine
        from bouquet_desk.core.search.evaluate import evaluate, load_queries

        context = open_context(f"sqlite:///{Path(tmp) / 'eval.db'}", seed_demo=False)
        try:
            import_catalogue(context, catalogue)
            engine = SearchEngine(context.reference)
            started = time.perf_counter()
            count = engine.build_from_db(context.sessions)
            built = time.perf_counter() - started
            result = evaluate(engine, load_queries(queries_path))
        finally:
            context.close()
    if args.verbose:
        for query in result.per_query:
            rank = query.first_rank or "-"
            print(f"{query.query[:40]:40s} rang {rank!s:>2}  RR {query.reciprocal_rank:.2f}  "
                  f"rappel {query.recall:.2f} ({query.found}/{query.relevant})")
            if query.reciprocal_rank < 1:
                for label in query.top:
                    print(f"{'':44s}{label}")
    print(f"{count} records indexed in {built:.2f} s; {len(result.per_query)} queries")
    print(f"MRR@10    {result.mrr:.3f}")
    print(f"recall@10 {result.recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
