"""What changed since the last look: a cheap poll of the ChangeLog for a window shared by several operators.

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

import time
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import sessionmaker

from ..db.models import ChangeLog

# A skipped id still missing after this long belonged to a rolled-back transaction.
GAP_TIMEOUT_S = 900.0
# At most this many skipped ranges are remembered (the oldest are dropped first).
MAX_GAPS = 200
# The first marker also watches the ids skipped among the latest ones (transactions in flight at that moment).
LOOKBACK = 1000

CATALOGUE_ENTITIES = frozenset({"establishment", "contact", "formation", "resource"})


@dataclass(frozen=True)
class ChangeMarker:
    """Where a poll stopped: the highest ChangeLog id seen and the lower ids not seen yet (ranges with the
    time.monotonic() when they were first skipped). Opaque to the window: keep it and hand it back."""

    last_id: int = 0
    gaps: tuple[tuple[int, int, float], ...] = ()


@dataclass(frozen=True)
class ChangeSet:
    """What others (and this window) changed since the previous marker, by kind of record."""

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

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def empty(self) -> bool:
        return self.count == 0


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
    sessions: sessionmaker, marker: ChangeMarker | None, *, now: float | None = None
) -> tuple[ChangeMarker, ChangeSet]:
    """(the new marker, what changed since `marker`). `None` as marker means "from the start"."""
    marker = marker or ChangeMarker()
    now = time.monotonic() if now is None else now
    gaps = [gap for gap in marker.gaps if now - gap[2] < GAP_TIMEOUT_S]
    condition = ChangeLog.id > marker.last_id
    if gaps:
        condition = or_(condition, *(and_(ChangeLog.id >= low, ChangeLog.id <= high) for low, high, _ in gaps))
    with sessions() as session:
        rows = session.execute(
            select(ChangeLog.id, ChangeLog.entity, ChangeLog.entity_id, ChangeLog.who)
            .where(condition)
            .order_by(ChangeLog.id)
        ).all()
    ids = [row.id for row in rows]
    new_ids = [row_id for row_id in ids if row_id > marker.last_id]
    seen = set(ids)
    # Old gaps, minus the ids that have now appeared; then the ids skipped above the old last id.
    remaining: list[tuple[int, int, float]] = []
    for low, high, since in gaps:
        remaining.extend(_split(low, high, since, seen))
    remaining.extend(_missing_ranges(marker.last_id, new_ids, now))
    last_id = max([marker.last_id, *new_ids])
    return ChangeMarker(last_id, tuple(remaining[-MAX_GAPS:])), _change_set(rows)


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


__all__ = ["ChangeMarker", "ChangeSet", "changes_since", "current_marker"]
