"""French writing without the system locale: dates, lists, names, plurals.

A letter must read the same on a PC configured in English, on a server with the C locale and in CI, so month
names are ours rather than strftime's.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def french_date(day: date | datetime | None) -> str:
    """ "28 novembre 2026"; the first of the month is written "1er" as French typography wants; "" for None."""
    if day is None:
        return ""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def local_day(utc: datetime) -> date:
    """The calendar day on this PC of a stored naive UTC timestamp (a call at 23:30 UTC is the next day in Lens)."""
    return utc.replace(tzinfo=timezone.utc).astimezone().date()


def join_words(items: list[str] | tuple[str, ...]) -> str:
    """ "a", "a et b", "a, b et c": the French enumeration, empty items dropped."""
    kept = [item for item in items if item]
    if len(kept) <= 1:
        return "".join(kept)
    return f"{', '.join(kept[:-1])} et {kept[-1]}"


def person_name(first_name: str, last_name: str) -> str:
    """ "Claire MARTIN": the family name in capitals, the usual form in French correspondence."""
    return " ".join(part for part in (first_name.strip(), last_name.strip().upper()) if part)


def count(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 place", "250 places"; numbers grouped with a narrow no-break space ("1 200")."""
    word = singular if number in (0, 1) else (plural or singular + "s")
    return f"{number:,}".replace(",", "\u202f") + f" {word}"
