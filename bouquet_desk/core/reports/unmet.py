"""The unmet-demand register: calls no one in the network could take (outcome "uncovered") and searches that
found nothing, grouped into themes so that the network sees which needs come back."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ..calls.codes import CATEGORIES
from ..db.models import Call, SearchLog
from ..privacy.terms import people_pattern, terms_only
from .period import Period
from .rows import UnmetDemand, UnmetDomain, UnmetTheme
from .themes import NO_DOMAIN, domain_label, job_index, theme_words

UNCOVERED = "uncovered"
EXAMPLES = 5
# Operators may have run several searches during one call; the calls core stores them one per line.
_QUERY_SPLIT = re.compile(r"[\n|;]+")


def split_queries(search_terms: str) -> list[str]:
    return [part.strip() for part in _QUERY_SPLIT.split(search_terms or "") if part.strip()]


def _first_usable(search_terms: str) -> str:
    return next((query for query in split_queries(search_terms) if theme_words(query)), "")


def plain(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Theme:
    words: tuple[str, ...]
    label_hint: str = ""
    calls: int = 0
    searches: int = 0
    last_seen: datetime = datetime.min
    forms: Counter = field(default_factory=Counter)

    def add(self, raw: str, at: datetime, *, call: bool) -> None:
        if call:
            self.calls += 1
        else:
            self.searches += 1
        self.last_seen = max(self.last_seen, at)
        if raw:
            self.forms[plain(raw)] += 1


def unmet_demand(sessions: sessionmaker, period: Period, reference) -> UnmetDemand:
    low, high = period.utc_bounds()
    with sessions() as session:
        calls = session.execute(
            select(Call.started_at, Call.category, Call.search_terms)
            .where(Call.outcome == UNCOVERED, Call.started_at >= low, Call.started_at < high)
        ).all()
        searches = session.execute(
            select(SearchLog.at, SearchLog.query)
            .where(SearchLog.results == 0, SearchLog.at >= low, SearchLog.at < high)
        ).all()
        # Terms, not people: names, numbers and addresses cut out before anything is grouped or shown.
        people = people_pattern(session)
    calls = [(started_at, category, terms_only(terms, people)) for started_at, category, terms in calls]
    searches = [(at, terms_only(query, people)) for at, query in searches]

    themes: dict[str, _Theme] = {}
    categories: Counter[str] = Counter()

    def theme_for(text: str, fallback_key: str = "", fallback_label: str = "") -> _Theme | None:
        words = theme_words(text)
        key = " ".join(words) or fallback_key
        if not key:
            return None
        if key not in themes:
            themes[key] = _Theme(words, label_hint=fallback_label)
        return themes[key]

    for started_at, category, search_terms in calls:
        label = CATEGORIES.get(category, category)
        categories[label] += 1
        # A call counts once, under the first search that says something: the operator's later searches
        # are reformulations of the same need, and counting them again would inflate the register.
        theme = next(filter(None, (theme_for(query) for query in split_queries(search_terms))), None)
        if theme is None:
            theme = theme_for("", f"({label})", f"{label} (sans précision)")
            theme.add("", started_at, call=True)
        else:
            theme.add(_first_usable(search_terms), started_at, call=True)

    for at, query in searches:
        theme = theme_for(query)
        if theme is not None:
            theme.add(query, at, call=False)

    index = job_index(reference)
    rows = []
    for key, theme in themes.items():
        forms = sorted(theme.forms.items(), key=lambda item: (-item[1], item[0].casefold()))
        label = forms[0][0] if forms else theme.label_hint
        domain = domain_label(index.domain_of(theme.words)) if theme.words else NO_DOMAIN
        rows.append(UnmetTheme(
            key=key, label=label, domain=domain, uncovered_calls=theme.calls, empty_searches=theme.searches,
            last_seen=theme.last_seen, examples=tuple(form for form, _ in forms[:EXAMPLES]),
        ))
    rows.sort(key=lambda row: (-row.total, row.label.casefold(), row.key))

    by_domain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        by_domain[row.domain][0] += row.uncovered_calls
        by_domain[row.domain][1] += row.empty_searches
    domains = sorted(
        (UnmetDomain(label, calls_, searches_) for label, (calls_, searches_) in by_domain.items()),
        key=lambda d: (-d.total, d.label == NO_DOMAIN, d.label),
    )
    return UnmetDemand(
        period=period,
        uncovered_calls=len(calls),
        empty_searches=len(searches),
        themes=tuple(rows),
        domains=tuple(domains),
        categories=tuple(sorted(categories.items(), key=lambda item: (-item[1], item[0]))),
    )
