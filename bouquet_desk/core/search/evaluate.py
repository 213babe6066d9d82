"""Search quality over a set of operator queries with known relevant items (shared/queries format):
MRR@10 (1/rank of the first relevant result in the first ten) and recall@10 (relevant items in the first
ten over min(10, number relevant))."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CUTOFF = 10


@dataclass(frozen=True)
class QueryScore:
    query: str
    reciprocal_rank: float
    recall: float
    first_rank: int | None
    found: int
    relevant: int
    top: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    per_query: tuple[QueryScore, ...]

    @property
    def mrr(self) -> float:
        return sum(q.reciprocal_rank for q in self.per_query) / max(1, len(self.per_query))

    @property
    def recall(self) -> float:
        return sum(q.recall for q in self.per_query) / max(1, len(self.per_query))


def load_queries(path: str | Path) -> list[dict]:
    path = Path(path)
    if path.is_dir():
        path = path / "queries_dev.json"
    return json.loads(path.read_text(encoding="utf-8"))


def answerable(queries: list[dict]) -> list[dict]:
    """The queries that count: those marked unanswerable (nothing in the catalogue answers them) are left out."""
    return [entry for entry in queries if not entry.get("unanswerable") and entry.get("relevant")]


def by_group(queries: list[dict], result: Evaluation) -> dict[str, Evaluation]:
    """The evaluation split by each query's "group" (queries and result in the same order)."""
    groups: dict[str, list[QueryScore]] = {}
    for entry, score in zip(queries, result.per_query):
        groups.setdefault(entry.get("group", "-"), []).append(score)
    return {group: Evaluation(tuple(scores)) for group, scores in groups.items()}


def matches(result: dict, item: dict) -> bool:
    """A result matches a relevant item when every key of the item equals the result's."""
    return all(result.get(key) == value for key, value in item.items())


def evaluate(engine, queries: list[dict], cutoff: int = CUTOFF) -> Evaluation:
    scores = []
    for entry in queries:
        answer = engine.search(entry["q"], limit=cutoff)
        results = [result.to_json() for result in answer.results[:cutoff]]
        relevant = entry["relevant"]
        first = None
        found = 0
        for item in relevant:
            if any(matches(result, item) for result in results):
                found += 1
        for rank, result in enumerate(results, start=1):
            if any(matches(result, item) for item in relevant):
                first = rank
                break
        scores.append(QueryScore(
            query=entry["q"], reciprocal_rank=1.0 / first if first else 0.0,
            recall=found / max(1, min(cutoff, len(relevant))), first_rank=first, found=found,
            relevant=len(relevant), top=tuple(_label(result) for result in results[:3]),
        ))
    return Evaluation(tuple(scores))


def _label(result: dict) -> str:
    keys = [result.get("uai") or "", result.get("cfd") or result.get("code") or result.get("ref") or ""]
    return f"{result['kind']}:{'/'.join(key for key in keys if key)} {result['title'][:40]}"
