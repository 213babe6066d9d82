"""Light French stemming: plural and feminine folding, and the coarser "word family" root.

The light stem is what the index stores ("soudeuses" → "soudeur"). The family root ("plomberie" and
"plombier" → "plomb") is a weaker link, used only to widen a query word that found too little, so it may
over-reach now and then without pushing anything above an exact match.
"""

from __future__ import annotations

from functools import lru_cache

# (suffix, replacement, minimum word length) tried in order; the first that fits wins.
_LIGHT_RULES = (
    ("euse", "eur", 6),
    ("trice", "teur", 7),
    ("ienne", "ien", 7),
    ("iere", "ier", 6),
    ("onne", "on", 6),
    ("enne", "en", 6),
    ("elle", "el", 7),
    ("ette", "et", 6),
    ("ive", "if", 5),
    ("ante", "ant", 6),
    ("ente", "ent", 6),
    ("ere", "er", 6),
    ("ee", "e", 5),
)

# Derivational endings, longest first, stripped to reach the family root.
_FAMILY_SUFFIXES = (
    "isation", "ication", "icienne", "icien", "icite", "ateur", "ation", "ition", "ement", "erie",
    "iste", "ique", "isme", "ment", "ier", "ien", "eur", "age", "ure", "ite", "ant", "ent", "ion",
    "ial", "al", "er", "if", "e",
)
_MIN_ROOT = 4


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Plural and feminine folded: "soudeuses" → "soudeur", "maçonnes" → "macon". Digits untouched."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("aux") and len(word) > 5:
        word = word[:-3] + "al"
    elif word.endswith("x") and len(word) > 4:
        word = word[:-1]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for suffix, replacement, minimum in _LIGHT_RULES:
        if len(word) >= minimum and word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    return word


@lru_cache(maxsize=200_000)
def family_root(word: str) -> str:
    """The coarse root shared by a word family: "soudure", "soudage", "soudeur" → "soud"."""
    word = stem(word)
    if not word.isalpha():
        return word
    for _ in range(2):
        for suffix in _FAMILY_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ROOT:
                word = word[: -len(suffix)]
                break
        else:
            break
    if len(word) > _MIN_ROOT and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word
