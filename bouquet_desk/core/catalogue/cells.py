"""Parsers for one cell each: they return the value to store, or raise BadValue with the reason in French.

Closed lists are matched without case, accents, spaces or dashes ("Bac-pro" is BAC PRO) and stored in their
canonical spelling, so that an export re-imported compares equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..phones import parse_phone
from .text import cell_text, split_list, squash
from .validators import cfd_problem, is_valid_email, is_valid_rome, uai_problem

# Called with a warning reason when a value was accepted but corrected (a CFD that lost its leading zeros).
Note = Callable[[str], None]
CellParser = Callable[[object, Note], object]


class BadValue(ValueError):
    """The cell cannot be stored; the message says why, in French."""


def text(max_length: int | None) -> CellParser:
    def parse(value, note: Note) -> str | None:
        result = cell_text(value)
        if max_length is not None and len(result) > max_length:
            raise BadValue(f"texte trop long : {len(result)} caractères, {max_length} au plus")
        return result or None

    return parse


def uai(value, note: Note) -> str:
    result = cell_text(value).upper().replace(" ", "")
    problem = uai_problem(result)
    if problem:
        raise BadValue(problem)
    return result


def cfd(value, note: Note) -> str:
    result = cell_text(value).upper().replace(" ", "")
    if isinstance(value, (int, float)) and result.isdigit() and len(result) < 8:
        # The spreadsheet read the code as a number and dropped its leading zeros: they are known to be zeros.
        padded = result.zfill(8)
        note(f"code CFD saisi comme un nombre : lu {padded} (mettez la colonne au format texte)")
        result = padded
    problem = cfd_problem(result)
    if problem:
        raise BadValue(problem)
    return result


def insee(value, note: Note) -> str | None:
    result = cell_text(value).upper().replace(" ", "")
    if not result:
        return None
    if isinstance(value, (int, float)) and result.isdigit() and len(result) == 4:
        result = result.zfill(5)  # departments 01 to 09 lose their zero in a numeric cell
    if not re.fullmatch(r"\d[0-9AB]\d{3}", result):
        raise BadValue("code INSEE invalide : 5 caractères attendus (ex. 62498)")
    return result


def postal_code(value, note: Note) -> str | None:
    result = cell_text(value).replace(" ", "")
    if not result:
        return None
    if isinstance(value, (int, float)) and result.isdigit() and len(result) == 4:
        result = result.zfill(5)
    if not re.fullmatch(r"\d{5}", result):
        raise BadValue("code postal invalide : 5 chiffres attendus")
    return result


def choice(options: Sequence[str], what: str) -> CellParser:
    by_key = {squash(option): option for option in options}
    # The same few spellings come back on every row: remember them rather than fold each cell again.
    seen: dict[str, str] = {option: option for option in options}

    def parse(value, note: Note) -> str | None:
        raw = cell_text(value)
        if not raw:
            return None
        known = seen.get(raw)
        if known is not None:
            return known
        try:
            result = by_key[squash(raw)]
        except KeyError:
            raise BadValue(f"{what} inconnu ; valeurs admises : {', '.join(options)}") from None
        if len(seen) < 1000:
            seen[raw] = result
        return result

    return parse


def choices(options: Sequence[str], what: str) -> CellParser:
    """A comma-separated list from a closed set, stored canonical and without repeats: "PFMP,LOCAUX"."""
    one = choice(options, what)
    seen: dict[str, str] = {}

    def parse(value, note: Note) -> str:
        text = cell_text(value)
        known = seen.get(text)
        if known is not None:
            return known
        items: list[str] = []
        for raw in split_list(text):
            item = one(raw, note)
            if item not in items:
                items.append(item)
        result = ",".join(items)
        if len(seen) < 1000:
            seen[text] = result
        return result

    return parse


def integer(low: int, high: int | None = None) -> CellParser:
    def parse(value, note: Note) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise BadValue("nombre entier attendu")
        if isinstance(value, int):
            result = value
        elif isinstance(value, float) and value.is_integer():
            result = int(value)
        else:
            raw = cell_text(value).replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
            if not re.fullmatch(r"-?\d+", raw):
                raise BadValue("nombre entier attendu")
            result = int(raw)
        if result < low or (high is not None and result > high):
            bounds = f"entre {low} et {high}" if high is not None else f"au moins {low}"
            raise BadValue(f"nombre hors limites : {bounds} attendu")
        return result

    return parse


def decimal(low: float, high: float) -> CellParser:
    def parse(value, note: Note) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise BadValue("nombre décimal attendu")
        if isinstance(value, (int, float)):
            result = float(value)
        else:
            raw = cell_text(value).replace(" ", "").replace(",", ".")
            if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
                raise BadValue("nombre décimal attendu (ex. 50,4321)")
            result = float(raw)
        if not low <= result <= high:
            raise BadValue(f"nombre hors limites : entre {low:g} et {high:g} attendu")
        return result

    return parse


def phone(value, note: Note) -> str | None:
    raw = cell_text(value)
    if not raw:
        return None
    result = parse_phone(raw)
    if result is None:
        raise BadValue("numéro de téléphone invalide (ex. 03 21 77 88 99)")
    return result


def email(value, note: Note) -> str | None:
    raw = cell_text(value)
    if not raw:
        return None
    if raw.lower().startswith("mailto:"):
        raw = raw[len("mailto:") :]
    if not is_valid_email(raw):
        raise BadValue("adresse e-mail invalide (ex. prenom.nom@exemple.fr)")
    return raw


def rome_codes(value, note: Note) -> str:
    """Comma-separated ROME codes in the workbook; space-separated in the database (see Formation)."""
    codes: list[str] = []
    for raw in split_list(cell_text(value).replace(" ", ",")):
        code = raw.upper()
        if not is_valid_rome(code):
            raise BadValue(f"code ROME invalide : {raw} (une lettre et 4 chiffres attendus, ex. H2913)")
        if code not in codes:
            codes.append(code)
    return " ".join(codes)

