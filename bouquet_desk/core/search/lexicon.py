"""The telephone vocabulary shipped in resources/search/lexicon.json, folded the way the index folds text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import resource_path
from .normalize import content_words, words
from .stemming import stem


def stems(text: str) -> tuple[str, ...]:
    """Content words of a text, stemmed, in order."""
    return tuple(stem(word) for word in content_words(text))


@dataclass(frozen=True)
class Intent:
    """Words that say what the caller wants beyond the trade: a pathway, a kind of provider, a stage."""

    code: str
    label: str
    # Each phrase as folded words ("contrat", "pro"); the longest said wins.
    phrases: tuple[tuple[str, ...], ...]
    pathway: str | None = None
    establishment_types: frozenset[str] = frozenset()
    contact_categories: frozenset[str] = frozenset()
    contact_roles: frozenset[str] = frozenset()
    kind: str | None = None
    final_year: bool = False
    # Searched when the query says nothing but this intent ("formation continue" alone).
    alone: tuple[str, ...] = ()
    # Words before which the intent word is a plain word ("taxe d'apprentissage").
    not_after: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Spoken:
    """A phrase callers say that no title spells, and the catalogue's words for it."""

    kind: str  # slang, short_forms, trade_words, old_names
    said: str
    words: tuple[str, ...]


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
    fillers: frozenset[str] = frozenset()
    intents: tuple[Intent, ...] = ()
    # Folded words of the phrase said → what it stands for.
    spoken: dict[tuple[str, ...], Spoken] = field(default_factory=dict)
    room_words: frozenset[str] = frozenset()
    # (stems of a title phrase, text it is also known by): formations whose title holds the phrase are indexed
    # under the text too, both ways between a former diploma title and the current one.
    title_aliases: tuple[tuple[frozenset[str], str], ...] = ()

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
            fillers=frozenset(word for text in raw.get("fillers", []) for word in words(text)),
            intents=tuple(_intent(code, entry) for code, entry in raw.get("intents", {}).items()),
            spoken=_spoken(raw.get("spoken", {})),
            room_words=frozenset(form for word in raw.get("room_words", []) for form in (word, stem(word))),
            title_aliases=_aliases(raw.get("former_titles", [])),
        )


def _intent(code: str, entry: dict) -> Intent:
    phrases = {tuple(content_words(text)) for text in entry.get("words", [])} - {()}
    return Intent(
        code=code, label=entry.get("label", code),
        phrases=tuple(sorted(phrases, key=lambda phrase: -len(phrase))),
        pathway=entry.get("pathway"),
        establishment_types=frozenset(value.upper() for value in entry.get("establishment_types", [])),
        contact_categories=frozenset(value.upper() for value in entry.get("contact_categories", [])),
        contact_roles=frozenset(value.upper() for value in entry.get("contact_roles", [])),
        kind=entry.get("kind"), final_year=bool(entry.get("final_year")),
        alone=tuple(word for text in entry.get("alone", []) for word in words(text)),
        not_after=frozenset(word for text in entry.get("not_after", []) for word in words(text)),
    )


def _spoken(raw: dict) -> dict[tuple[str, ...], Spoken]:
    out: dict[tuple[str, ...], Spoken] = {}
    for kind, table in raw.items():
        for said, meant in table.items():
            key = tuple(content_words(said))
            replacement = tuple(content_words(meant))
            if key and replacement and replacement != key and key not in out:
                out[key] = Spoken(kind, said, replacement)
    return out


def _aliases(pairs: list) -> tuple[tuple[frozenset[str], str], ...]:
    out = []
    for old, new in pairs:
        for phrase, alias in ((new, old), (old, new)):
            key = frozenset(stems(phrase))
            if key:
                out.append((key, alias))
    return tuple(out)


def _upper_keys(table: dict[str, str]) -> dict[str, str]:
    return {key.upper(): value for key, value in table.items()}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    return Lexicon.load()
