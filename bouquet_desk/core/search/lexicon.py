"""The telephone vocabulary shipped in resources/search/lexicon.json, folded the way the index folds text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import resource_path
from .normalize import content_words, words
from .stemming import stem


def stems(text: str) -> tuple[str, ...]:
    """Content words of a text, stemmed, in order."""
    return tuple(stem(word) for word in content_words(text))


@dataclass(frozen=True)
class Lexicon:
    # sigle → the stems of the words it stands for ("melec" → metier, electricite, environnement, connecte).
    acronyms: dict[str, frozenset[str]]
    # short form → stem of the full word ("amphi" → "amphitheatre").
    abbreviations: dict[str, str]
    # stem → other stems that mean the same to a caller; symmetric.
    synonyms: dict[str, frozenset[str]]
    # stem → narrower stems it also covers ("salle" → "amphitheatre"); one way.
    broader: dict[str, frozenset[str]]
    diploma_words: dict[str, str]
    resource_type_words: dict[str, str]
    establishment_type_words: dict[str, str]
    role_words: dict[str, str]
    pathway_words: dict[str, str]
    capacity_units: frozenset[str]
    # Words that show the caller wants a room or a person rather than a formation.
    resource_words: frozenset[str] = frozenset()
    contact_words: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        raw = json.loads((path or resource_path("search", "lexicon.json")).read_text(encoding="utf-8"))
        acronyms = {}
        for sigle, phrase in raw.get("acronyms", {}).items():
            key = "".join(words(sigle))
            phrase_stems = frozenset(stems(phrase)) - {key}
            if key and phrase_stems:
                acronyms[key] = phrase_stems
        abbreviations = {"".join(words(short)): stem("".join(words(full)))
                         for short, full in raw.get("abbreviations", {}).items()}
        synonyms: dict[str, set[str]] = {}
        for group in raw.get("synonyms", []):
            members = {stem("".join(words(word))) for word in group} - {""}
            for member in members:
                synonyms.setdefault(member, set()).update(members - {member})
        broader = {stem("".join(words(word))): frozenset(stem("".join(words(n))) for n in narrower)
                   for word, narrower in raw.get("broader", {}).items()}
        return cls(
            acronyms=acronyms,
            abbreviations=abbreviations,
            synonyms={key: frozenset(value) for key, value in synonyms.items()},
            broader=broader,
            diploma_words=_upper_keys(raw.get("diploma_words", {})),
            resource_type_words=_upper_keys(raw.get("resource_type_words", {})),
            establishment_type_words=_upper_keys(raw.get("establishment_type_words", {})),
            role_words=_upper_keys(raw.get("role_words", {})),
            pathway_words={key.lower(): value for key, value in raw.get("pathway_words", {}).items()},
            capacity_units=frozenset(raw.get("capacity_units", [])),
            resource_words=frozenset(stem(word) for word in raw.get("resource_words", [])),
            contact_words=frozenset(stem(word) for word in raw.get("contact_words", [])),
        )


def _upper_keys(table: dict[str, str]) -> dict[str, str]:
    return {key.upper(): value for key, value in table.items()}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    return Lexicon.load()
