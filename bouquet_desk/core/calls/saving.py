"""Saving a call from the call screen: the one service for a new call and for an edit of a logged one.

Both go the same way: the company the operator typed is matched by the rule of `companies.find_or_create`
(SIRET, then the name without its legal form, same commune preferred), so editing a call to "Dupont SARL"
finds the "DUPONT" already known instead of creating a second one; the caller by `callers.find_or_create`.
An edit checks the version the operator opened in the same transaction as it writes, and keeps the end of a
call once it ended: re-saving a finished call never stretches its duration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date

from . import callers, companies
from .calls import CallInfo, NewCall, apply_update, call_info, callback_day, locked_call, log_call
from .codes import require_call_outcome
from .editing import edit

if TYPE_CHECKING:  # the services take the AppContext the composition root builds
    from ..context import AppContext


def save_call(
    context: AppContext, new: NewCall, *, call_id: int | None = None, expected_version: int | None = None,
    today: date | None = None,
) -> CallInfo:
    """Logs `new` (call_id None) or writes it over call `call_id`, opened at `expected_version`."""
    outcome = require_call_outcome(new.outcome) if new.outcome else None
    follow_up_on = callback_day(outcome, new.follow_up_on, today)
    if call_id is None:
        return log_call(context, _with(new, follow_up_on=follow_up_on), today=today)
    who = context.operator
    with edit(context, "Cet appel") as session:
        call = locked_call(session, call_id, expected_version)
        values: dict = dict(
            category=new.category, notes=new.notes, search_terms=new.search_terms, outcome=outcome,
            follow_up_on=follow_up_on, formation_ids=new.formation_ids, resource_ids=new.resource_ids,
            establishment_ids=new.establishment_ids,
        )
        if new.ended_at is not None and call.ended_at is None:
            values["ended_at"] = new.ended_at  # hung up now; a call that had ended keeps its end
        company = None
        if new.company_id is not None:
            company = companies.live(session, new.company_id)
        elif new.company_name and new.company_name.strip():
            company = companies.find_or_create(session, who, context.reference, name=new.company_name,
                                               siret=new.siret, commune=new.commune)
        if company is not None:
            values["company_id"] = company.id
        phone = callers.require_phone(new.phone) if new.phone and new.phone.strip() else call.phone
        if call.caller_id is None and (phone or new.caller_name):
            caller = callers.find_or_create(session, who, phone=phone, name=new.caller_name,
                                            email=new.caller_email, company=company)
            if caller is not None:
                values["caller_id"] = caller.id
        apply_update(session, context, call, values)
        return call_info(call, today)


def _with(new: NewCall, **values) -> NewCall:
    from dataclasses import replace

    return replace(new, **values)

