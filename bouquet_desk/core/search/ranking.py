"""Scoring: which records hold the query's words, in which fields, and how near the named town they are.

A record's text score is the sum over query words of the best (field weight × match quality) it offers for
that word, over the best possible; a record missing a word is pushed down, not thrown out, so that a query
with one unknown word still answers. A word a record holds only in its free-text description is a detail of
it, not what it is: it counts as missing there and only adds a small bonus, so that a description cannot
lift a record of another kind over those the other words are about. The rarest word is read first; the posting lists of very common words
are then only probed for the candidates already found, which keeps a keystroke cheap on a large catalogue.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from dataclasses import dataclass

from . import fields as F
from .expansion import Expansion
from .index import KIND_CODES, SearchIndex
from .places import place_key

# Reading a word stops after this many documents: the rest would tie with what was read. A town or a room
# size reorders everything found, so more is read then.
READ_CAP = 1000
READ_CAP_PLACED = 8000
# Weak fields (establishment, town, text) are read too when strong ones found fewer documents than this.
WEAK_THRESHOLD = 50
# A later word is read whole when its postings are few against the candidates; otherwise its lists are
# probed by binary search for at most PROBE_CAP best candidates, over its PROBE_TERMS best terms.
PROBE_COST = 2
PROBE_CAP = 300
PROBE_TERMS = 5
# Candidates found by a later word join the set only while the set is small (partial matches then help).
UNION_BELOW = 100
MISSING_WORD_FACTOR = 0.5
# Distance at which the place factor is halfway down: a town orders equal matches, a few km do not lift a
# weaker match (a neighbouring job) over a direct one.
PLACE_HALF_KM = 8.0
# A word found twice in one record (in its title and through its job link) counts a little more than once.
AGREEMENT = 0.08
# A word found only in a record's description: its value, scaled by this, is added like an optional word's.
LOOSE_BONUS = 0.05


# A room far bigger than asked fits, but a closer size is the better offer: at twice the size asked, a room
# scores this much less; at four times, twice that.
OVERSIZE_PENALTY = 0.15


@dataclass(frozen=True, slots=True)
class Scored:
    doc: int
    score: float
    distance_km: float | None
    # The words of the query found in the record (outside its description alone), all or nearly.
    complete: bool = True


def score(index: SearchIndex, expansions: list[Expansion], optional: list[Expansion], *, kind: str | None,
          min_capacity: int | None, origin: tuple[float, float] | None, limit: int,
          kind_factors: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0), town: str | None = None,
          record_factor=None, browse: bool = False) -> list[Scored]:
    """`record_factor(record)`, when given, scales each record's score (what the caller's intent prefers).
    `browse`: no word found anything, list everything of the kind asked (establishments by default)."""
    kind_code = KIND_CODES.get(kind) if kind else None
    if min_capacity is not None:
        kind_code = KIND_CODES["resource"]
    records = index.records
    kinds = index.kinds
    n_words = len(expansions)
    best: list[dict[int, float]] = [{} for _ in expansions]
    # Per word, the documents holding it in a field better than the description.
    solid: list[set[int]] = [set() for _ in expansions]
    candidates: dict[int, None] | None = None
    sizes = [_postings_count(index, expansion) for expansion in expansions]
    cap = READ_CAP_PLACED if origin is not None or min_capacity is not None else READ_CAP
    for i in sorted(range(n_words), key=lambda i: sizes[i]):
        if candidates is None:
            _read(index, expansions[i], best[i], kind_code, None, cap, solid[i], min_capacity)
            candidates = dict.fromkeys(best[i])
        elif len(candidates) < UNION_BELOW:
            # Few candidates: read the word whole (up to the cap), its documents join as partial matches.
            _read(index, expansions[i], best[i], kind_code, None, cap, solid[i], min_capacity)
            candidates.update(dict.fromkeys(best[i]))
        elif sizes[i] <= PROBE_COST * min(len(candidates), PROBE_CAP) * min(len(expansions[i].terms), PROBE_TERMS):
            _read(index, expansions[i], best[i], kind_code, candidates, cap, solid[i])
        else:
            if len(candidates) > PROBE_CAP:
                candidates = _best_candidates(candidates, best, PROBE_CAP)
            _probe(index, expansions[i], best[i], candidates, solid[i])
    if candidates is None:
        candidates = {}
        if browse or optional or origin is not None or min_capacity is not None:
            # No word to match: everything of the kind asked (establishments by default), by distance.
            wanted = kind_code if kind_code is not None else KIND_CODES["establishment"]
            candidates = dict.fromkeys(index.docs_of_kind(wanted))
    optional_best: list[dict[int, float]] = []
    for expansion in optional:
        found: dict[int, float] = {}
        _probe(index, expansion, found, candidates if len(candidates) <= 4 * PROBE_CAP else {}, set())
        optional_best.append(found)

    distances: dict[tuple[float, float], float] = {}
    same_town: dict[str, bool] = {}
    heap: list[tuple[float, int, float | None, bool]] = []
    denominator = F.MAX_WEIGHT * max(n_words, 1)
    # A record answers the query when it holds every word; in a long spoken query, one word in three
    # may be missing ("le service relations entreprises de l'IUT").
    enough = n_words - n_words // 3
    lengths = index.title_lengths
    for doc in candidates:
        record = records[doc]
        if record is None or (kind_code is not None and kinds[doc] != kind_code):
            continue
        if min_capacity is not None and (record.capacity is None or record.capacity < min_capacity):
            continue
        total = 0.0
        loose = 0.0
        matched = 0
        loose_words = 0
        for found, held in zip(best, solid):
            value = found.get(doc)
            if value:
                if doc in held:
                    total += value
                    matched += 1
                else:
                    loose += value
                    loose_words += 1
        if n_words and not matched and loose_words < n_words and not browse:
            continue  # one word of several in a description only ("petite"): noise
        if n_words:
            value = total / denominator
            if matched < n_words:
                value *= MISSING_WORD_FACTOR * matched / n_words
            # Among equal matches, the shorter title is the closer one ("MACON (CAP)" before a long title).
            value /= 1.0 + 0.04 * max(0, lengths[doc] - matched)
            value += LOOSE_BONUS * loose / F.MAX_WEIGHT
        else:
            value = 0.5
        value *= kind_factors[kinds[doc]]
        if record_factor is not None:
            value *= record_factor(record)
        if min_capacity and record.capacity > min_capacity:
            value /= 1.0 + OVERSIZE_PENALTY * math.log2(record.capacity / min_capacity)
        for found in optional_best:
            extra = found.get(doc)
            if extra:
                value += 0.05 * extra / F.MAX_WEIGHT
        distance = None
        if origin is not None:
            in_town = town is not None and record.commune is not None and (
                same_town[record.commune] if record.commune in same_town
                else same_town.setdefault(record.commune, place_key(record.commune) == town))
            if record.lat is not None and record.lng is not None:
                spot = (record.lat, record.lng)
                distance = distances.get(spot)
                if distance is None:
                    distance = distances[spot] = haversine(origin[0], origin[1], spot[0], spot[1])
            # In the town named, a site's own coordinates (a big town has several sites) do not matter.
            if in_town:
                distance = 0.0
            elif distance is not None:
                value *= 0.4 + 0.6 / (1.0 + distance / PLACE_HALF_KM)
            else:
                value *= 0.35
        entry = (value, -doc, distance, matched >= enough)
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)
    heap.sort(reverse=True)
    return [Scored(-neg_doc, value, distance, complete) for value, neg_doc, distance, complete in heap]


def _postings_count(index: SearchIndex, expansion: Expansion) -> int:
    return sum(index.df(term_id) for term_id in expansion.terms)


def _best_candidates(candidates, best: list[dict[int, float]], keep: int) -> dict[int, None]:
    """The `keep` candidates with the best score so far."""
    totals = {doc: sum(found.get(doc, 0.0) for found in best) for doc in candidates}
    return dict.fromkeys(heapq.nlargest(keep, totals, key=totals.__getitem__))


def _read(index: SearchIndex, expansion: Expansion, found: dict[int, float], kind_code: int | None,
          only, cap: int, solid: set[int], min_capacity: int | None = None) -> None:
    """Every document holding the word: strong fields first, weak ones when strong found few. With a room
    size, rooms too small are left out at once, so that they neither cost the scoring nor crowd out, among
    the best candidates kept, the rooms that fit."""
    ordered = sorted(expansion.terms.items(), key=lambda item: -item[1][0])
    _read_lists(index.strong, ordered, found, kind_code, only, index, cap, None, min_capacity)
    solid.update(found)
    if len(found) < WEAK_THRESHOLD:
        _read_lists(index.weak, ordered, found, kind_code, only, index, cap, solid, min_capacity)


def _read_lists(lists, ordered, found: dict[int, float], kind_code, only, index: SearchIndex, cap: int,
                solid: set[int] | None = None, min_capacity: int | None = None) -> None:
    weights = F.WEIGHTS
    bits = F.FIELD_BITS
    mask = F.FIELD_MASK
    text = F.TEXT
    get = found.get
    kinds = index.kinds
    # Removed records (tombstones) must not use up the budget.
    records = index.records if index.dead else None
    every = index.records
    for term_id, (quality, _reason) in ordered:
        budget = cap - len(found)
        if budget <= 0:
            return
        plist = lists[term_id]
        if not plist:
            continue
        table = [weight * quality for weight in weights]
        # The budget counts postings read, which bounds the work even when few are new documents; with
        # tombstones about, it counts live documents instead.
        fast = only is None and records is None
        for code in plist[:budget] if fast else plist:
            doc = code >> bits
            if not fast:
                if only is not None and doc not in only:
                    continue
                if records is not None:
                    if records[doc] is None:
                        continue
                    if len(found) >= cap and doc not in found:
                        break
            if kind_code is not None and kinds[doc] != kind_code:
                continue
            if min_capacity and (every[doc] is None or (every[doc].capacity or 0) < min_capacity):
                continue
            field = code & mask
            if solid is not None and field != text:
                solid.add(doc)
            value = table[field]
            old = get(doc, 0.0)
            found[doc] = value + AGREEMENT * old if value > old else old + AGREEMENT * value


def _probe(index: SearchIndex, expansion: Expansion, found: dict[int, float], candidates,
           solid: set[int]) -> None:
    """The word's best value for each candidate, by binary search in its best terms' posting lists."""
    if not candidates:
        return
    weights = F.WEIGHTS
    bits = F.FIELD_BITS
    mask = F.FIELD_MASK
    terms = sorted(expansion.terms.items(), key=lambda item: (-item[1][0], -index.df(item[0])))[:PROBE_TERMS]
    for term_id, (quality, _reason) in terms:
        for plist in (index.strong[term_id], index.weak[term_id]):
            size = len(plist)
            if not size:
                continue
            for doc in candidates:
                position = bisect_left(plist, doc << bits)
                if position < size:
                    code = plist[position]
                    if code >> bits == doc:
                        if code & mask != F.TEXT:
                            solid.add(doc)
                        value = weights[code & mask] * quality
                        old = found.get(doc, 0.0)
                        found[doc] = value + AGREEMENT * old if value > old else old + AGREEMENT * value


def haversine(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((phi2 - phi1) / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
