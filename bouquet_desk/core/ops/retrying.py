"""Retrying a whole transaction that lost a race on shared records.

Logging a call touches records other PCs touch at the same moment: the caller (its last contact, its name
completed), the company, and on PostgreSQL rows locked by a colleague's import. A telephone system does not
retry, so the service does: the transaction is rolled back, so nothing of the attempt remains, and run again
from the start on fresh reads. Only races are retried (a version changed meanwhile, a deadlock, a
serialization failure, a duplicate inserted meanwhile); anything else is raised at once.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..errors import UserError

log = logging.getLogger("bouquet_desk.ops")

T = TypeVar("T")
ATTEMPTS = 12
_RACE_MARKERS = ("deadlock detected", "could not serialize", "serialization failure", "lock not available")


def lost_race(exc: BaseException) -> bool:
    """True when `exc` says another transaction changed what this one read, not that the input is wrong."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, StaleDataError):
            return True
        if isinstance(exc, IntegrityError):
            # A row inserted meanwhile by another PC (unique key); a foreign key or NOT NULL is no race.
            text = str(exc.orig).lower()
            return "unique" in text or "duplicate key" in text
        if isinstance(exc, DBAPIError) and any(marker in str(exc.orig).lower() for marker in _RACE_MARKERS):
            return True
        exc = exc.__cause__
    return False


def retrying(action: Callable[[], T], *, attempts: int = ATTEMPTS, what: str = "transaction") -> T:
    """`action()` (one whole transaction), run again after a short random pause while it loses races."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except (UserError, StaleDataError, DBAPIError) as exc:
            if attempt == attempts or not lost_race(exc):
                raise
            log.info("%s lost a race (attempt %d): %s; retrying", what, attempt, exc.__class__.__name__)
            # Random back-off, growing: the writers that collided do not collide again in step.
            time.sleep(random.uniform(0, 0.02 * 2 ** min(attempt, 6)))
    raise AssertionError("unreachable")
