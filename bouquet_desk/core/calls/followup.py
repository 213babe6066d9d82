"""Following a referral up: the contact's notice made when the operator refers, and the chase of a contact
who has not answered (the notice made again, the chase written to the referral's history, a new deadline).

The queues the operator works from: « À relancer » (the deadline is today), « En retard » (past it, the
contact still silent), « À rappeler » (calls to return, each with its day).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import logging
from dataclasses import dataclass
from datetime import date

from ..errors import UserError
from . import history
from .editing import edit
from .referrals import ReferralInfo, due_date, list_referrals, locked_referral, referral_info

if TYPE_CHECKING:  # the services take the AppContext the composition root builds
    from ..context import AppContext

log = logging.getLogger("bouquet_desk.core.calls")

CHASE = "chase"


@dataclass(frozen=True)
class Queues:
    due_today: tuple[ReferralInfo, ...]  # « À relancer »
    overdue: tuple[ReferralInfo, ...]  # « En retard »


def referral_queues(context: AppContext, today: date | None = None) -> Queues:
    today = today or date.today()
    waiting = list_referrals(context, due=True, today=today)
    return Queues(tuple(r for r in waiting if not r.overdue), tuple(r for r in waiting if r.overdue))


def make_notice(context: AppContext, referral: ReferralInfo, *, today: date | None = None):
    """The notice to the contact of a referral, archived (unsent) so that the company letter may say the
    contact was told and the operator can print or mail it. A template that cannot be rendered does not undo
    the referral: it is logged, and the letters dialog will say what is wrong when opened."""
    from ..letters import create_letters

    try:
        return create_letters(context, referral.call_id, to="contact", referral_id=referral.id, today=today)
    except UserError as exc:
        log.warning("notice for referral %s not made: %s", referral.id, exc)
        return ()


@dataclass(frozen=True)
class Chase:
    referral: ReferralInfo
    notice_ids: tuple[int, ...]  # the notice made again, to print or mail


def chase_referral(context: AppContext, referral_id: int, *, expected_version: int | None = None,
                   today: date | None = None) -> Chase:
    """Chases a contact who has not answered: a new deadline counted from today, the chase in the
    referral's history, and the notice made again."""
    today = today or date.today()
    with edit(context, "Cette orientation") as session:
        row = locked_referral(session, referral_id, expected_version)
        if row.status not in ("sent", "acknowledged"):
            raise UserError("Cette orientation est close : il n'y a plus personne à relancer.")
        changed = history.apply_changes(row, {"due_on": due_date(context, today)})
        session.flush()
        history.record(session, context.operator, "referral", row.id, CHASE, changed,
                       key=f"{row.call_id}/{row.contact.ref}")
        info = referral_info(row, today)
    notices = make_notice(context, info, today=today)
    return Chase(info, tuple(letter.id for letter in notices))


def chase_count(context: AppContext, referral_id: int) -> int:
    """How many times the contact of a referral was chased (from its history)."""
    return sum(1 for entry in history.history(context.sessions, "referral", referral_id) if entry.action == CHASE)
