"""What an operator's query asks: words to match, a town to rank by distance, a minimum room size."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .normalize import STOP_WORDS, cap_query, ends_with_separator, words
from .places import Place, PlaceFinder

_NUMBER_WITH_UNIT = re.compile(r"^(\d{1,5})([a-z]+)$")
_CAPACITY_WORDS = frozenset({"capacite", "jauge", "minimum", "min", "moins", "mini"})
# A town after these words is surely a place ("à Lens", "près de Liévin"), whatever else it could mean.
_LOCATIVES = frozenset({"a", "sur", "pres", "vers", "autour", "secteur", "cote", "proche", "proximite", "region"})


@dataclass
class ParsedQuery:
    text: str
    tokens: list[str] = field(default_factory=list)
    # Words that name the town: they may match text too, but a record need not hold them.
    optional: list[str] = field(default_factory=list)
    prefix_last: bool = False
    min_capacity: int | None = None
    place: Place | None = None

    @property
    def empty(self) -> bool:
        return not self.tokens and not self.optional and self.place is None and self.min_capacity is None


def parse(text: str, places: PlaceFinder | None, units: frozenset[str],
          ambiguous: Callable[[str], bool] = lambda word: False,
          unknown: Callable[[str], bool] = lambda word: False) -> ParsedQuery:
    """`ambiguous(word)`: the word is also a word of the trade; `unknown(word)`: the word is nowhere in the
    vocabulary, not even one typo away, so a town one typo away is what was meant ("lievn")."""
    text = cap_query(text)
    parsed = ParsedQuery(text=text)
    tokens = words(text)
    finished = ends_with_separator(text)
    tokens = _take_capacity(tokens, units, parsed)
    if places is not None:
        found = places.find(tokens)
        if found is None:
            found = places.find_misspelt(tokens, unknown)
        if found is not None:
            place, start, end = found
            named = tokens[start:end]
            if not all(word in STOP_WORDS for word in named):
                certain = start > 0 and tokens[start - 1] in _LOCATIVES
                # A one-word town that is also a word of the trade ("Avion", "Bus") is a town only after
                # "à", "près de"...; otherwise the word stays a word.
                if len(named) > 1 or certain or not ambiguous(named[0]):
                    parsed.place = place
                    parsed.optional = [word for word in named if word not in STOP_WORDS]
                    # A town typed in full is finished even without a trailing space.
                    finished = finished or end == len(tokens)
                    tokens = tokens[:start] + tokens[end:]
    parsed.tokens = [word for word in tokens if word not in STOP_WORDS][:12]
    parsed.prefix_last = bool(parsed.tokens) and not finished and tokens[-1] == parsed.tokens[-1]
    return parsed


def _take_capacity(tokens: list[str], units: frozenset[str], parsed: ParsedQuery) -> list[str]:
    for position, word in enumerate(tokens):
        glued = _NUMBER_WITH_UNIT.match(word)
        if glued and glued.group(2) in units:
            parsed.min_capacity = int(glued.group(1))
            return tokens[:position] + tokens[position + 1:]
        if not word.isdigit() or len(word) > 5:
            continue
        after = tokens[position + 1] if position + 1 < len(tokens) else ""
        before = tokens[position - 1] if position > 0 else ""
        if after in units:
            parsed.min_capacity = int(word)
            return tokens[:position] + tokens[position + 2:]
        if before in _CAPACITY_WORDS:
            parsed.min_capacity = int(word)
            return tokens[:position - 1] + tokens[position + 1:]
    return tokens
