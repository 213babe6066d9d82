"""Search quality over operator queries (shared/queries format): MRR@10 and recall@10, per set and per group.

    /work/venv/bin/python tests/benchmarks/eval_search.py [QUERIES ...] [--verbose] [--catalogue FILE.xlsx]

QUERIES are query files or folders (a folder means every queries_dev*.json in it); by default
../shared/queries. Queries marked "unanswerable" (nothing in the catalogue answers them) are left out of MRR
and recall; what they return is printed instead. The catalogue (catalogue_dev.xlsx beside the first queries
by default) is imported through the real importer into a temporary SQLite database; the index is built from
that database, as the application does.
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


def query_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for one in map(Path, paths):
        files.extend(sorted(one.glob("queries_dev*.json")) if one.is_dir() else [one])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", default=[str(DEFAULT_QUERIES)], help="folders or queries .json")
    parser.add_argument("--catalogue", help="catalogue workbook (default: catalogue_dev.xlsx beside the queries)")
    parser.add_argument("--verbose", "-v", action="store_true", help="one line per query")
    args = parser.parse_args(argv)

    missing = [one for one in args.queries if not Path(one).exists()]
    if missing:
        parser.error(f"not found: {', '.join(missing)} (give the shared/queries folder or tests/data)")
    files = query_files(args.queries)
    if not files:
        parser.error("no queries file found")
    catalogue = Path(args.catalogue) if args.catalogue else files[0].parent / "catalogue_dev.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        # The user's data folder and database are never touched.
        os.environ["BOUQUET_DESK_DATA_DIR"] = tmp
        from bouquet_desk.app import open_context
        from bouquet_desk.core.catalogue.importer import import_catalogue
        from bouquet_desk.core.search.engine import SearchEngine
        from bouquet_desk.core.search.evaluate import answerable, by_group, evaluate, load_queries

        context = open_context(f"sqlite:///{Path(tmp) / 'eval.db'}", seed_demo=False)
        try:
            import_catalogue(context, catalogue)
            engine = SearchEngine(context.reference)
            started = time.perf_counter()
            count = engine.build_from_db(context.sessions)
            built = time.perf_counter() - started
            print(f"{count} records indexed in {built:.2f} s")
            for path in files:
                queries = load_queries(path)
                scored = answerable(queries)
                result = evaluate(engine, scored)
                if args.verbose:
                    _print_queries(result)
                print(f"\n{path.name}: {len(scored)} queries scored")
                print(f"  MRR@10    {result.mrr:.3f}")
                print(f"  recall@10 {result.recall:.3f}")
                groups = by_group(scored, result)
                if len(groups) > 1:
                    for group, part in groups.items():
                        print(f"  {group:24s} {len(part.per_query):3d} queries  MRR@10 {part.mrr:.3f}  "
                              f"recall@10 {part.recall:.3f}")
                unanswerable = [entry for entry in queries if entry not in scored]
                if unanswerable:
                    print(f"  {len(unanswerable)} queries nothing answers (left out); what they return:")
                    for entry in unanswerable:
                        answer = engine.search(entry["q"], limit=3)
                        head = "exact" if answer.exact and answer.results else "Aucun résultat exact"
                        print(f"    « {entry['q']} » → {head}")
                        for found in answer.results:
                            print(f"        {found.kind}: {found.title[:50]} — {found.why[:90]}")
        finally:
            context.close()
    return 0


def _print_queries(result) -> None:
    for query in result.per_query:
        rank = query.first_rank or "-"
        print(f"{query.query[:40]:40s} rang {rank!s:>2}  RR {query.reciprocal_rank:.2f}  "
              f"rappel {query.recall:.2f} ({query.found}/{query.relevant})")
        if query.reciprocal_rank < 1:
            for label in query.top:
                print(f"{'':44s}{label}")


if __name__ == "__main__":
    sys.exit(main())
