"""The period a report covers, in the operator's calendar, and its translation to stored UTC timestamps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from ..calls.dates import format_date, parse_date
from ..errors import UserError

MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def local_to_utc(moment: datetime) -> datetime:
    """A naive local time of this computer as the naive UTC the database stores (DST handled by the OS)."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def utc_to_local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


def month_label(first_day: date) -> str:
    return f"{MONTHS_FR[first_day.month - 1]} {first_day.year}"


def short_month_label(first_day: date) -> str:
    """"sept. 25": twelve of them fit under a chart."""
    return f"{MONTHS_FR[first_day.month - 1]} {first_day.year % 100:02d}"


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UserError(
                f"Période vide : la date de fin ({format_date(self.end)}) précède la date de début "
                f"({format_date(self.start)})."
            )

    @classmethod
    def parse(cls, start: str | date | None, end: str | date | None, *, today: date | None = None) -> Period:
        """From what the operator typed; a missing bound is the current school year's."""
        default = cls.school_year(today or date.today())
        first = parse_date(start, what="Date de début") if start else default.start
        last = parse_date(end, what="Date de fin") if end else default.end
        return cls(first, last)

    @classmethod
    def school_year(cls, day: date) -> Period:
        """1 September to 31 August: the rhythm of PFMP, apprenticeship contracts and the yearly seminar."""
        year = day.year if day.month >= 9 else day.year - 1
        return cls(date(year, 9, 1), date(year + 1, 8, 31))

    @classmethod
    def last_months(cls, day: date, months: int = 12) -> Period:
        first = _add_months(day.replace(day=1), -(months - 1))
        return cls(first, day)

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as stored timestamps: local midnight of the first day to local midnight after the last."""
        return (
            local_to_utc(datetime.combine(self.start, time())),
            local_to_utc(datetime.combine(self.end + timedelta(days=1), time())),
        )

    def contains(self, moment_utc: datetime) -> bool:
        low, high = self.utc_bounds()
        return low <= moment_utc < high

    def months(self) -> list[date]:
        """First day of every month the period touches, in order."""
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = _add_months(current, 1)
        return months

    @property
    def label(self) -> str:
        return f"du {format_date(self.start)} au {format_date(self.end)}"


def _add_months(first_day: date, count: int) -> date:
    index = first_day.year * 12 + first_day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)
