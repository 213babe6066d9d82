"""French text as the operator types it, folded into comparable tokens.

Case, accents and ligatures are dropped (titles copied from national lists are upper case without accents,
operators type with or without them), elisions are cut (l', d', qu'...), stop words are removed.
"""

from __future__ import annotations

import re
import unicodedata

from ..text import fold  # noqa: F401  (re-exported: the search's folding is the application's)

# An operator's query is a few words; anything longer is a paste accident and must not cost time.
MAX_QUERY_CHARS = 200

_TOKEN = re.compile(r"[0-9a-z]+")
# Apostrophes of every keyboard; after them an elided article or pronoun is dropped.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'"})
_ELIDED = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"})

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette chez dans de des du elle en et eux il ils je la le les leur leurs lui ma
    mais me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton
    tu un une vos votre vous y d l j m n s t c un une est sont etre avoir ont
    cherche cherchons recherche besoin voudrais voudrait veut souhaite souhaiterait faut quelqu quelque
    bonjour merci svp sil plait
    """.split()
)


def cap_query(text: str) -> str:
    """The query cut to a sane length, control characters turned into spaces."""
    text = (text or "")[: MAX_QUERY_CHARS * 2]
    cleaned = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    return cleaned[:MAX_QUERY_CHARS]


def words(text: str) -> list[str]:
    """Folded words with elisions cut, stop words kept (capacity and place parsing need "pour", "a"...)."""
    folded = fold(text.translate(_APOSTROPHES))
    # "l'atelier" gives "l" + "atelier": elided articles and pronouns are single letters or "qu"-words,
    # never meaningful on their own, so they are dropped wherever they stand.
    return [token for token in _TOKEN.findall(folded) if token not in _ELIDED]


def content_words(text: str) -> list[str]:
    """Folded words without stop words: what is matched against the index."""
    return [token for token in words(text) if token not in STOP_WORDS]


def ends_with_separator(text: str) -> bool:
    """True when the operator finished the last word (typed a space or punctuation after it)."""
    return bool(text) and not text[-1].isalnum()
