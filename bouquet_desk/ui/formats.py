"""Dates, times and numbers the French way, through QLocale (the application's default locale is French)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime


def locale() -> QLocale:
    return QLocale()


def number(value: float, decimals: int = 0) -> str:
    return locale().toString(float(value), "f", decimals) if decimals else locale().toString(int(round(value)))


def km(distance: float | None) -> str:
    if distance is None:
        return ""
    return f"{number(distance, 1)} km"


def local(moment: datetime | None) -> datetime | None:
    """A stored naive UTC time on this computer's clock (still naive)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


def day(value: date | None) -> str:
    if value is None:
        return ""
    return locale().toString(QDate(value.year, value.month, value.day), "dd/MM/yyyy")


def day_long(value: date | None) -> str:
    if value is None:
        return ""
    return locale().toString(QDate(value.year, value.month, value.day), "dddd d MMMM yyyy")


def moment(utc: datetime | None) -> str:
    """"28/11/2026 14:05" for a stored (naive UTC) time."""
    when = local(utc)
    if when is None:
        return ""
    # All digits: the same in every locale, and a tenth of the cost of QLocale (every row of the call log).
    return f"{when.day:02d}/{when.month:02d}/{when.year:04d} {when.hour:02d}:{when.minute:02d}"


def duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes:02d}:{rest:02d}"


def moment_text(local_iso: str) -> str:
    """"28/11/2026 14:05" for a local time written as ISO text (a draft's stamp); the text itself if unreadable."""
    try:
        when = datetime.fromisoformat(local_iso)
    except (TypeError, ValueError):
        return local_iso or ""
    stamp = QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute))
    return locale().toString(stamp, "dd/MM/yyyy HH:mm")
