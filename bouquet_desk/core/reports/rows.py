"""The figures of an activity report as plain frozen rows: what the window, the exports and the documents show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .area import Area
from .period import Period


@dataclass(frozen=True)
class Summary:
    calls: int
    referred_calls: int
    uncovered_calls: int
    referrals: int
    answered_referrals: int
    overdue_referrals: int
    positive_outcomes: int
    median_answer_days: float | None
    empty_searches: int
    # Rings nobody answered (direction missed), logged by the telephone system's events.
    missed_calls: int = 0


@dataclass(frozen=True)
class MonthRow:
    month: date  # first day of the month
    label: str
    counts: tuple[int, ...]  # one per ActivityFigures.categories, in that order
    total: int


@dataclass(frozen=True)
class CategoryRow:
    code: str
    label: str
    calls: int
    referred: int
    uncovered: int
    share: float  # of all calls of the period, 0..1


@dataclass(frozen=True)
class OutcomeRow:
    code: str
    label: str
    count: int
    positive: bool  # the outcomes the network aims at (an internship agreed, an apprentice hired...)


@dataclass(frozen=True)
class EstablishmentRow:
    establishment_id: int
    name: str
    commune: str
    territory: str
    referrals: int
    answered: int
    overdue: int
    positive: int
    median_answer_days: float | None


@dataclass(frozen=True)
class ContactRow:
    contact_id: int
    name: str
    role: str
    establishment: str
    referrals: int
    answered: int
    overdue: int
    median_answer_days: float | None


@dataclass(frozen=True)
class TermRow:
    key: str
    label: str  # the form operators typed most often
    count: int


@dataclass(frozen=True)
class UnmetTheme:
    key: str
    label: str
    domain: str  # ROME domain label, or "Autres demandes"
    uncovered_calls: int
    empty_searches: int
    last_seen: datetime
    examples: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.uncovered_calls + self.empty_searches


@dataclass(frozen=True)
class UnmetDomain:
    label: str
    uncovered_calls: int
    empty_searches: int

    @property
    def total(self) -> int:
        return self.uncovered_calls + self.empty_searches


@dataclass(frozen=True)
class UnmetDemand:
    period: Period
    uncovered_calls: int
    empty_searches: int
    themes: tuple[UnmetTheme, ...]
    domains: tuple[UnmetDomain, ...]
    # Uncovered calls per enquiry category (label, count), most frequent first.
    categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ActivityFigures:
    period: Period
    area: Area | None
    computed_at: datetime
    summary: Summary
    categories: tuple[CategoryRow, ...]
    months: tuple[MonthRow, ...]
    outcomes: tuple[OutcomeRow, ...]
    establishments: tuple[EstablishmentRow, ...]
    contacts: tuple[ContactRow, ...]
    terms: tuple[TermRow, ...]
    unmet: UnmetDemand
