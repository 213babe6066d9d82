"""Search terms without people: what the reports and the search log may show of what callers asked.

A search or a call's search terms may hold a caller's name, a mobile number or an address typed in the box.
Reports show terms, not people (docs/privacy.md): e-mails, numbers, names after a civility and the full names
of known callers are cut out, and the terms that remain are what is counted and printed.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from ..db.models import Caller
from .scrub import EMAIL, NAME, PHONE, Identifiers, scrub_text

_MARKERS = re.compile(
    r"(?:\b(?:M\.|Mr\.?|Mme|Mlle|Monsieur|Madame|Mademoiselle)\s+)?(?:" + "|".join(re.escape(m) for m in (NAME, PHONE, EMAIL))
    + r")", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")


_CACHE: dict[tuple, re.Pattern | None] = {}


def people_pattern(session) -> re.Pattern | None:
    """The full names of every known caller, as one accent- and case-insensitive pattern.

    Compiling it takes about a second at 10,000 callers: kept per database until a caller is added, renamed
    or anonymised (the count, the last id and the sum of versions change), so recording a search stays cheap.
    """
    stamp = session.execute(select(func.count(), func.max(Caller.id), func.sum(Caller.version))).one()
    key = (str(session.get_bind().url), *stamp)
    if key not in _CACHE:
        names = session.scalars(select(Caller.name).where(Caller.name.is_not(None), Caller.name != "")).all()
        _CACHE.clear()
        _CACHE[key] = Identifiers.of([(name, None, None) for name in set(names)]).pattern(name_parts=False)
    return _CACHE[key]


def terms_only(text: str | None, pattern: re.Pattern | None) -> str:
    """`text` with what identifies a person removed (not replaced by markers): only the terms remain."""
    if not text:
        return ""
    cleaned = _MARKERS.sub(" ", scrub_text(text, pattern=pattern))
    return "\n".join(_SPACES.sub(" ", line).strip(" ,;") for line in cleaned.split("\n")).strip()
