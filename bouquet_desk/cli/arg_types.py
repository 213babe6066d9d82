"""Argument types that refuse, with a French message naming what to type, values no database or calendar
holds: ids beyond a 64-bit integer, years 1 or 9999, a call lasting longer than a day. argparse turns the
ArgumentTypeError into a usage error (exit 2) before anything is opened."""

from __future__ import annotations

import argparse

from ..core.calls.dates import parse_date
from ..core.errors import UserError
from ..core.safe_cells import visible

MAX_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite
MAX_CALL_SECONDS = 24 * 3600


def _integer(text: str, what: str) -> int:
    raw = text.strip()
    if not raw.lstrip("-").isdigit() or len(raw) > 25:
        raise argparse.ArgumentTypeError(f"{what} attendu(e) en chiffres, pas « {visible(text[:40])} »")
    return int(raw)


def bounded(low: int, high: int, what: str):
    def parse(text: str) -> int:
        value = _integer(text, what)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} hors limites : {value} (de {low} à {high})")
        return value

    parse.__name__ = what  # argparse names the type in some messages
    return parse


record_id = bounded(1, MAX_ID, "numéro")
count = bounded(1, 10_000, "nombre")
seconds = bounded(0, MAX_CALL_SECONDS, "durée en secondes")
people = bounded(1, 100_000, "nombre de personnes")


def dated(what: str = "Date"):
    """A date, AAAA-MM-JJ or JJ/MM/AAAA, within the years parse_date accepts; `what` names it in messages."""

    def parse(text: str):
        try:
            return parse_date(text, what=what)
        except UserError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = "date"
    return parse


day = dated()
start_day = dated("Date de début")
end_day = dated("Date de fin")
