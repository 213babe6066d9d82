"""Dates as operators and scripts type them: 2026-11-12 (ISO) or 12/11/2026 (French)."""

from __future__ import annotations

from datetime import date, datetime

from ..errors import UserError

_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str | date | None, *, what: str = "Date") -> date:
    """A date from "YYYY-MM-DD" or "DD/MM/YYYY"; UserError naming the accepted forms otherwise."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = (text or "").strip()
    for pattern in _FORMATS:
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise UserError(f"{what} invalide : « {raw} ». Formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA.")


def format_date(day: date | None) -> str:
    """French display, 12/11/2026."""
    return day.strftime("%d/%m/%Y") if day else ""
