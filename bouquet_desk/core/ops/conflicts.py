"""Two operators, one record: the second save is refused with what the first one changed.

Every editable row carries a version counter (VersionedMixin). An operator opens a record at version v; when
they save, either the service sees another version (`expected_version`) or the UPDATE ... WHERE version = v
matches nothing and SQLAlchemy raises StaleDataError. Either way nothing is overwritten; this module turns that
refusal into a ConflictError that says who changed what since v, so the window can show it and let the
operator choose:

    opened = get_call(context, call_id)                  # opened.version is what the form started from
    since = current_marker(context.sessions).last_id      # optional: makes "what changed" exact
    try:
        with conflict_guard(context, "call", call_id, opened.version, since_change_id=since):
            update_call(context, call_id, expected_version=opened.version, notes=text)
    except ConflictError as exc:
        exc.conflict.fields        # (field, value when the form was opened, value now, by whom)
        # "keep theirs": reload; "keep mine": save again with expected_version=exc.conflict.current_version

Records without a service of their own (a contact edited in the window) are saved with `guarded_edit`, which
does the same check, records the history and raises the same ConflictError.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..catalogue.history import HistoryEntry, record_change
from ..db.models import (
    Call,
    Caller,
    ChangeLog,
    Company,
    Contact,
    Establishment,
    Formation,
    Referral,
    Resource,
)
from ..errors import UserError


@dataclass(frozen=True)
class _Kind:
    model: type
    label: str  # "Cet appel": the subject of the French message
    feminine: bool


ENTITIES: dict[str, _Kind] = {
    "call": _Kind(Call, "Cet appel", False),
    "referral": _Kind(Referral, "Cette orientation", True),
    "company": _Kind(Company, "Cette entreprise", True),
    "caller": _Kind(Caller, "Cet appelant", False),
    "contact": _Kind(Contact, "Ce contact", False),
    "establishment": _Kind(Establishment, "Cet établissement", False),
    "formation": _Kind(Formation, "Cette formation", True),
    "resource": _Kind(Resource, "Cette ressource", True),
}

# History actions that do not change the row itself (so do not move its version).
_NOT_VERSIONED = frozenset({"create", "absence"})
# Bookkeeping columns, never shown as "what changed".
_BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "edition_id"})

FIELD_LABELS = {
    "category": "motif", "direction": "sens", "notes": "notes", "search_terms": "recherche", "outcome": "résultat",
    "follow_up_on": "date de relance", "started_at": "début", "ended_at": "fin", "duration_s": "durée",
    "company_id": "entreprise", "caller_id": "appelant", "items": "éléments évoqués", "status": "statut",
    "note": "note", "answered_at": "date de réponse", "name": "nom", "last_name": "nom", "first_name": "prénom",
    "phone": "téléphone", "email": "e-mail", "role": "fonction", "categories": "catégories",
    "availability": "disponibilités", "backup_id": "suppléant", "archived": "archivage", "siret": "SIRET",
    "naf": "NAF", "address": "adresse", "commune": "commune", "member": "adhérent", "title": "intitulé",
    "capacity": "capacité", "description": "description", "price": "tarif", "conditions": "conditions",
}


@dataclass(frozen=True)
class FieldChange:
    """One field another operator changed: its value when this operator opened the record, and now."""

    field: str
    label: str
    before: Any  # as written in the history (dates as ISO text)
    now: Any
    by: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    entity: str
    entity_id: int
    key: str
    expected_version: int  # the version the operator's form started from
    current_version: int | None  # None: the record no longer exists
    current: dict[str, Any]  # the record as it is now (column values), empty when deleted
    entries: tuple[HistoryEntry, ...]  # the history written since expected_version, oldest first
    fields: tuple[FieldChange, ...]
    who: tuple[str, ...]

    @property
    def deleted(self) -> bool:
        return self.current_version is None

    @property
    def retry_version(self) -> int | None:
        """The expected_version to save with when the operator chooses to keep their own values."""
        return self.current_version

    def message(self) -> str:
        kind = ENTITIES.get(self.entity)
        subject = kind.label if kind else "Cet enregistrement"
        agreement = "e" if kind and kind.feminine else ""
        if self.deleted:
            return f"{subject} a été supprimé{agreement} sur un autre poste : vos modifications n'ont pas été enregistrées."
        who = ", ".join(name for name in self.who if name) or "un autre poste"
        changed = ", ".join(change.label for change in self.fields)
        what = f" ({changed})" if changed else ""
        return (
            f"{subject} a été modifié{agreement} entre-temps par {who}{what}. Vos modifications n'ont pas été "
            "enregistrées : rechargez pour voir les siennes, ou enregistrez de nouveau pour les remplacer."
        )

    def to_dict(self) -> dict:
        return {
            "entity": self.entity, "id": self.entity_id, "key": self.key,
            "expected_version": self.expected_version, "current_version": self.current_version,
            "who": list(self.who),
            "fields": [{"field": c.field, "label": c.label, "before": c.before, "now": c.now, "by": list(c.by)}
                       for c in self.fields],
        }


class ConflictError(UserError):
    """A save refused because another operator saved the same record first; `.conflict` says what changed."""

    def __init__(self, conflict: Conflict):
        super().__init__(conflict.message())
        self.conflict = conflict


def _kind(entity: str) -> _Kind:
    try:
        return ENTITIES[entity]
    except KeyError:
        raise ValueError(f"not a versioned entity: {entity!r} (one of {sorted(ENTITIES)})") from None


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _columns(row) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(type(row)).column_attrs}


def _key(entity: str, row) -> str:
    if entity == "contact":
        return row.ref
    if entity == "establishment":
        return row.uai
    if entity == "company":
        return row.siret or row.name
    if entity == "caller":
        return row.phone or row.name or ""
    return str(row.id)


def _history_entry(row: ChangeLog) -> HistoryEntry:
    return HistoryEntry(
        at=row.at, who=row.who, entity=row.entity, entity_id=row.entity_id, entity_key=row.entity_key,
        action=row.action, changes={name: tuple(values) for name, values in json.loads(row.changes or "{}").items()},
        edition_id=row.edition_id,
    )


def read_conflict(
    session: Session, entity: str, entity_id: int, expected_version: int, *, since_change_id: int | None = None
) -> Conflict | None:
    """The conflict an operator who opened the record at `expected_version` would meet now, or None when the
    record is still at that version.

    The history since then is exact with `since_change_id` (the ChangeLog marker taken when the record was
    opened: current_marker(...).last_id); without it, the latest (current − expected) entries that changed
    the row are taken, one per version.
    """
    kind = _kind(entity)
    row = session.get(kind.model, entity_id, populate_existing=True)
    current_version = row.version if row is not None else None
    if current_version == expected_version:
        return None
    query = select(ChangeLog).where(ChangeLog.entity == entity, ChangeLog.entity_id == entity_id)
    if since_change_id is not None:
        rows = session.scalars(query.where(ChangeLog.id > since_change_id).order_by(ChangeLog.id)).all()
    elif current_version is not None and current_version > expected_version:
        newest = session.scalars(
            query.where(ChangeLog.action.not_in(_NOT_VERSIONED)).order_by(ChangeLog.id.desc())
            .limit(current_version - expected_version)
        ).all()
        rows = list(reversed(newest))
    else:
        rows = []
    entries = tuple(_history_entry(r) for r in rows)
    merged: dict[str, list] = {}
    for entry in entries:
        for name, values in entry.changes.items():
            old, new = (list(values) + [None, None])[:2]
            if name not in merged:
                merged[name] = [old, new, []]
            merged[name][1] = new
            if entry.who not in merged[name][2]:
                merged[name][2].append(entry.who)
    fields = tuple(
        FieldChange(name, FIELD_LABELS.get(name, name), before, now, tuple(by))
        for name, (before, now, by) in merged.items()
        if name not in _BOOKKEEPING and before != now
    )
    who = tuple(dict.fromkeys(entry.who for entry in entries))
    return Conflict(
        entity=entity, entity_id=entity_id, key=_key(entity, row) if row is not None else "",
        expected_version=expected_version, current_version=current_version,
        current=_columns(row) if row is not None else {}, entries=entries, fields=fields, who=who,
    )


def find_conflict(
    context, entity: str, entity_id: int, expected_version: int, *, since_change_id: int | None = None
) -> Conflict | None:
    """read_conflict in a session of its own (what a window asks before or after a save)."""
    with context.sessions() as session:
        return read_conflict(session, entity, entity_id, expected_version, since_change_id=since_change_id)


def _stale(exc: BaseException | None) -> bool:
    """StaleDataError somewhere in the chain (edit() of the calls core re-raises it as a UserError)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, StaleDataError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


@contextmanager
def conflict_guard(
    context, entity: str, entity_id: int, expected_version: int, *, since_change_id: int | None = None
) -> Iterator[None]:
    """Runs a save of one versioned record; a refusal because another operator saved it first (the
    service's version check, or StaleDataError at flush) comes out as ConflictError. Other errors pass."""
    try:
        yield
    except ConflictError:
        raise
    except (StaleDataError, UserError) as exc:
        conflict = find_conflict(context, entity, entity_id, expected_version, since_change_id=since_change_id)
        if conflict is None:
            if not _stale(exc):
                raise  # a plain refusal (bad value, unknown record): not a conflict
            # Stale, yet back at the version the operator saw: an update with nothing in the history.
            conflict = Conflict(entity, entity_id, "", expected_version, expected_version, {}, (), (), ())
        raise ConflictError(conflict) from exc


@contextmanager
def guarded_edit(
    context, entity: str, entity_id: int, expected_version: int, *, since_change_id: int | None = None,
    action: str = "update",
) -> Iterator[Any]:
    """`with guarded_edit(context, "contact", 12, opened_version) as row: row.phone = "+33321..."`

    One transaction: the record is read, refused with ConflictError if another operator saved it since
    `expected_version`, changed by the body, its changes written to the history under the settings'
    operator, then committed — and refused again if someone saved it in between (StaleDataError). The body
    validates its own values (raise UserError to refuse; nothing is written).
    """
    kind = _kind(entity)
    try:
        with context.sessions.begin() as session:
            row = session.get(kind.model, entity_id)
            if row is None or row.version != expected_version:
                conflict = read_conflict(session, entity, entity_id, expected_version,
                                         since_change_id=since_change_id)
                if conflict is None:  # pragma: no cover - the row moved between two reads of one session
                    raise UserError(f"{kind.label} est introuvable.")
                raise ConflictError(conflict)
            yield row
            state = inspect(row)
            changes = {}
            for attr in state.mapper.column_attrs:
                if attr.key in _BOOKKEEPING:
                    continue
                added, _unchanged, deleted = state.attrs[attr.key].history
                if added or deleted:
                    old = deleted[0] if deleted else None
                    new = added[0] if added else None
                    if old != new:
                        changes[attr.key] = [_plain(old), _plain(new)]
            if changes:
                session.flush()  # the UPDATE ... WHERE version = expected: StaleDataError if overtaken
                record_change(session, entity=entity, entity_id=row.id, key=_key(entity, row), action=action,
                              changes=changes, who=context.operator)
    except ConflictError:
        raise
    except StaleDataError as exc:
        conflict = find_conflict(context, entity, entity_id, expected_version, since_change_id=since_change_id)
        if conflict is None:
            conflict = Conflict(entity, entity_id, "", expected_version, expected_version, {}, (), (), ())
        raise ConflictError(conflict) from exc
