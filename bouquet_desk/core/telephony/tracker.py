"""The state of each call the telephone system reports, by callId: ringing, answered, ended.

Telephone systems repeat events, send them late or out of order, and forget some: an event that does not
fit the call's state (an answer after the hang-up, a hang-up for a call never rung, a second ring) is
ignored with its reason, for the log, and never raises. Ended calls are remembered for a while so that
a late event about them is recognised as such.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .events import CallEvent

log = logging.getLogger("bouquet_desk.telephony")

RINGING, ANSWERED, ENDED = "ringing", "answered", "ended"
# A hang-up before any answer with one of these causes (or none) is a missed call. "normalClearing" without
# an answer is a call taken on a telephone system that sends no answer event (3CX's call journal), and
# "forwarded" went on to someone else: neither is a call to return.
MISSED_CAUSES = ("cancel", "noAnswer", "busy", "congestion", "notFound", "")
# A ring reusing the callId of a call ended this long ago is a new call: some systems (3CX templates) use
# the caller's number as callId. Sooner, it is a late repeat.
REUSE_AFTER = timedelta(seconds=30)
REMEMBER_ENDED = 2000
# A call still "answered" after this long lost its hang-up: forgotten, never a leak. A ring is over much
# sooner: telephone systems that only announce calls (a 3CX CRM lookup) never send the rest.
STALE_AFTER = timedelta(hours=12)
RING_AT_MOST = timedelta(minutes=3)


@dataclass(frozen=True)
class TrackedCall:
    call_id: str
    direction: str  # in | out
    number: str  # the other party, as the telephone system wrote it
    state: str
    rang_at: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    cause: str = ""

    @property
    def talk_seconds(self) -> int | None:
        if self.answered_at is None or self.ended_at is None:
            return None
        return max(0, int((self.ended_at - self.answered_at).total_seconds()))


@dataclass(frozen=True)
class Step:
    """What an event did: kind is ring, answer, hangup (the end of a call taken), missed, unanswered (an
    outgoing call nobody picked up, or a forwarded one), or ignored (with the reason)."""

    kind: str
    call: TrackedCall | None
    reason: str = ""


class CallTracker:
    def __init__(self) -> None:
        self._active: dict[str, TrackedCall] = {}
        self._ended: OrderedDict[str, TrackedCall] = OrderedDict()

    def active(self) -> list[TrackedCall]:
        return sorted(self._active.values(), key=lambda call: call.rang_at)

    def get(self, call_id: str) -> TrackedCall | None:
        return self._active.get(call_id) or self._ended.get(call_id)

    def apply(self, event: CallEvent, now: datetime) -> Step:
        self._forget_stale(now)
        step = self._apply(event, now)
        if step.kind == "ignored":
            log.info("telephony event %s for call %s ignored: %s", event.event, event.call_id, step.reason)
        return step

    def _apply(self, event: CallEvent, now: datetime) -> Step:
        call_id = event.call_id
        current = self._active.get(call_id)
        ended = self._ended.get(call_id)
        if ended is not None and event.event == "newCall" and now - ended.ended_at > REUSE_AFTER:
            del self._ended[call_id]
        elif ended is not None:
            return Step("ignored", ended, "appel déjà terminé")
        if event.event == "newCall":
            if current is not None:
                return Step("ignored", current, "sonnerie répétée")
            call = TrackedCall(call_id, event.direction, event.outside_number, RINGING, now)
            self._active[call_id] = call
            return Step("ring", call)
        if current is None:
            return Step("ignored", None, "appel inconnu")
        if event.event == "answer":
            if current.state != RINGING:
                return Step("ignored", current, "appel déjà décroché")
            call = replace(current, state=ANSWERED, answered_at=now)
            self._active[call_id] = call
            return Step("answer", call)
        # hangup
        call = replace(current, state=ENDED, ended_at=now, cause=event.cause)
        del self._active[call_id]
        self._ended[call_id] = call
        while len(self._ended) > REMEMBER_ENDED:
            self._ended.popitem(last=False)
        if current.state == ANSWERED:
            return Step("hangup", call)
        if call.direction == "in" and event.cause in MISSED_CAUSES:
            return Step("missed", call)
        if call.direction == "in" and event.cause == "normalClearing":
            return Step("hangup", call)
        return Step("unanswered", call)

    def forget_stale(self, now: datetime) -> list[TrackedCall]:
        """Calls that cannot still be going on, dropped (their hang-up was lost); returns them."""
        gone = [call for call in self._active.values()
                if now - call.rang_at > (RING_AT_MOST if call.state == RINGING else STALE_AFTER)]
        for call in gone:
            log.info("telephony call %s forgotten: nothing heard since %s", call.call_id, call.rang_at)
            del self._active[call.call_id]
        return gone

    _forget_stale = forget_stale
