"""What changed: what one operation of this program wrote, and what others wrote since the last look.

Every write service records its changes in the ChangeLog, and every ChangeLog row is noted on the session
that wrote it. When that transaction commits, what it wrote becomes a ChangeSet (Anki's OpChanges):

    result, changes = tracked(lambda: calls.save_call(context, edit))   # changes.call_ids == {result.id}

The window runs its writes that way (ui/runner.py `run_op`) and announces the ChangeSet at once; it never
waits for its own poll. Each row also carries the origin of the program that wrote it (a token per
sessionmaker, so per process), and the poll leaves this program's own rows out: a save made here is never
announced as a colleague's.

The poll of what the other operators changed:

Every write service records its changes in the ChangeLog (calls, referrals, companies, callers, contacts,
catalogue imports), so the ChangeLog ids are the one clock worth watching:

    marker = current_marker(context.sessions)            # when the window opens
    ...
    marker, changes = changes_since(context.sessions, marker)   # every few seconds (a QTimer)
    if changes.call_ids: ...refresh those calls...

One indexed range query per poll, on SQLite and PostgreSQL alike.

Why gaps are remembered: on PostgreSQL, ids come from a sequence when a row is inserted, but transactions
commit in any order. Operator A's save may take id 100 and commit after operator B's id 101: a poll that saw
101 and only asked for "id > 101" afterwards would miss 100 for ever. So the marker keeps the ids it skipped
(as ranges) and asks for them again until they appear or are old enough to be rolled-back transactions
(GAP_TIMEOUT_S; an import of a large catalogue is one long transaction, hence minutes, not seconds). On SQLite
writes are serialised and ids are committed in order, so no gap ever waits.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import and_, event, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from ..db.models import ChangeLog

# A skipped id still missing after this long belonged to a rolled-back transaction.
GAP_TIMEOUT_S = 900.0
# At most this many skipped ranges are remembered (the oldest are dropped first).
MAX_GAPS = 200
# The first marker also watches the ids skipped among the latest ones (transactions in flight at that moment).
LOOKBACK = 1000

CATALOGUE_ENTITIES = frozenset({"establishment", "contact", "formation", "resource"})
# More catalogue rows than this in one go (an import): the catalogue is re-read as a whole, not by UAI.
MANY_CATALOGUE_ROWS = 300
# Where a session's origin token and the ChangeLog rows it wrote are kept (Session.info).
_ORIGIN = "bouquet_desk.origin"
_WRITTEN = "bouquet_desk.written"
_UAIS = "bouquet_desk.uais"
T = TypeVar("T")


@dataclass(frozen=True)
class ChangeMarker:
    """Where a poll stopped: the highest ChangeLog id seen and the lower ids not seen yet (ranges with the
    time.monotonic() when they were first skipped). Opaque to the window: keep it and hand it back."""

    last_id: int = 0
    gaps: tuple[tuple[int, int, float], ...] = ()


@dataclass(frozen=True)
class ChangeSet:
    """What changed, by kind of record: what one operation of this program wrote (`own`), or what the other
    operators wrote since the previous poll. Panels look only at the fields that concern them."""

    call_ids: frozenset[int] = frozenset()
    referral_ids: frozenset[int] = frozenset()
    company_ids: frozenset[int] = frozenset()
    caller_ids: frozenset[int] = frozenset()
    # Contacts whose record or absences changed (routing depends on absences).
    contact_ids: frozenset[int] = frozenset()
    # Any establishment, contact, formation or resource changed (an import, an edit): the search index and
    # the catalogue panels are stale.
    catalogue_changed: bool = False
    # Operator names of the changes (ChangeLog.who), so a window can ignore its own saves if it wishes.
    operators: frozenset[str] = frozenset()
    # Entities not listed above (privacy audit entries, future kinds), by name.
    other_entities: frozenset[str] = frozenset()
    # How many ChangeLog rows were read.
    count: int = 0
    # The establishments whose catalogue rows changed (the search index refreshes only those).
    uais: frozenset[str] = frozenset()
    # The catalogue changed wholesale (an import): re-read it all rather than by establishment.
    catalogue_reloaded: bool = False
    # This program's preferences were saved (delays, deadlines apply at once).
    settings_changed: bool = False
    # Written by this program (an operation of this window), not polled from the others.
    own: bool = False

    def __bool__(self) -> bool:
        return self.count > 0 or self.settings_changed or self.catalogue_reloaded

    def __or__(self, other: "ChangeSet") -> "ChangeSet":
        return merge([self, other])

    @property
    def empty(self) -> bool:
        return self.count == 0


def merge(sets: Iterable[ChangeSet]) -> ChangeSet:
    """One ChangeSet of several (the transactions of one operation)."""
    sets = list(sets)
    if not sets:
        return ChangeSet()
    union = lambda name: frozenset().union(*(getattr(one, name) for one in sets))  # noqa: E731
    return ChangeSet(
        call_ids=union("call_ids"), referral_ids=union("referral_ids"), company_ids=union("company_ids"),
        caller_ids=union("caller_ids"), contact_ids=union("contact_ids"),
        catalogue_changed=any(one.catalogue_changed for one in sets), operators=union("operators"),
        other_entities=union("other_entities"), count=sum(one.count for one in sets), uais=union("uais"),
        catalogue_reloaded=any(one.catalogue_reloaded for one in sets),
        settings_changed=any(one.settings_changed for one in sets), own=all(one.own for one in sets),
    )


# ---------------------------------------------------------------- what this program writes


def new_origin() -> str:
    """A token naming one running program in the ChangeLog."""
    return uuid.uuid4().hex[:16]


def session_info() -> dict:
    """The `info` of a new sessionmaker: its origin token."""
    return {_ORIGIN: new_origin()}


def origin_of(sessions: sessionmaker | Session) -> str:
    info = sessions.info if isinstance(sessions, Session) else sessions.kw.get("info") or {}
    return info.get(_ORIGIN, "")


def note_written(session: Session, rows: list[dict]) -> str:
    """Called by the one writer of ChangeLog rows: remembers them for the commit; returns the origin."""
    session.info.setdefault(_WRITTEN, []).extend(
        (row["entity"], row["entity_id"], row.get("entity_key") or "", row.get("who") or "") for row in rows
    )
    return session.info.get(_ORIGIN, "")


class _Collector(threading.local):
    def __init__(self) -> None:
        self.stack: list[list[ChangeSet]] = []


_collector = _Collector()


def watch(sessions: sessionmaker) -> sessionmaker:
    """Reports what each committed transaction of `sessions` wrote to the tracked() calls of its thread."""
    if not getattr(sessions, "_bouquet_watched", False):
        sessions._bouquet_watched = True
        event.listen(sessions, "before_commit", _resolve_before_commit)
        event.listen(sessions, "after_commit", _committed)
        event.listen(sessions, "after_rollback", lambda session: session.info.pop(_WRITTEN, None))
    return sessions


def _resolve_before_commit(session: Session) -> None:
    # The UAIs of the catalogue rows written, read while the transaction can still query.
    written = session.info.get(_WRITTEN)
    if written and _collector.stack:
        session.info[_UAIS] = touched_uais(session, [(entity, entity_id) for entity, entity_id, _k, _w in written])


def _committed(session: Session) -> None:
    written = session.info.pop(_WRITTEN, None)
    uais = session.info.pop(_UAIS, frozenset())
    if written and _collector.stack:
        rows = [_Row(entity, entity_id, key, who) for entity, entity_id, key, who in written]
        _collector.stack[-1].append(_with_uais(replace(_change_set(rows), own=True), uais))


def touched_uais(session: Session, rows: Iterable[tuple[str, int]]) -> frozenset[str] | None:
    """The UAIs of the establishments whose catalogue rows (establishment, formation, resource, contact)
    are among `rows`; None when there are too many to say (an import: re-read the whole catalogue)."""
    from ..db.models import Contact, Establishment, Formation, Resource

    ids: dict[str, set[int]] = {}
    for entity, entity_id in rows:
        if entity in CATALOGUE_ENTITIES:
            ids.setdefault(entity, set()).add(entity_id)
    if sum(len(found) for found in ids.values()) > MANY_CATALOGUE_ROWS:
        return None
    uais: set[str] = set()
    if ids.get("establishment"):
        uais.update(session.scalars(select(Establishment.uai).where(Establishment.id.in_(ids["establishment"]))))
    for entity, model in (("formation", Formation), ("resource", Resource), ("contact", Contact)):
        if ids.get(entity):
            uais.update(session.scalars(
                select(Establishment.uai).join(model, model.establishment_id == Establishment.id)
                .where(model.id.in_(ids[entity]))))
    return frozenset(uais)


def _with_uais(changes: ChangeSet, uais: frozenset[str] | None) -> ChangeSet:
    if uais is None:
        return replace(changes, catalogue_reloaded=True)
    return replace(changes, uais=changes.uais | uais)


@dataclass(frozen=True)
class _Row:
    entity: str
    entity_id: int
    entity_key: str
    who: str


@contextmanager
def collecting():
    """`with collecting() as found:` — the ChangeSets committed on this thread meanwhile land in `found`."""
    found: list[ChangeSet] = []
    _collector.stack.append(found)
    try:
        yield found
    finally:
        _collector.stack.pop()
        if _collector.stack:
            _collector.stack[-1].extend(found)  # an outer tracked() sees them too


def tracked(task: Callable[[], T]) -> tuple[T, ChangeSet]:
    """Runs a write (any service, several in a row) and returns (its result, what it changed)."""
    with collecting() as found:
        result = task()
    return result, replace(merge(found), own=True)


def current_marker(sessions: sessionmaker) -> ChangeMarker:
    """The marker of "now": a following changes_since reports only what is committed after this call
    (and what was in flight at this moment, whose ids are watched as gaps)."""
    with sessions() as session:
        last = session.scalar(select(func.max(ChangeLog.id))) or 0
        present = session.scalars(
            select(ChangeLog.id).where(ChangeLog.id > max(0, last - LOOKBACK)).order_by(ChangeLog.id)
        ).all()
    gaps = _missing_ranges(max(0, last - LOOKBACK), present, time.monotonic())
    return ChangeMarker(last, tuple(gaps[-MAX_GAPS:]))


def changes_since(
    sessions: sessionmaker, marker: ChangeMarker | None, *, now: float | None = None, others_only: bool = True
) -> tuple[ChangeMarker, ChangeSet]:
    """(the new marker, what changed since `marker`). `None` as marker means "from the start".

    With `others_only` (the default), the rows this program wrote (its sessionmaker's origin) are left out:
    they were announced when the write returned."""
    marker = marker or ChangeMarker()
    now = time.monotonic() if now is None else now
    gaps = [gap for gap in marker.gaps if now - gap[2] < GAP_TIMEOUT_S]
    condition = ChangeLog.id > marker.last_id
    if gaps:
        condition = or_(condition, *(and_(ChangeLog.id >= low, ChangeLog.id <= high) for low, high, _ in gaps))
    with sessions() as session:
        read = session.execute(
            select(ChangeLog.id, ChangeLog.entity, ChangeLog.entity_id, ChangeLog.entity_key, ChangeLog.who,
                   ChangeLog.origin)
            .where(condition)
            .order_by(ChangeLog.id)
        ).all()
        # Every row read counts for the marker and its gaps; only the others' rows are reported.
        mine = origin_of(sessions) if others_only else ""
        rows = [row for row in read if row.origin != mine] if mine else list(read)
        uais = touched_uais(session, [(row.entity, row.entity_id) for row in rows])
    ids = [row.id for row in read]
    new_ids = [row_id for row_id in ids if row_id > marker.last_id]
    seen = set(ids)
    # Old gaps, minus the ids that have now appeared; then the ids skipped above the old last id.
    remaining: list[tuple[int, int, float]] = []
    for low, high, since in gaps:
        remaining.extend(_split(low, high, since, seen))
    remaining.extend(_missing_ranges(marker.last_id, new_ids, now))
    last_id = max([marker.last_id, *new_ids])
    return ChangeMarker(last_id, tuple(remaining[-MAX_GAPS:])), _with_uais(_change_set(rows), uais)


def _missing_ranges(after: int, present: list[int], since: float) -> list[tuple[int, int, float]]:
    """The ids between `after` (excluded) and max(present) that are not in `present` (sorted), as ranges."""
    ranges = []
    expected = after + 1
    for row_id in present:
        if row_id > expected:
            ranges.append((expected, row_id - 1, since))
        expected = max(expected, row_id + 1)
    return ranges


def _split(low: int, high: int, since: float, seen: set[int]) -> list[tuple[int, int, float]]:
    """The parts of the range [low, high] whose ids are not in `seen`."""
    inside = sorted(row_id for row_id in seen if low <= row_id <= high)
    if not inside:
        return [(low, high, since)]
    parts = _missing_ranges(low - 1, inside, since)
    if inside[-1] < high:
        parts.append((inside[-1] + 1, high, since))
    return parts


def _change_set(rows) -> ChangeSet:
    by_entity: dict[str, set[int]] = {}
    operators = set()
    for row in rows:
        by_entity.setdefault(row.entity, set()).add(row.entity_id)
        operators.add(row.who)
    known = {"call", "referral", "company", "caller", *CATALOGUE_ENTITIES}
    return ChangeSet(
        call_ids=frozenset(by_entity.get("call", ())),
        referral_ids=frozenset(by_entity.get("referral", ())),
        company_ids=frozenset(by_entity.get("company", ())),
        caller_ids=frozenset(by_entity.get("caller", ())),
        contact_ids=frozenset(by_entity.get("contact", ())),
        catalogue_changed=bool(CATALOGUE_ENTITIES & by_entity.keys()),
        operators=frozenset(operators),
        other_entities=frozenset(by_entity.keys() - known),
        count=len(rows),
    )


__all__ = ["ChangeMarker", "ChangeSet", "changes_since", "collecting", "current_marker", "merge", "origin_of",
           "session_info", "tracked", "watch"]
