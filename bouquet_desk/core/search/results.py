"""What a search returns: frozen rows the window and the command line show as they are."""

from __future__ import annotations

from dataclasses import dataclass

from .query import Understanding
from .records import record_key


@dataclass(frozen=True, slots=True)
class SearchResult:
    kind: str
    uai: str
    title: str
    establishment: str
    commune: str | None
    score: float
    # Short French explanation of why this item came up: words, typo, synonym, job, distance.
    why: str
    cfd: str | None = None
    code: str | None = None
    ref: str | None = None
    distance_km: float | None = None
    capacity: int | None = None
    db_id: int | None = None
    # Not a match of every word: one of the nearest, shown because nothing matched well.
    approximate: bool = False

    @property
    def key(self) -> tuple[str, ...]:
        return record_key(self.kind, self.uai, self.cfd, self.code, self.ref)

    def to_json(self) -> dict:
        """The command line's JSON shape: kind, the natural keys of the kind, then what to show."""
        out: dict = {"kind": self.kind, "uai": self.uai}
        if self.kind == "formation":
            out["cfd"] = self.cfd
        elif self.kind == "resource":
            out["code"] = self.code
        elif self.kind == "contact":
            out["ref"] = self.ref
        out.update(title=self.title, establishment=self.establishment, commune=self.commune,
                   score=round(self.score, 4), why=self.why)
        if self.distance_km is not None:
            out["distance_km"] = round(self.distance_km, 1)
        if self.capacity is not None:
            out["capacity"] = self.capacity
        if self.approximate:
            out["approximate"] = True
        return out


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    """Results of one query, and what the query was understood to ask (shown under the search box)."""

    query: str
    results: tuple[SearchResult, ...]
    place: str | None = None
    min_capacity: int | None = None
    # What the words were understood to mean (intents, spoken words, place, room size), each undoable by key.
    understood: tuple[Understanding, ...] = ()
    # False when nothing matched every word: the results are the nearest ones (« Aucun résultat exact »).
    exact: bool = True

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self):
        return iter(self.results)
