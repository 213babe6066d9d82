"""Common first years said as what they are. The national diploma list (BCN) names a first year shared by
several diplomas with a code inside the title: « MÉTIERS DE LA RELATION CLIENT 2NDE COMMUNE (BAC PRO) », « TRAITEMENT
DES MATÉRIAUX BTS 1ERE ANNEE COMMUNE », « CHIMIE (DUT ANNEE COMMUNE) », « … 1ERE ANNEE COMMUNE CAP ». A company
reading a letter does not know that code: it reads « seconde commune à plusieurs bacs pro ».

    explain("METIERS DE LA RELATION CLIENT 2NDE COMMUNE (BAC PRO)", "BAC PRO")
    → CommonYear(stem="METIERS DE LA RELATION CLIENT", phrase="seconde commune à plusieurs bacs pro")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Plural of the diploma names, as written in French prose (« des bacs pro », « des CAP »: sigles do not vary).
_PLURALS = {"BAC PRO": "bacs pro", "BAC TECHNO": "bacs technologiques", "BP": "BP", "CAP": "CAP", "BEP": "BEP",
            "BTS": "BTS", "BTSA": "BTSA", "DUT": "DUT", "BUT": "BUT", "BT": "BT", "MC": "mentions complémentaires"}
# Diplomas whose first year is shared by the options of one diploma rather than by several diplomas.
_OPTIONS_OF_ONE = {"BTS", "BTSA", "DUT", "BUT"}

_DIPLOMA = r"(?:BAC PRO|BTSA|BTS|DUT|BUT|CAP|BEP|BT)"
_SECOND = re.compile(rf"\b(?:{_DIPLOMA}\s+)?(?:2NDE|2DE|SECONDE)\s+COMMUNE(?:\s+{_DIPLOMA})?\b")
_FIRST = re.compile(rf"\b(?:{_DIPLOMA}\s+)?(?:1ERE|1ER|1E|PREMIERE)?\s*ANNEES?\s+COMMUNES?(?:\s+{_DIPLOMA})?\b")
# « SERVICES INFORMATIQUES AUX ORGANISATIONS BTS 1ERE ANNEE »: the first year before the options part.
_FIRST_OF_OPTIONS = re.compile(r"\b(BTSA|BTS|DUT|BUT)\s+(?:1ERE|1ER|1E)\s+ANNEE\b")
_TRAILING_DIPLOMA = re.compile(rf"\(\s*{_DIPLOMA}[^()]*\)\s*$")
_EMPTY_PARENTHESES = re.compile(r"\(\s*\)")


@dataclass(frozen=True)
class CommonYear:
    stem: str  # the title without the code (the family or the diploma the year leads to)
    phrase: str  # « seconde commune à plusieurs bacs pro »


def _diploma(title: str, diploma: str) -> str:
    named = (diploma or "").strip().upper()
    if named in _PLURALS:
        return named
    found = re.search(_DIPLOMA, title)
    return found.group(0) if found else named


def _tidy(stem: str) -> str:
    stem = _TRAILING_DIPLOMA.sub("", _EMPTY_PARENTHESES.sub("", stem))
    return re.sub(r"\s+", " ", stem).strip(" -–,:")


def explain(title: str, diploma: str | None = None) -> CommonYear | None:
    """The common year named by a code in `title`, or None when the title names no common year."""
    text = title or ""
    upper = text.upper()
    kind = _diploma(upper, diploma or "")
    plural = _PLURALS.get(kind, kind.lower() or "diplômes")
    for pattern, year in ((_SECOND, "seconde"), (_FIRST, "première année"), (_FIRST_OF_OPTIONS, "première année")):
        found = pattern.search(upper)
        if not found:
            continue
        if pattern is _FIRST_OF_OPTIONS:
            phrase = f"première année du {kind}, commune à ses options"
        elif kind in _OPTIONS_OF_ONE:
            phrase = f"{year} commune aux options du {kind}"
        else:
            phrase = f"{year} commune à plusieurs {plural}"
        stem = _tidy(text[:found.start()] + " " + text[found.end():])
        return CommonYear(stem, phrase)
    return None
