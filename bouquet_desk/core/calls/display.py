"""Stored values as the operator reads them: the French label of a code, a date the French way.

The history and the conflict dialog show what changed from what; they must say « orienté », « prise en
charge », « 03/12/2026 », not `referred`, `acknowledged`, `2026-12-03`.
"""

from __future__ import annotations

from datetime import date, datetime

from .codes import CALL_OUTCOMES, CATEGORIES, DIRECTIONS, REFERRAL_OUTCOMES, REFERRAL_STATUSES, ROLES

# Which list of labels a field's codes come from, per kind of record.
_LABELS = {
    ("call", "outcome"): CALL_OUTCOMES,
    ("referral", "outcome"): REFERRAL_OUTCOMES,
    ("call", "category"): CATEGORIES,
    ("call", "direction"): DIRECTIONS,
    ("referral", "status"): REFERRAL_STATUSES,
    ("contact", "role"): ROLES,
}

# The label of a field, where the general FIELD_LABELS would say it wrong for one kind of record.
FIELD_NAMES = {("call", "outcome"): "issue", ("call", "follow_up_on"): "à rappeler le",
               ("referral", "due_on"): "échéance", ("referral", "contact"): "contact"}


def field_name(entity: str, name: str) -> str:
    from ..ops.conflicts import FIELD_LABELS

    return FIELD_NAMES.get((entity, name)) or FIELD_LABELS.get(name, name.replace("_", " "))


def field_value(entity: str, name: str, value) -> str:
    """One stored value in French."""
    if value is None or value == "":
        return "—"
    labels = _LABELS.get((entity, name))
    if labels is not None and isinstance(value, str):
        return labels.get(value, labels.get(value.upper(), value))
    if name == "items" and isinstance(value, list):
        return f"{len(value)} élément(s)" if value else "aucun"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if name == "duration_s" and isinstance(value, int):
        minutes, seconds = divmod(value, 60)
        return f"{minutes} min {seconds:02d} s"
    if isinstance(value, (date, datetime)):
        return _french_date(value)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return _french_date(datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _french_date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def change_text(entity: str, changes: dict) -> str:
    """« issue : — → orienté ; à rappeler le : 03/12/2026 » for a history entry's {field: [old, new]}."""
    parts = []
    for name, values in changes.items():
        old, new = (list(values) + [None, None])[:2]
        label = field_name(entity, name)
        if old in (None, "", []):
            parts.append(f"{label} : {field_value(entity, name, new)}")
        else:
            parts.append(f"{label} : {field_value(entity, name, old)} → {field_value(entity, name, new)}")
    return " ; ".join(parts)
