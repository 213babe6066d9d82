"""Searches that found nothing, kept for the unmet-demand register, without personal data.

Callers dictate phone numbers and e-mail addresses; an operator may paste them into the search box. Those
are cut out before anything is written; short numbers ("salle 60 personnes", "bts sp3s") stay.
"""

from __future__ import annotations

import re

from sqlalchemy import insert
from sqlalchemy.orm import sessionmaker

from ..db.models import SearchLog
from ..privacy.terms import people_pattern, terms_only
from .normalize import cap_query

_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Six digits or more, spaces, dots, dashes or a leading + between them: a phone number, a SIRET, an account.
_LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-/]*\d){5,}")
_SPACES = re.compile(r"\s+")
QUERY_COLUMN = 200


def scrub(query: str) -> str:
    """The query without e-mails, web addresses and long digit runs, spaces squeezed."""
    text = cap_query(query)
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _LONG_NUMBER.sub(" ", text)
    return _SPACES.sub(" ", text).strip()[:QUERY_COLUMN]


def record_unmet(sessions: sessionmaker, query: str, kind: str | None = None, results: int = 0) -> bool:
    """Record a committed search that found nothing (the window calls this when the operator validates a
    query, not on every keystroke). Returns False when nothing was left to record after scrubbing."""
    text = scrub(query)
    if not text:
        return False
    with sessions.begin() as session:
        # A caller's name typed in the box (or after Mme/M.) is no demand: it is not recorded.
        text = terms_only(text, people_pattern(session))[:QUERY_COLUMN]
        if not text:
            return False
        session.execute(insert(SearchLog).values(query=text, kind=kind, results=results))
    return True
