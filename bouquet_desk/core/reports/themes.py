"""Grouping what callers asked for into themes: the same need typed five ways must count as one.

A theme is the set of meaningful words of a query, folded and stemmed by the search engine's own normaliser
(case, accents, elisions, stop words, plural and feminine), so "Soudeuses", "soudeur" and "un soudeur ?" meet. When a word is
a job title of the ROME, the theme is also placed in a ROME domain (the letter of the job code), which
gives the network a coarse map of the needs it does not cover.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from ..search.normalize import content_words, fold
from ..search.stemming import stem

# The fourteen "grands domaines" of the ROME (France Travail), by the first letter of a job code.
ROME_DOMAINS: dict[str, str] = {
    "A": "Agriculture, pêche, espaces naturels et verts, soins aux animaux",
    "B": "Arts et façonnage d'ouvrages d'art",
    "C": "Banque, assurance, immobilier",
    "D": "Commerce, vente et grande distribution",
    "E": "Communication, média et multimédia",
    "F": "Construction, bâtiment et travaux publics",
    "G": "Hôtellerie-restauration, tourisme, loisirs et animation",
    "H": "Industrie",
    "I": "Installation et maintenance",
    "J": "Santé",
    "K": "Services à la personne et à la collectivité",
    "L": "Spectacle",
    "M": "Support à l'entreprise",
    "N": "Transport et logistique",
}
NO_DOMAIN = "Autres demandes"

# Words shorter than this say nothing about a job ("bac", "cap" are diploma names, not needs).
_MIN_JOB_WORD = 4
# A word found in the titles of more ROME codes than this is generic ("agent", "technicien", "chef").
_GENERIC_CODES = 12


def theme_words(text: str) -> tuple[str, ...]:
    """The meaningful words of a query, folded and stemmed, in a stable order (sorted, unique)."""
    return tuple(sorted({stem(word) for word in content_words(text or "") if not word.isdigit()}))


def theme_key(text: str) -> str:
    return " ".join(theme_words(text))


@dataclass(frozen=True)
class JobIndex:
    """Stemmed word -> ROME codes whose job titles contain it."""

    codes_by_word: dict[str, frozenset[str]]

    def domain_of(self, words: tuple[str, ...]) -> str | None:
        """The ROME domain letter most of the words point to; None when no word is a job word."""
        votes: Counter[str] = Counter()
        for word in words:
            codes = self.codes_by_word.get(word)
            if not codes or len(codes) > _GENERIC_CODES:
                continue
            letters = Counter(code[0] for code in codes)
            top = max(letters.values())
            for letter, count in letters.items():
                if count == top:
                    votes[letter] += 1
        if not votes:
            return None
        # Ties go to the alphabetical first letter so that the same data always gives the same map.
        return min(votes, key=lambda letter: (-votes[letter], letter))


@functools.lru_cache(maxsize=4)
def job_index(reference) -> JobIndex:
    """Built once per reference table set (12,000 titles, a fraction of a second)."""
    index: dict[str, set[str]] = {}
    for title, code in reference.job_titles():
        for word in fold(title).replace("/", " ").replace("-", " ").split():
            word = stem("".join(ch for ch in word if ch.isalnum()))
            if len(word) >= _MIN_JOB_WORD:
                index.setdefault(word, set()).add(code)
    return JobIndex({word: frozenset(codes) for word, codes in index.items()})


def domain_label(letter: str | None) -> str:
    return ROME_DOMAINS.get(letter or "", NO_DOMAIN)
