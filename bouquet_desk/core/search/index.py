"""The in-memory index: records, a vocabulary of distinct terms, and one posting list per term.

Typos and prefixes are resolved against the vocabulary (a few thousand words), never against the records:
a query word becomes a handful of terms, and only their posting lists are read.

A posting is one integer, document << 4 | field, and each list is kept sorted: documents are numbered in
the order they are added, so appending keeps the order, and a document's best field comes first. Each term
has two lists: strong fields (title, codes, job, kind) and weak ones (establishment, town, tags, text), so a
common word ("lycée" in every establishment name) can be read for its strong matches alone. Removing a
record leaves a tombstone (its slot becomes None); the lists are compacted once tombstones pile up.
Not thread-safe by itself: SearchEngine serialises changes and searches.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import fields
from operator import attrgetter

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import fields as F
from .analyzer import Analyzer
from .phonetic import phonetic_key
from .records import KINDS, SearchRecord
from .stemming import family_root

KIND_CODES = {kind: number for number, kind in enumerate(KINDS)}
_RECORD_VALUES = attrgetter(*(field.name for field in fields(SearchRecord)))
_COMPACT_RATIO = 0.25
MIN_PHONETIC = 4
MIN_NEAR_KEY = 5
MAX_NEAR_SOUNDS = 6


class SearchIndex:
    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.records: list[SearchRecord | None] = []
        self.kinds = bytearray()
        self.title_lengths = bytearray()
        self.by_key: dict[tuple[str, ...], int] = {}
        self.term_ids: dict[str, int] = {}
        self.term_names: list[str] = []
        self.strong: list[array] = []
        self.weak: list[array] = []
        # Surface word (folded, as typed) → terms it produces; the vocabulary typos and prefixes search.
        self.surfaces: dict[str, set[int]] = {}
        self.roots: dict[str, set[int]] = {}
        self.dead = 0
        # Bumped whenever the vocabulary changes, so that cached query expansions are dropped.
        self.generation = 0
        self._sorted_surfaces: list[str] | None = None
        self._surfaces_by_length: dict[tuple[int, int, str], list[str]] | None = None
        # Phonetic key → vocabulary words with that sound; keys by length for the near ones.
        self._phonetic: dict[str, list[str]] | None = None
        self._phonetic_by_length: dict[int, list[str]] | None = None
        self.extra_surfaces: set[str] = set()
        # Documents of each kind, for listing a kind when no word found anything (built on demand).
        self._by_kind: dict[int, list[int]] | None = None

    def __getstate__(self) -> dict:
        # The analyzer holds caches and the lexicon: the engine that loads a saved index attaches its own.
        # Records travel as plain tuples and the key table is rebuilt: both load several times faster.
        state = dict(self.__dict__)
        state.update(analyzer=None, _sorted_surfaces=None, _surfaces_by_length=None, by_key=None,
                     _phonetic=None, _phonetic_by_length=None, _by_kind=None)
        state["records"] = [None if record is None else _RECORD_VALUES(record) for record in self.records]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.records = [None if values is None else SearchRecord(*values) for values in state["records"]]
        self.by_key = {record.key: doc for doc, record in enumerate(self.records) if record is not None}

    # ---------------------------------------------------------------- building

    def add_many(self, records: Iterable[SearchRecord]) -> None:
        for record in records:
            self.add(record)

    def add(self, record: SearchRecord, rome: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
            aliases: tuple[str, ...] = ()) -> int:
        """Index a record; a record with the same key is replaced. `rome` overrides the record's job links
        (direct, related) when the engine completed them from the reference tables; `aliases` are other
        names of a formation's diploma (its former or newer title)."""
        key = record.key
        old = self.by_key.get(key)
        if old is not None:
            self._tombstone(old)
        doc = len(self.records)
        self.records.append(record)
        self._by_kind = None
        self.kinds.append(KIND_CODES.get(record.kind, 0))
        pairs = self.analyzer.pairs(record, rome, aliases)
        self.title_lengths.append(self.analyzer.title_length(record))
        base = doc << F.FIELD_BITS
        entries: set[tuple[int, int]] = set()
        term_ids = self.term_ids
        surfaces = self.surfaces
        for term, field, surface in pairs:
            term_id = term_ids.get(term)
            if term_id is None:
                term_id = self._new_term(term)
            if surface:
                known = surfaces.get(surface)
                if known is None:
                    surfaces[surface] = {term_id}
                    self._vocabulary_changed()
                elif term_id not in known:
                    known.add(term_id)
                    self._vocabulary_changed()
            entries.add((field, term_id))
        # Appended in field order, a document's postings stay sorted by (document, field) in every list.
        strong, weak = self.strong, self.weak
        for field, term_id in sorted(entries):
            (strong if field <= F.LAST_STRONG else weak)[term_id].append(base | field)
        self.by_key[key] = doc
        return doc

    def remove(self, key: tuple[str, ...]) -> bool:
        doc = self.by_key.pop(key, None)
        if doc is None:
            return False
        self._tombstone(doc)
        return True

    def _tombstone(self, doc: int) -> None:
        if self.records[doc] is not None:
            self.records[doc] = None
            self.dead += 1
            if self.dead > 1000 and self.dead > _COMPACT_RATIO * len(self.records):
                self.compact()

    def compact(self) -> None:
        """Drop tombstones from the posting lists (documents keep their numbers)."""
        records = self.records
        for lists in (self.strong, self.weak):
            for term_id, plist in enumerate(lists):
                lists[term_id] = array("q", (code for code in plist if records[code >> F.FIELD_BITS] is not None))
        self.dead = 0

    def _new_term(self, term: str) -> int:
        term_id = len(self.term_names)
        self.term_ids[term] = term_id
        self.term_names.append(term)
        self.strong.append(array("q"))
        self.weak.append(array("q"))
        self.roots.setdefault(family_root(term), set()).add(term_id)
        self._vocabulary_changed()
        return term_id

    def _vocabulary_changed(self) -> None:
        self.generation += 1
        self._sorted_surfaces = None
        self._surfaces_by_length = None
        self._phonetic = None
        self._phonetic_by_length = None

    def add_surfaces(self, surfaces: Iterable[str]) -> None:
        """Words known elsewhere (job titles) that typos and prefixes may reach, without postings."""
        self.extra_surfaces.update(surfaces)
        self._vocabulary_changed()

    # ---------------------------------------------------------------- reading

    def __len__(self) -> int:
        return len(self.by_key)

    def term(self, name: str) -> int | None:
        return self.term_ids.get(name)

    def df(self, term_id: int) -> int:
        return len(self.strong[term_id]) + len(self.weak[term_id])

    def sorted_surfaces(self) -> list[str]:
        if self._sorted_surfaces is None:
            self._sorted_surfaces = sorted(set(self.surfaces) | self.extra_surfaces)
        return self._sorted_surfaces

    def typo_candidates(self, length: int, first: str, second: str) -> list[str]:
        """Words of this length that start with `first` or whose second letter is `second`: a typo seldom
        hits both of the first two letters, and this cuts the words to compare twentyfold."""
        if self._surfaces_by_length is None:
            table: dict[tuple[int, int, str], list[str]] = {}
            for surface in self.sorted_surfaces():
                table.setdefault((len(surface), 0, surface[0]), []).append(surface)
                if len(surface) > 1:
                    table.setdefault((len(surface), 1, surface[1]), []).append(surface)
            self._surfaces_by_length = table
        table = self._surfaces_by_length
        return table.get((length, 0, first), []) + table.get((length, 1, second), [])

    def sounds_like(self, word: str) -> tuple[list[str], list[str]]:
        """Vocabulary words that sound like `word`: (same phonetic key, key one edit away). The near ones
        are looked for only when no word has the same key, and only for keys long enough to tell apart."""
        if self._phonetic is None:
            table: dict[str, list[str]] = {}
            for surface in self.sorted_surfaces():
                if len(surface) >= MIN_PHONETIC and surface.isalpha():
                    table.setdefault(phonetic_key(surface), []).append(surface)
            by_length: dict[int, list[str]] = {}
            for key in table:
                by_length.setdefault(len(key), []).append(key)
            self._phonetic, self._phonetic_by_length = table, by_length
        if len(word) < MIN_PHONETIC or not word.isalpha():
            return [], []
        key = phonetic_key(word)
        if len(key) < 2:
            return [], []
        same = [surface for surface in self._phonetic.get(key, ()) if surface != word]
        if same or len(key) < MIN_NEAR_KEY:
            return same, []
        keys = [other for length in (len(key) - 1, len(key), len(key) + 1)
                for other in self._phonetic_by_length.get(length, ())]
        near = process.extract(key, keys, scorer=OSA.distance, score_cutoff=1, limit=MAX_NEAR_SOUNDS)
        return [], [surface for other, _distance, _ in near for surface in self._phonetic[other]
                    if other[0] == key[0]]

    def prepare_lookups(self) -> None:
        """Build the vocabulary tables now rather than on the first keystroke that needs them."""
        self.sorted_surfaces()
        self.typo_candidates(0, "", "")
        self.sounds_like("")

    def field_of(self, term_id: int, doc: int) -> int | None:
        """The best field in which a document holds a term, or None (binary search in the posting list)."""
        for plist in (self.strong[term_id], self.weak[term_id]):
            position = bisect_left(plist, doc << F.FIELD_BITS)
            if position < len(plist) and plist[position] >> F.FIELD_BITS == doc:
                return plist[position] & F.FIELD_MASK
        return None

    def docs_of_kind(self, kind_code: int) -> list[int]:
        """Documents of one kind, live or not (the caller skips tombstones)."""
        if self._by_kind is None:
            table: dict[int, list[int]] = {}
            for doc, code in enumerate(self.kinds):
                table.setdefault(code, []).append(doc)
            self._by_kind = table
        return self._by_kind.get(kind_code, [])

    def live_records(self) -> Iterable[SearchRecord]:
        return (record for record in self.records if record is not None)
