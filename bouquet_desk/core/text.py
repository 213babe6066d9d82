"""Comparing text the way callers and spreadsheets write it: one folding for the whole application."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl"})


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelt out: "Œuvre Électrique" → "oeuvre electrique"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
