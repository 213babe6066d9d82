"""A French phonetic key: words that sound alike on the phone get the same key ("lojistique", "logistique").

No maintained French phonetic library fits (PyPI offers Soundex-like English keys, or plugins of whole search
servers), so the rules live here, in the order French spelling needs them:

- doubled letters are one ("serrurier" = "serurier");
- ph = f, th = t, a silent h; ch before a consonant = k ("technique"), otherwise its own sound;
- eau = au = o; ou its own sound; ai = ei = e; y = i; w = v;
- qu = q = ck = k; c before e, i = s, otherwise k; g before e, i = j; gu before e, i = g; z = s;
  t before "ion"/"ia" = s ("formation");
- an/am/en/em one nasal, in/im/ain/ein/un/um/yn another, on/om a third (when no vowel follows);
- the silent endings: a plural s, then a mute e, or a final t, d, x, p after a vowel, or -er/-ez
  ("batiment" = "batiman").

The key is only ever computed on query words and on the vocabulary (a few thousand words), never on records.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .stemming import stem

_NOT_LETTER = re.compile(r"[^a-z]+")
_DOUBLED = re.compile(r"([a-z])\1+")
# Upper-case letters stand for sounds written with several letters, so later rules leave them alone.
_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"^h", ""),
    (r"ph", "f"),
    (r"th", "t"),
    (r"rh", "r"),
    (r"ch(?=[bcdfgjklmnpqrstvwxz])", "k"),
    (r"s?ch|sh", "C"),
    (r"eau|au", "o"),
    (r"gu(?=[eiy])", "g"),
    (r"ge(?=[aou])", "j"),
    (r"gn", "N"),
    (r"g(?=[eiy])", "j"),
    (r"qu|ck|q", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"t(?=i[ao])", "s"),
    (r"x$", ""),
    (r"x", "ks"),
    (r"z", "s"),
    (r"h", ""),
    (r"w", "v"),
    (r"y", "i"),
    (r"ou", "U"),
    (r"oi", "W"),
    (r"(?:ain|ein|in|im|un|um)(?![aeiouUnm])", "I"),
    (r"[ae]i", "e"),
    (r"(?:an|am|en|em)(?![aeiouUnm])", "A"),
    (r"(?:on|om)(?![aeiouUnm])", "O"),
))
_SILENT_END = frozenset("tdxp")
_VOWEL_SOUNDS = frozenset("aeiouAIOUW")
MIN_LENGTH = 4


@lru_cache(maxsize=100_000)
def phonetic_key(word: str) -> str:
    """The sound of a folded word ("soudure" → "sUdur"); words too short to tell apart come back as they are."""
    # Plural and feminine first: "cuisinieres" sounds like "cuisinier" once both are reduced alike.
    plain = _NOT_LETTER.sub("", stem(word.lower()))
    if len(plain) < MIN_LENGTH:
        return plain
    key = _DOUBLED.sub(r"\1", plain)
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    # A plural s, then a mute e (the consonant before it is heard) or a silent consonant or -er/-ez.
    if key.endswith("s") and len(key) > MIN_LENGTH:
        key = key[:-1]
    if key.endswith("e"):
        key = key[:-1]
    elif key.endswith(("er", "ez")) and len(key) > MIN_LENGTH:
        key = key[:-2]
    elif len(key) > MIN_LENGTH and key[-1] in _SILENT_END and key[-2] in _VOWEL_SOUNDS:
        key = key[:-1]
    return _DOUBLED.sub(r"\1", key)


def sounds_alike(first: str, second: str) -> bool:
    return phonetic_key(first) == phonetic_key(second)
