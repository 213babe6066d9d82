"""Turns a record into the (term, field) pairs the index stores, with the surface words behind each term.

Names of establishments and towns are proper nouns: they are folded but never stemmed ("Lens" stays "lens").
Titles get their sigles: those of the lexicon whose words they contain ("melec"), and their own initials
("support à l'action managériale" → "sam"), because callers say the letters, not the words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import fields as F
from .lexicon import Lexicon
from .normalize import STOP_WORDS, content_words, fold, words
from .records import SearchRecord
from .stemming import stem

ROME_PREFIX = "@"
# "(BAC PRO)", "(MC NIVEAU IV)", "BTS 1E ANNEE COMMUNE": the diploma written into national titles.
_TRAILING_DIPLOMA = re.compile(r"\(([^()]*)\)\s*$")
_INITIALS_SKIP = frozenset({"option", "specialite", "2nde", "commune", "annee", "1ere", "1e", "niveau"})

Pair = tuple[str, int, str]  # term, field, surface word


class Analyzer:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # Sigles indexed by one word of their phrase, so a title only checks the sigles it could hold.
        self._acronyms_by_word: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for sigle, phrase in lexicon.acronyms.items():
            trigger = max(phrase, key=len)
            self._acronyms_by_word.setdefault(trigger, []).append((sigle, phrase))
        self._text_cache = lru_cache(maxsize=50_000)(self._text_pairs)
        self._title_cache = lru_cache(maxsize=50_000)(self._title_extras)
        self._name_cache = lru_cache(maxsize=20_000)(self._name_pairs)
        self._equipment_cache = lru_cache(maxsize=20_000)(self._equipment_sigles)
        self._alias_cache = lru_cache(maxsize=50_000)(self._title_aliases)
        self._establishment_cache = lru_cache(maxsize=20_000)(self._establishment_sigles)

    def pairs(self, record: SearchRecord, rome=None, aliases: tuple[str, ...] = ()) -> list[Pair]:
        out: list[Pair] = []
        lex = self.lexicon
        own_name = record.kind in ("establishment", "contact")
        if own_name:
            out += self._name_cache(record.title, F.TITLE)
        else:
            out += self._text_cache(record.title, F.TITLE)
        out += self._title_cache(record.title, not own_name)
        for code in (record.cfd, record.code, record.ref, record.uai if record.kind == "establishment" else None):
            if code:
                folded = "".join(words(code))
                if folded:
                    out.append((folded, F.CODE, folded))
        if record.kind == "formation":
            if record.diploma:
                out += self._text_cache(lex.diploma_words.get(record.diploma.upper(), record.diploma), F.KIND)
            for pathway in record.pathways.split(","):
                pathway = pathway.strip().lower()
                if pathway:
                    out += self._text_cache(lex.pathway_words.get(pathway, pathway), F.TAGS)
            out += self._alias_cache(record.title)
            for alias in aliases:
                out += self._text_cache(_TRAILING_DIPLOMA.sub(" ", alias), F.TAGS)
        elif record.kind == "resource":
            if record.resource_type:
                text = lex.resource_type_words.get(record.resource_type.upper(), record.resource_type)
                out += self._text_cache(text, F.KIND)
            if record.equipment:
                out += self._text_cache(record.equipment[:2000], F.TAGS)
                out += self._equipment_cache(record.equipment[:2000])
        elif record.kind == "contact":
            if record.role:
                out += self._text_cache(lex.role_words.get(record.role.upper(), record.role), F.KIND)
            if record.categories:
                out += self._text_cache(record.categories.replace(",", " ").replace("_", " "), F.TAGS)
        if record.kind == "establishment":
            text = lex.establishment_type_words.get(record.establishment_type.upper(), record.establishment_type)
            out += self._text_cache(text, F.KIND)
        else:
            out += self._name_cache(record.establishment, F.ESTABLISHMENT)
            out += self._establishment_cache(record.establishment)
        if record.commune:
            out += self._name_cache(record.commune, F.PLACE)
        direct, related = rome if rome is not None else (record.rome_codes, record.related_rome)
        for code in direct:
            out.append((ROME_PREFIX + code.upper(), F.JOB, ""))
        for code in related:
            out.append((ROME_PREFIX + code.upper(), F.JOB_RELATED, ""))
        if record.description:
            out += self._text_cache(record.description[:2000], F.TEXT)
        return out

    @staticmethod
    def title_length(record: SearchRecord) -> int:
        return _title_length(record.title)

    # ---------------------------------------------------------------- cached pieces

    @staticmethod
    def _text_pairs(text: str, field: int) -> list[Pair]:
        return [(stem(word), field, word) for word in content_words(text)]

    @staticmethod
    def _name_pairs(text: str, field: int) -> list[Pair]:
        # Proper nouns: folded, not stemmed; stop words kept out all the same ("de", "la").
        return [(word, field, word) for word in words(text) if word not in STOP_WORDS]

    def _title_aliases(self, title: str) -> list[Pair]:
        """The former (or newer) titles the lexicon knows a diploma title by, as tags."""
        title_stems = {stem(word) for word in content_words(title)}
        out: list[Pair] = []
        for phrase, alias in self.lexicon.title_aliases:
            if phrase <= title_stems:
                out += self._text_pairs(alias, F.TAGS)
        return out

    def _establishment_sigles(self, name: str) -> list[Pair]:
        """"la DDFPT de l'IUT": the sigles of the lexicon an establishment's name spells out, on its items."""
        return [(sigle, F.ESTABLISHMENT, sigle) for sigle, field, _ in self._title_extras(name, False)
                if field == F.CODE and sigle in self.lexicon.acronyms]

    def _equipment_sigles(self, text: str) -> list[Pair]:
        """"tableau blanc interactif" in a room's equipment answers "TBI" too."""
        found = {stem(word) for word in content_words(text)}
        return [(sigle, F.TAGS, sigle) for word in found for sigle, phrase in self._acronyms_by_word.get(word, ())
                if phrase <= found]

    def _title_extras(self, title: str, stemmed: bool) -> list[Pair]:
        """Sigles for a title: from the lexicon, and the title's own initials."""
        plain = content_words(title)
        title_stems = {stem(word) for word in plain}
        if not stemmed:
            title_stems |= set(plain)
        out: list[Pair] = []
        for word in title_stems:
            for sigle, phrase in self._acronyms_by_word.get(word, ()):
                if phrase <= title_stems:
                    out.append((sigle, F.CODE, sigle))

        for initials, field in self._initials(title, establishment=not stemmed):
            out.append((initials, field, initials))
        return out

    @staticmethod
    def _initials(title: str, establishment: bool) -> list[tuple[str, int]]:
        body = _TRAILING_DIPLOMA.sub(" ", fold(title))
        letters = [word[0] for word in content_words(body)
                   if word not in _INITIALS_SKIP and not word.isdigit() and len(word) > 1]
        before_option = fold(body).split(" option ")[0]
        first = [word[0] for word in content_words(before_option)
                 if word not in _INITIALS_SKIP and not word.isdigit() and len(word) > 1]
        out: dict[str, int] = {}
        for seq in (letters, first):
            if 2 <= len(seq) <= 6:
                whole = "".join(seq)
                out.setdefault(whole, F.CODE)
                if len(seq) >= 4:
                    # Callers drop a letter of long sigles ("AGOrA" said "AGA"): weaker, as a tag.
                    for skip in range(1, len(seq)):
                        out.setdefault(whole[:skip] + whole[skip + 1:], F.TAGS)
        if establishment:
            # "Lycée professionnel X" → "lp": the leading words of a name are its kind.
            for length in range(2, min(len(letters), 6)):
                out.setdefault("".join(letters[:length]), F.TAGS)
        return list(out.items())


@lru_cache(maxsize=50_000)
def _title_length(title: str) -> int:
    """Content words of a title, without the diploma written at its end ("(BAC PRO)")."""
    return min(255, len(content_words(_TRAILING_DIPLOMA.sub(" ", title))))
