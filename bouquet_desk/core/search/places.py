"""Towns named in a query: the reference communes, plus every town the catalogue itself mentions
(a catalogue from another territory brings its own towns and coordinates)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .normalize import words

# Callers shorten "saint"; the reference names spell it out.
_SHORT = {"st": "saint", "ste": "sainte"}
_ARTICLES = ("le", "la", "les", "l")
MAX_PLACE_WORDS = 5


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float | None
    lng: float | None


def place_key(text: str) -> str:
    return " ".join(_SHORT.get(word, word) for word in words(text))


class PlaceFinder:
    def __init__(self) -> None:
        self._places: dict[str, Place] = {}
        # Postcode → town: callers read it off a letterhead ("62300").
        self._postcodes: dict[str, Place] = {}
        self._single: list[str] | None = None

    def add(self, name: str, lat: float | None, lng: float | None, *, override: bool = False) -> None:
        key = place_key(name)
        if not key:
            return
        place = Place(name, lat, lng)
        keys = [key]
        first, _, rest = key.partition(" ")
        if first in _ARTICLES and rest:
            keys.append(rest)
        for one in keys:
            known = self._places.get(one)
            if known is None or override or (known.lat is None and lat is not None):
                self._places[one] = place
                self._single = None

    def add_communes(self, communes: Iterable) -> None:
        """Reference communes, most populous first, so that a shared name means the town callers mean."""
        ordered = sorted(communes, key=lambda c: -(getattr(c, "population", None) or 0))
        for commune in ordered:
            self.add(commune.name, commune.lat, commune.lng)
            postcode = getattr(commune, "postal_code", None)
            if postcode:
                self._postcodes.setdefault(postcode, Place(commune.name, commune.lat, commune.lng))

    def resolve(self, text: str) -> Place | None:
        return self._places.get(place_key(text)) or self._postcodes.get((text or "").strip())

    def find(self, tokens: Sequence[str]) -> tuple[Place, int, int] | None:
        """The longest run of tokens naming a town: (place, start, end)."""
        for start, token in enumerate(tokens):
            if len(token) == 5 and token.isdigit() and token in self._postcodes:
                return self._postcodes[token], start, start + 1
        for size in range(min(MAX_PLACE_WORDS, len(tokens)), 0, -1):
            for start in range(len(tokens) - size, -1, -1):
                key = " ".join(_SHORT.get(word, word) for word in tokens[start:start + size])
                place = self._places.get(key)
                if place is not None:
                    return place, start, start + size
        return None

    def find_misspelt(self, tokens: Sequence[str], unknown) -> tuple[Place, int, int] | None:
        """A one-word town typed with one typo (two in a long name), for a word known nowhere else."""
        for start in range(len(tokens) - 1, -1, -1):
            word = tokens[start]
            if len(word) < 5 or not word.isalpha() or not unknown(word):
                continue
            allowance = 1 if len(word) < 8 else 2
            if self._single is None:
                self._single = [key for key in self._places if " " not in key]
            found = process.extractOne(word, self._single, scorer=OSA.distance, score_cutoff=allowance)
            if found is not None:
                return self._places[found[0]], start, start + 1
        return None

    def __len__(self) -> int:
        return len(self._places)
