"""The search service the window and the command line share.

    engine = SearchEngine(reference)
    engine.build_from_db(context.sessions)          # in a worker thread at start
    answer = engine.search("soudeur lens", limit=20)  # on every keystroke, from any thread

Building makes a new index away from the lock and swaps it in at once, so searches keep answering from the
old one meanwhile; changes made during a build are replayed on the new index before the swap. Searches and
changes are serialised by one lock (a search takes milliseconds).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import UserError
from ..labels import display_title, establishment_name
from . import fields as F
from .analyzer import ROME_PREFIX, Analyzer
from .expansion import ABBREVIATION, JOB, WORD, Expansion, corrections_of, expand, widen
from .intents import COMMON_YEAR, record_factor, wants_kind, wants_people
from .explain import NOTHING_SAID, explain
from .index import KIND_CODES, SearchIndex
from .jobs import JobMatcher, related_rome
from .lexicon import Lexicon, default_lexicon
from .normalize import cap_query, fold
from .places import Place, PlaceFinder, place_key
from .query import HOME, ParsedQuery, Understanding, parse
from .ranking import score
from .records import KINDS, SearchRecord
from .results import SearchAnswer, SearchResult
from .stemming import stem

if TYPE_CHECKING:  # the index is built from the database, but searching needs no SQLAlchemy
    from sqlalchemy.orm import sessionmaker

log = logging.getLogger("bouquet_desk.search")

MAX_LIMIT = 500
# Rooms and people rank below formations and establishments unless the query asks for them.
RESOURCE_FACTOR = 0.8
CONTACT_FACTOR = 0.75
JOB_MIN_QUALITY = 0.75
# A job title said (nearly) whole: the caller asks about a trade, rooms rank lower still.
STRONG_JOB_LINK = 0.75
JOB_RESOURCE_FACTOR = 0.6
# A person's surname that is also a job ("Boulanger") answers a job word only as a last resort.
RENTAL_FORMATION_FACTOR = 0.3
MIN_BROWSE_PREFIX = 3
_CACHE_SIZE = 4000


class SearchEngine:
    def __init__(self, reference=None, lexicon: Lexicon | None = None) -> None:
        self.reference = reference
        self.lexicon = lexicon or default_lexicon()
        self.analyzer = Analyzer(self.lexicon)
        self._lock = threading.RLock()
        self._build_lock = threading.Lock()
        self._index = SearchIndex(self.analyzer)
        self._places = PlaceFinder()
        self._jobs: JobMatcher | None = None
        self._pending: list[tuple[str, object]] | None = None
        self._expansions: dict[tuple[str, bool], Expansion] = {}
        self._expansions_generation = -1
        self._job_links: dict[tuple, list] = {}
        self.ready = False
        self.last_build_seconds: float | None = None
        # True when the last build_from_db loaded the index saved by an earlier start.
        self.loaded_saved_index = False
        self._rome_cache: dict[tuple, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    # ---------------------------------------------------------------- building

    @classmethod
    def from_records(cls, records: Iterable[SearchRecord], reference=None, lexicon: Lexicon | None = None):
        engine = cls(reference, lexicon)
        engine.build(records)
        return engine

    def build_from_db(self, sessions: sessionmaker, *, saved: bool = True) -> int:
        """Read the catalogue and swap in a fresh index; safe to call from a worker thread.

        With `saved`, an index saved by an earlier start on the same catalogue is loaded instead of built,
        and a built one is saved for the next start."""
        from . import persist
        from .source import load_records

        with self._build_lock:
            started = time.perf_counter()
            with self._lock:
                self._pending = []
            key = persist.fingerprint(sessions) if saved else None
            index = persist.load(key, self.analyzer) if key else None
            self.loaded_saved_index = index is not None
            if index is None:
                index = self._make_index(load_records(sessions))
                if key:
                    persist.save(key, index)
            else:
                index.prepare_lookups()
                log.info("search index loaded from the data folder")
            return self._swap(index, started)

    def build(self, records: Iterable[SearchRecord]) -> int:
        """Index these records in place of the current ones; returns how many were indexed."""
        with self._build_lock:
            started = time.perf_counter()
            with self._lock:
                self._pending = []
            return self._swap(self._make_index(records), started)

    def _make_index(self, records: Iterable[SearchRecord]) -> SearchIndex:
        index = SearchIndex(self.analyzer)
        for record in records:
            index.add(record, self._rome(record), self._other_titles(record))
        index.add_surfaces(self._job_matcher().surfaces)
        index.prepare_lookups()
        return index

    def _swap(self, index: SearchIndex, started: float) -> int:
        """Make `index` the one searched, after replaying the changes made while it was being built."""
        places = PlaceFinder()
        if self.reference is not None:
            places.add_communes(self.reference.communes())
        for record in index.live_records():
            self._learn_place(places, record)
        with self._lock:
            for action, payload in self._pending or ():
                self._apply(index, places, action, payload)
            self._pending = None
            self._index = index
            self._places = places
            self.ready = True
        self.last_build_seconds = time.perf_counter() - started
        log.info("search index: %d records in %.2f s", len(index), self.last_build_seconds)
        return len(index)

    def _job_matcher(self) -> JobMatcher:
        if self._jobs is None:
            titles = self.reference.job_titles() if self.reference is not None else []
            self._jobs = JobMatcher(titles)
        return self._jobs

    def _rome(self, record: SearchRecord) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """A formation's job links, completed from the reference tables (CFD → ROME, then neighbouring
        codes); None when the record's own are to be used as they are."""
        if record.kind != "formation":
            return None
        cache_key = (record.cfd, record.title, record.rome_codes, record.related_rome)
        found = self._rome_cache.get(cache_key)
        if found is None:
            own, related = tuple(record.rome_codes), tuple(record.related_rome)
            if self.reference is not None and record.cfd:
                own = own or tuple(self.reference.rome_for_cfd(record.cfd))
                related = related or tuple(related_rome(record.cfd, own, self.reference.rome_for_cfd))
            if own and COMMON_YEAR.search(fold(record.title)):
                own, related = (), tuple(dict.fromkeys(own + related))
            found = self._rome_cache[cache_key] = (own, related)
        return found

    def _other_titles(self, record: SearchRecord) -> tuple[str, ...]:
        """Former or newer titles of a formation's diploma (renamed since), from the reference tables."""
        if record.kind != "formation" or not record.cfd or self.reference is None:
            return ()
        other_titles = getattr(self.reference, "other_titles", None)
        return other_titles(record.cfd) if other_titles is not None else ()

    @staticmethod
    def _learn_place(places: PlaceFinder, record: SearchRecord) -> None:
        # A town the reference does not know (another territory) still counts, at its establishments.
        if record.kind == "establishment" and record.commune:
            if places.resolve(record.commune) is None:
                places.add(record.commune, record.lat, record.lng)

    # ---------------------------------------------------------------- incremental changes

    def upsert(self, records: Iterable[SearchRecord]) -> None:
        """Add or replace records (after an edit or an import) without rebuilding."""
        with self._lock:
            for record in records:
                self._apply(self._index, self._places, "upsert", record)
                if self._pending is not None:
                    self._pending.append(("upsert", record))

    def remove(self, keys: Iterable[tuple[str, ...]]) -> None:
        """Drop records by natural key (SearchRecord.key / SearchResult.key)."""
        with self._lock:
            for key in keys:
                self._apply(self._index, self._places, "remove", tuple(key))
                if self._pending is not None:
                    self._pending.append(("remove", tuple(key)))

    def refresh(self, sessions: sessionmaker, uais: Iterable[str]) -> None:
        """Re-read from the database everything of these establishments (after an import or an edit):
        records that changed are replaced, those gone or archived are removed."""
        from .source import load_records

        uais = sorted(set(uais))
        if not uais:
            return
        fresh = load_records(sessions, uais=uais)
        fresh_keys = {record.key for record in fresh}
        with self._lock:
            wanted = set(uais)
            stale = [key for key, doc in self._index.by_key.items()
                     if key not in fresh_keys and self._index.records[doc] is not None
                     and self._index.records[doc].uai in wanted]
        self.remove(stale)
        self.upsert(fresh)

    def _apply(self, index: SearchIndex, places: PlaceFinder, action: str, payload) -> None:
        if action == "upsert":
            index.add(payload, self._rome(payload), self._other_titles(payload))
            self._learn_place(places, payload)
        else:
            index.remove(payload)

    def __len__(self) -> int:
        return len(self._index)

    # ---------------------------------------------------------------- searching

    def resolve_place(self, name: str) -> Place | None:
        with self._lock:
            return self._places.resolve(name)

    def search(self, query: str, *, kind: str | None = None, near: str | None = None, limit: int = 20,
               home: str | None = None, literal: Iterable[str] = ()) -> SearchAnswer:
        """Results for what the operator typed so far. Never raises on odd input; an unknown `near`
        town raises UserError (the caller named it explicitly).

        `home`: the caller's commune, used to rank by distance when the query names no place (an unknown
        one is ignored). `literal`: keys of the answer's `understood` items the operator undid; their words
        are then taken as they were typed."""
        if kind is not None and kind not in KINDS:
            raise UserError(f"Type inconnu : {kind!r} (formation, resource, establishment ou contact).")
        limit = max(1, min(int(limit), MAX_LIMIT))
        literal = frozenset(literal)
        if not self.ready:
            # Still building in the background: answer nothing at once rather than block the keystroke.
            return SearchAnswer(cap_query(query or ""), ())
        with self._lock:
            index = self._index
            parsed = parse(query or "", self._places, self.lexicon, self._is_common_word,
                           lambda word: self._is_unknown_word(index, word),
                           lambda word: self._is_known_word(index, word), literal)
            if kind not in (None, "resource"):
                parsed.min_capacity = None  # a room size means nothing to the kind asked for
            place = parsed.place
            understood = list(parsed.understood)
            if near:
                place = self._places.resolve(near)
                if place is None:
                    raise UserError(f"Commune inconnue : « {near} ».")
            elif place is None and home and HOME not in literal:
                place = self._places.resolve(home)
                if place is not None:
                    understood.append(Understanding(HOME, f"près de {place.name} (commune de l'appelant)"))
            if (not parsed.tokens and not parsed.optional and place is None and parsed.min_capacity is None):
                return SearchAnswer(parsed.text, (), understood=tuple(understood))
            expansions, links = self._expansions_for(index, parsed)
            optional = [self._expansion(index, word, False) for word in parsed.optional]
            origin = (place.lat, place.lng) if place is not None and place.lat is not None else None
            factors = self._kind_factors(index, parsed, links)
            options = dict(kind=kind, origin=origin, limit=limit, kind_factors=factors,
                           town=place_key(place.name) if place is not None else None,
                           record_factor=record_factor(parsed.intents))
            scored = score(index, expansions, optional, min_capacity=parsed.min_capacity, **options)
            widened = browsed = False
            if not scored:
                scored, expansions, widened, browsed = self._nearest(index, parsed, expansions, optional, options)
            surname_only = bool(links) and max(link.score for link in links) >= STRONG_JOB_LINK and not (
                {stem(word) for word in parsed.tokens} & self.lexicon.contact_words)
            rooms_said = parsed.min_capacity is not None or self._browse_kind(parsed) == "resource"
            results = []
            for item in scored:
                record = index.records[item.doc]
                approximate = widened or not item.complete or (
                    surname_only and record.kind == "contact" and len(parsed.tokens) == 1) or (
                    _lacks_pathway(record, parsed.intents, rooms_said))
                why = explain(index, item.doc, [] if browsed else parsed.tokens, expansions,
                              distance_km=item.distance_km, place=place.name if place is not None else None,
                              min_capacity=parsed.min_capacity)
                why += _pathway_note(record, parsed.intents)
                if browsed:
                    why = "aucun mot trouvé au catalogue" + ("" if why == NOTHING_SAID else " ; " + why)
                if approximate:
                    why = "résultat approché : " + why
                results.append(SearchResult(
                    kind=record.kind, uai=record.uai, title=display_title(record.kind, record.title, record.diploma),
                    establishment=establishment_name(record.establishment),
                    commune=record.commune, score=item.score, why=why, cfd=record.cfd, code=record.code,
                    ref=record.ref, distance_km=item.distance_km, capacity=record.capacity, db_id=record.db_id,
                    approximate=approximate,
                ))
            # What answers comes before the nearest matches: a surname that is also the job asked
            # ("Boulanger"), a course without the pathway asked.
            results.sort(key=lambda result: result.approximate)
            exact = any(not result.approximate for result in results)
            return SearchAnswer(parsed.text, tuple(results), place=place.name if place else None,
                                min_capacity=parsed.min_capacity, understood=tuple(understood), exact=exact)

    def _nearest(self, index: SearchIndex, parsed: ParsedQuery, expansions: list[Expansion],
                 optional: list[Expansion], options: dict):
        """When nothing matched: the nearest matches, never a blank list. Returns (scored, expansions used,
        widened, browsed)."""
        if parsed.min_capacity is not None:
            # No room that big: the biggest ones are the nearest answer.
            scored = score(index, expansions, optional, min_capacity=0, **options)
            if scored:
                scored.sort(key=lambda item: -(index.records[item.doc].capacity or 0))
                return scored, expansions, True, False
        if not parsed.tokens:
            return [], expansions, True, False
        # The words looked for further off: sounds one step away, more typos, word families.
        expansions = [self._expansion(index, word, False, wide=True) for word in parsed.tokens]
        scored = score(index, expansions, optional, min_capacity=parsed.min_capacity, **options)
        if scored or (parsed.prefix_last and len(parsed.tokens[-1]) < MIN_BROWSE_PREFIX):
            # (The first letters of a word still being typed: the next keystroke completes it.)
            return scored, expansions, True, False
        # Still nothing: those who may know, the establishments (or the rooms, for a room asked), nearest
        # first when a place is known.
        browse = dict(options, kind=options["kind"] or self._browse_kind(parsed))
        scored = score(index, [], optional, min_capacity=parsed.min_capacity, browse=True, **browse)
        return scored, expansions, True, True

    def _kind_factors(self, index: SearchIndex, parsed: ParsedQuery, links) -> tuple[float, ...]:
        """Formations and establishments first, unless the words ask for a room or a person.

        A job said whole ("soudeur", "serveur") asks for a formation all the more: rooms then come further
        down, unless a room word that is no trade word ("atelier", "salle", "louer") asks for one; a word
        that also names formations ("restaurant", "cuisine") does not."""
        said = {stem(word) for word in parsed.tokens} | set(parsed.tokens)
        factors = [1.0] * len(KINDS)
        room_words = said & self.lexicon.resource_words
        job_said = any(link.score >= STRONG_JOB_LINK for link in links)
        if job_said:
            room_words = {word for word in room_words if not self._names_formations(index, word)}
        if parsed.min_capacity is None and not room_words:
            factors[KIND_CODES["resource"]] = JOB_RESOURCE_FACTOR if job_said else RESOURCE_FACTOR
        elif not job_said and any(not self._names_formations(index, word) for word in room_words):
            # "repas d'affaires", "louer une salle": a room word no formation is named after asks for a
            # resource, so formations reached through a synonym of it come after the rooms.
            factors[KIND_CODES["formation"]] = RESOURCE_FACTOR
        asked = wants_kind(parsed.intents)
        if asked == "resource":
            # "louer une cuisine": a room, even when a course is named after the same word.
            factors[KIND_CODES["resource"]] = 1.0
            factors[KIND_CODES["formation"]] = min(factors[KIND_CODES["formation"]], RENTAL_FORMATION_FACTOR)
        if not said & self.lexicon.contact_words and not wants_people(parsed.intents):
            factors[KIND_CODES["contact"]] = CONTACT_FACTOR
        return tuple(factors)

    @staticmethod
    def _names_formations(index: SearchIndex, word: str) -> bool:
        """True when formation titles hold this word ("restaurant" in "...HOTEL-CAFE-RESTAURANT (CAP)")."""
        term_id = index.term(word)
        if term_id is None:
            return False
        formation = KIND_CODES["formation"]
        return any((code & F.FIELD_MASK) == F.TITLE and index.kinds[code >> F.FIELD_BITS] == formation
                   for code in index.strong[term_id][:2000])

    def _expansions_for(self, index: SearchIndex, parsed: ParsedQuery) -> tuple[list[Expansion], list]:
        last = len(parsed.tokens) - 1
        expansions = _without_echoes([self._expansion(index, word, parsed.prefix_last and position == last)
                                      for position, word in enumerate(parsed.tokens)])
        key = (tuple(parsed.tokens), parsed.prefix_last)
        links = self._job_links.get(key)
        if links is None:
            # A completion of two typed letters is a guess, too weak to stand for a job title.
            stems = [{one: q for one, q in expansion.stems.items() if q >= JOB_MIN_QUALITY} for expansion in expansions]
            links = self._job_links[key] = self._job_matcher().match(stems)
        if not links:
            return expansions, links
        widened = []
        for position, expansion in enumerate(expansions):
            copy = Expansion()
            copy.terms = dict(expansion.terms)
            copy.stems = expansion.stems
            for link in links:
                if position in link.tokens:
                    copy.offer(index.term(ROME_PREFIX + link.code), link.score, (JOB, (link.title, link.code)))
            widened.append(copy)
        return widened, links

    def _expansion(self, index: SearchIndex, word: str, prefix: bool, wide: bool = False) -> Expansion:
        if self._expansions_generation != index.generation or len(self._expansions) > _CACHE_SIZE:
            self._expansions = {}
            self._job_links = {}
            self._expansions_generation = index.generation
        key = (word, prefix, wide)
        found = self._expansions.get(key)
        if found is None:
            found = self._expansions[key] = (widen(word, index, self.lexicon) if wide
                                             else expand(word, prefix, index, self.lexicon))
        return found

    def _is_unknown_word(self, index: SearchIndex, word: str) -> bool:
        """True when a word is no word of the vocabulary and its nearest spelling, if any, is a town's."""
        if word in index.surfaces or stem(word) in index.term_ids or word in index.extra_surfaces:
            return False
        vocabulary = index.sorted_surfaces()
        position = bisect_left(vocabulary, word)
        if position < len(vocabulary) and vocabulary[position].startswith(word):
            return False  # the start of a known word, still being typed
        corrections = corrections_of(word, index)
        if not corrections:
            return True
        nearest = min(distance for _choice, distance in corrections)
        return all(self._places.resolve(choice) is not None for choice, distance in corrections
                   if distance == nearest)

    def _browse_kind(self, parsed: ParsedQuery) -> str:
        rooms = self.lexicon.room_words
        if wants_kind(parsed.intents) == "resource" or any(
                word in rooms or stem(word) in rooms for word in parsed.tokens + parsed.optional):
            return "resource"
        return "establishment"

    @staticmethod
    def _is_known_word(index: SearchIndex, word: str) -> bool:
        return word in index.surfaces or stem(word) in index.term_ids or word in index.extra_surfaces

    def _is_common_word(self, word: str) -> bool:
        """True when a town's name is also a word of the trade: of a job title, of the lexicon, or of the
        catalogue's titles ("Avion", "Bus", "Rivière")."""
        lexicon = self.lexicon
        word_stem = stem(word)
        if (word in self._job_matcher().surfaces or word_stem in lexicon.synonyms or word in lexicon.acronyms
                or word in lexicon.abbreviations):
            return True
        index = self._index
        wanted = (KIND_CODES["formation"], KIND_CODES["resource"])
        for term in {stem(word), word}:
            term_id = index.term(term)
            if term_id is None:
                continue
            for code in index.strong[term_id][:300]:
                field = code & F.FIELD_MASK
                if field in (F.TITLE, F.KIND) and index.kinds[code >> F.FIELD_BITS] in wanted:
                    return True
        return False


def _lacks_pathway(record: SearchRecord, intents, rooms_said: bool) -> bool:
    """A formation whose known pathways leave out the one asked ("en apprentissage") does not answer; nor
    does a room, unless a room was asked for too ("une salle pour nos stagiaires")."""
    if record.kind == "resource":
        return not rooms_said and any(intent.pathway for intent in intents)
    if record.kind != "formation" or not record.pathways:
        return False
    offered = {part.strip().lower() for part in record.pathways.split(",")}
    return any(intent.pathway and intent.pathway not in offered for intent in intents)


def _pathway_note(record: SearchRecord, intents) -> str:
    """" ; voie apprentissage proposée": whether a formation offers the pathway the caller asked for."""
    if record.kind != "formation":
        return ""
    offered = {part.strip().lower() for part in record.pathways.split(",") if part.strip()}
    notes = []
    for intent in intents:
        if intent.pathway and offered:
            notes.append(f"voie {intent.pathway} {'proposée' if intent.pathway in offered else 'non proposée'}")
    return "".join(" ; " + note for note in notes)


def _without_echoes(expansions: list[Expansion]) -> list[Expansion]:
    """Each word's expansions less the terms another word of the query says itself: in "petite enfance",
    "petite" ≈ "enfance" must not count the record's "enfance" a second time."""
    if len(expansions) < 2:
        return expansions
    own = [{term for term, (_q, reason) in expansion.terms.items() if reason[0] in (WORD, ABBREVIATION)}
           for expansion in expansions]
    out = []
    for position, expansion in enumerate(expansions):
        others = set().union(*(terms for other, terms in enumerate(own) if other != position))
        echoes = [term for term in expansion.terms if term in others and term not in own[position]]
        if not echoes:
            out.append(expansion)
            continue
        copy = Expansion()
        copy.terms = {term: value for term, value in expansion.terms.items() if term not in echoes}
        copy.stems = expansion.stems
        out.append(copy)
    return out
