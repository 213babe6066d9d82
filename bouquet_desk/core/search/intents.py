"""What the caller's intent words do to the ranking: they prefer records, they never match text.

"un soudeur en apprentissage" asks for welding courses open to apprentices; the word "apprentissage" must not
find the CFA's name. So an intent scales scores: formations of the pathway asked keep theirs, the others lose
some; continuing-education providers and their people come first for "former nos salariés"; common first
years ("2NDE COMMUNE") come last for "embaucher", whose graduates come out of final years.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..text import fold
from .lexicon import Intent
from .records import SearchRecord

OTHER_PATHWAY = 0.5
# A formation whose pathways the catalogue does not give may still be open to the one asked.
UNKNOWN_PATHWAY = 0.85
OTHER_PROVIDER = 0.7
COMMON_YEAR_FACTOR = 0.5
COMMON_YEAR = re.compile(r"\b(2nde|seconde|1ere annee|1e annee|premiere annee|annee) commune\b")


def record_factor(intents: Sequence[Intent]) -> Callable[[SearchRecord], float] | None:
    """A function scaling each record by how well it fits the intents, or None when they say nothing."""
    if not intents:
        return None
    pathways = {intent.pathway for intent in intents if intent.pathway}
    types = frozenset().union(*(intent.establishment_types for intent in intents))
    categories = frozenset().union(*(intent.contact_categories for intent in intents))
    roles = frozenset().union(*(intent.contact_roles for intent in intents))
    final_year = any(intent.final_year for intent in intents)
    if not (pathways or types or categories or roles or final_year):
        return None
    cache: dict[tuple, float] = {}

    def factor(record: SearchRecord) -> float:
        key = (record.kind, record.pathways, record.establishment_type, record.categories, record.role,
               record.title if final_year and record.kind == "formation" else "")
        found = cache.get(key)
        if found is None:
            found = cache[key] = _factor(record, pathways, types, categories, roles, final_year)
        return found

    return factor


def _factor(record: SearchRecord, pathways: set[str], types: frozenset[str], categories: frozenset[str],
            roles: frozenset[str], final_year: bool) -> float:
    value = 1.0
    if record.kind == "formation":
        if pathways:
            offered = {part.strip().lower() for part in record.pathways.split(",") if part.strip()}
            if not offered:
                value *= UNKNOWN_PATHWAY
            elif not pathways & offered:
                value *= OTHER_PATHWAY
        if final_year and COMMON_YEAR.search(fold(record.title)):
            value *= COMMON_YEAR_FACTOR
    elif record.kind == "resource" and pathways:
        value *= OTHER_PATHWAY  # a room is no pathway: "un apprenti en coiffure" asks for a course
    elif record.kind == "establishment" and types:
        if (record.establishment_type or "").upper() not in types:
            value *= OTHER_PROVIDER
    elif record.kind == "contact" and (categories or roles):
        said = {part.strip().upper() for part in record.categories.split(",")}
        if not said & categories and (record.role or "").upper() not in roles:
            value *= OTHER_PROVIDER
    return value


def wants_kind(intents: Sequence[Intent]) -> str | None:
    """The kind of item an intent asks for ("louer" → resource), if any."""
    for intent in intents:
        if intent.kind:
            return intent.kind
    return None


def wants_people(intents: Sequence[Intent]) -> bool:
    """True when an intent names the people to reach (continuing-education contacts)."""
    return any(intent.contact_categories or intent.contact_roles for intent in intents)
