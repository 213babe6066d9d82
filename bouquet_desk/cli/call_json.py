"""The JSON shapes of calls, referrals and routing suggestions on the command line (scripts and the
telephone system read them): plain keys, ISO dates, times in local time with their offset."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone


def local_time(value: datetime | None) -> str | None:
    """A stored naive-UTC time as local ISO 8601 with offset: unambiguous for a script, readable for a person."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc).astimezone().isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def referral_json(referral) -> dict:
    return {
        "id": referral.id,
        "call_id": referral.call_id,
        "category": referral.category,
        "company": referral.company,
        "caller": referral.caller,
        "contact": referral.contact_ref,
        "name": referral.contact_name,
        "role": referral.role,
        "phone": referral.contact_phone,
        "email": referral.contact_email,
        "uai": referral.uai,
        "establishment": referral.establishment,
        "created_at": local_time(referral.created_at),
        "due_on": day(referral.due_on),
        "status": referral.status,
        "outcome": referral.outcome,
        "overdue": referral.overdue,
        "reason": referral.reason,
        "note": referral.note,
        "items": [item.ref for item in referral.items],
    }


def call_json(call) -> dict:
    return {
        "id": call.id,
        "started_at": local_time(call.started_at),
        "ended_at": local_time(call.ended_at),
        "duration_s": call.duration_s,
        "direction": call.direction,
        "phone": call.phone,
        "phone_display": call.phone_display,
        "caller_id": call.caller_id,
        "caller": call.caller,
        "company_id": call.company_id,
        "company": call.company,
        "siret": call.siret,
        "category": call.category,
        "outcome": call.outcome,
        "notes": call.notes,
        "search_terms": call.search_terms,
        "follow_up_on": day(call.follow_up_on),
        "operator": call.operator,
        "items": [item.ref if item.kind != "establishment" else item.uai for item in call.items],
        "referrals": [
            {"id": r.id, "contact": r.contact_ref, "name": r.contact_name, "uai": r.uai,
             "establishment": r.establishment, "status": r.status, "outcome": r.outcome, "due_on": day(r.due_on)}
            for r in call.referrals
        ],
    }


def suggestion_json(suggestion) -> dict:
    return {
        "contact": suggestion.contact_ref,
        "uai": suggestion.uai,
        "establishment": suggestion.establishment,
        "role": suggestion.role,
        "name": suggestion.name,
        "phone": suggestion.phone,
        "email": suggestion.email,
        "score": suggestion.score,
        "reason": suggestion.reason,
        "commune": suggestion.commune,
        "distance_km": suggestion.distance_km,
        "replaces": suggestion.replaces_ref,
        "unanswered": suggestion.unanswered,
    }
