"""Cells that a spreadsheet shows as text, never runs: the OWASP rule against formula injection.

Whatever a caller said (a search term, a company name) ends up in the tables the network opens in Excel or
LibreOffice. A cell beginning with = + - @, a tab or a carriage return can be taken for a formula
(`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`, `+1+cmd...`). CSV cells get a leading apostrophe; XLSX cells are
typed as text (and flagged with the spreadsheet's own "quote prefix"), so no data is ever stored as a formula.
The catalogue exchange uses `xlsx_text` only: the value stays exactly what was typed and re-imports equal.
"""

from __future__ import annotations

import re

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# Control characters other than tab, line feed and carriage return: no spreadsheet or form holds them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_cell(value: object) -> object:
    """The value as a CSV cell for people: a leading apostrophe before anything a spreadsheet would run."""
    if looks_like_formula(value):
        return "'" + value
    return value


def xlsx_text(cell) -> None:
    """Types an openpyxl cell holding text as text: openpyxl stores any string beginning with = as a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            # What Excel itself records when one types a leading apostrophe: shown and edited as text.
            cell.quotePrefix = True


def visible(text: str) -> str:
    """Control characters written as <U+001B>, so that a message never echoes a raw ESC or NUL to a terminal."""
    return CONTROL_CHARACTERS.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
