"""Turning spreadsheet cells into text, and comparing names the way people type them."""

from __future__ import annotations

from datetime import date, datetime, time

from ..text import fold as fold_text


def fold(text: str) -> str:
    """The application's folding, without surrounding spaces: "Établissements " → "etablissements"."""
    return fold_text(text.strip())


def squash(text: str) -> str:
    """fold() without spaces, dashes or underscores, to match closed-list values: "Bac-Pro" → "bacpro"."""
    return "".join(char for char in fold(text) if char not in " -_'.")


def cell_text(value) -> str:
    """The text a cell shows, whatever type the spreadsheet gave it; "" for an empty cell.

    Integral floats lose their ".0" (a spreadsheet stores 62300 as 62300.0), dates are written the French way.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def split_list(text: str) -> list[str]:
    """Items of a comma-separated cell (semicolons too: people use both), empty items dropped."""
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]
