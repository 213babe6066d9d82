"""Dates as operators and scripts type them: 2026-11-12 (ISO) or 12/11/2026 (French)."""

from __future__ import annotations

from datetime import date, datetime

from ..errors import UserError
from ..safe_cells import visible

_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# Years of year 1 or 9999 overflow every computation around them (a day before, a school year after, local
# midnight in UTC): refused where they are typed, with the reason.
MIN_YEAR, MAX_YEAR = 1900, 2199


def parse_date(text: str | date | None, *, what: str = "Date") -> date:
    """A date from "YYYY-MM-DD" or "DD/MM/YYYY"; UserError naming the accepted forms otherwise."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = (text or "").strip()
    for pattern in _FORMATS:
        try:
            day = datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise UserError(f"{what} hors limites : « {raw} ». L'année doit aller de {MIN_YEAR} à {MAX_YEAR}.")
        return day
    raise UserError(f"{what} invalide : « {visible(raw[:40])} ». Formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA.")


def format_date(day: date | None) -> str:
    """French display, 12/11/2026."""
    return day.strftime("%d/%m/%Y") if day else ""
