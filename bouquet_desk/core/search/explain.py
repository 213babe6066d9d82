"""The short French sentence that tells the operator why a result came up."""

from __future__ import annotations

from . import fields as F
from .expansion import ABBREVIATION, BROADER, FAMILY, JOB, PHONETIC, PREFIX, SYNONYM, TYPO, WORD, Expansion
from .index import SearchIndex

MAX_PARTS = 4
MAX_TERMS = 6
NOTHING_SAID = "correspond à la recherche"


def explain(index: SearchIndex, doc: int, words: list[str], expansions: list[Expansion], *,
            distance_km: float | None, place: str | None, min_capacity: int | None) -> str:
    parts: list[str] = []
    for word, expansion in zip(words, expansions):
        best = None
        # The strongest few terms say why; the long tail of completions would only cost time.
        strongest = sorted(expansion.terms.items(), key=lambda item: -item[1][0])[:MAX_TERMS]
        for term_id, (quality, reason) in strongest:
            field = index.field_of(term_id, doc)
            if field is None:
                continue
            value = F.WEIGHTS[field] * quality
            if best is None or value > best[0]:
                best = (value, reason, field)
        if best is not None:
            parts.append(_phrase(word, best[1], best[2]))
    parts = list(dict.fromkeys(parts))[:MAX_PARTS]
    record = index.records[doc]
    if min_capacity is not None and record is not None and record.capacity is not None:
        sign = "≥" if record.capacity >= min_capacity else "<"
        parts.append(f"capacité {record.capacity} {sign} {min_capacity}")
    if place:
        if distance_km is None:
            parts.append(f"distance à {place} inconnue")
        elif distance_km < 1.0:
            parts.append(f"à {place}")
        else:
            parts.append(f"à {distance_km:.0f} km de {place}")
    return " ; ".join(parts) if parts else NOTHING_SAID


def _phrase(word: str, reason: tuple[str, str], field: int) -> str:
    kind, detail = reason
    where = F.LABELS[field]
    if kind == JOB:
        title, code = detail
        link = "métier" if field == F.JOB else "métier voisin"
        return f"« {word} » : {link} {title} (ROME {code})"
    if kind == WORD:
        return f"« {word} » dans {where}"
    if kind == PREFIX:
        return f"« {word}… » complété en « {detail} » dans {where}"
    if kind == TYPO:
        return f"« {word} » corrigé en « {detail} » (faute de frappe) dans {where}"
    if kind == PHONETIC:
        return f"« {word} » sonne comme « {detail} » dans {where}"
    if kind == ABBREVIATION:
        return f"« {word} » abrégé de « {detail} » dans {where}"
    if kind == SYNONYM:
        return f"« {word} » ≈ « {detail} » (synonyme) dans {where}"
    if kind == BROADER:
        return f"« {word} » couvre « {detail} » dans {where}"
    if kind == FAMILY:
        return f"« {word} » de la famille de « {detail} » dans {where}"
    return f"« {word} » dans {where}"
