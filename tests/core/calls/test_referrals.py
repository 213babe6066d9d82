"""Referrals: deadline in working days, follow-up to an outcome, the list of those due, their history."""

from __future__ import annotations

from datetime import date

import pytest

from bouquet_desk.core.calls.calls import NewCall, get_call, log_call
from bouquet_desk.core.calls.history import history
from bouquet_desk.core.calls.referrals import list_referrals, refer, update_referral
from bouquet_desk.core.errors import UserError


def _call(context, **fields):
    return log_call(context, NewCall(**{"category": "PFMP", "phone": "0321778899", "company_name": "Garage du Centre",
                                        **fields}))


def test_a_referral_is_due_two_working_days_later(catalogue):
    call = _call(catalogue)
    # Tuesday 10 November 2026: Wednesday is Armistice day, so Thursday and Friday count.
    referral = refer(catalogue, call.id, "C037", reason="section plomberie", today=date(2026, 11, 10))
    assert referral.due_on == date(2026, 11, 13)
    assert (referral.status, referral.status_label) == ("sent", "envoyée")
    assert (referral.contact_ref, referral.uai, referral.role) == ("C037", "0623377J", "BDE")
    assert referral.contact_phone == "03 21 93 96 16" and referral.company == "Garage du Centre"
    assert get_call(catalogue, call.id).outcome == "referred"  # referring is the call's outcome


def test_the_deadline_follows_the_settings(catalogue):
    catalogue.settings.referral_deadline_days = 5
    call = _call(catalogue)
    referral = refer(catalogue, call.id, "C037", today=date(2026, 4, 2))  # Thursday before Easter
    assert referral.due_on == date(2026, 4, 10)  # Easter Monday skipped


def test_items_travel_with_the_referral(catalogue):
    from bouquet_desk.core.calls.items import resolve_refs

    formations, resources = resolve_refs(catalogue, ["0623377J/40022703", "0623377J/BAT"])
    call = _call(catalogue)
    referral = refer(catalogue, call.id, "C037", formation_ids=formations, resource_ids=resources)
    assert [item.ref for item in referral.items] == ["0623377J/40022703", "0623377J/BAT"]


def test_a_call_referred_as_it_is_logged(catalogue):
    from bouquet_desk.core.calls.items import resolve_refs

    formations, resources = resolve_refs(catalogue, ["0623377J/40022703", "0620027T/AMPHI"])
    call = log_call(catalogue, NewCall(category="PFMP", phone="0321778899", formation_ids=formations,
                                       resource_ids=resources, refer_to=("C037", "c003")))
    assert call.outcome == "referred"
    by_contact = {referral.contact_ref: referral for referral in call.referrals}
    # Each referral carries the items its establishment offers.
    assert [item.ref for item in by_contact["C037"].items] == ["0623377J/40022703"]
    assert [item.ref for item in by_contact["C003"].items] == ["0620027T/AMPHI"]


def test_followed_to_an_outcome(catalogue):
    call = _call(catalogue)
    referral = refer(catalogue, call.id, "C037", today=date(2026, 11, 10))
    catalogue.settings.operator = "Karim"
    acknowledged = update_referral(catalogue, referral.id, status="acknowledged")
    assert acknowledged.answered_at is not None and acknowledged.status_label == "prise en charge"
    done = update_referral(catalogue, referral.id, outcome="internship", note="stage du 4 au 29 janvier")
    assert (done.status, done.outcome, done.outcome_label) == ("done", "internship", "stage conclu")
    assert done.answered_at == acknowledged.answered_at  # the first answer is the one that counts
    entries = history(catalogue.sessions, "referral", referral.id)
    assert [entry.action for entry in entries] == ["create", "update", "update"]
    assert entries[-1].who == "Karim"
    assert entries[-1].changes["outcome"] == (None, "internship")
    assert entries[-1].changes["status"] == ("acknowledged", "done")


@pytest.mark.parametrize("changes, message", [
    ({"status": "lost"}, "Statut d'orientation inconnu"),
    ({"outcome": "job"}, "Résultat d'orientation inconnu"),
    ({"status": "acknowledged", "outcome": "room"}, "terminée"),
    ({}, "Rien à modifier"),
])
def test_bad_updates_are_refused(catalogue, changes, message):
    referral = refer(catalogue, _call(catalogue).id, "C037")
    with pytest.raises(UserError, match=message):
        update_referral(catalogue, referral.id, **changes)


def test_unknown_referral_call_or_contact(catalogue):
    with pytest.raises(UserError, match="Orientation inconnue"):
        update_referral(catalogue, 999, status="done")
    with pytest.raises(UserError, match="Appel inconnu"):
        refer(catalogue, 999, "C037")
    with pytest.raises(UserError, match="Contact inconnu"):
        refer(catalogue, _call(catalogue).id, "C999")


def test_the_list_of_referrals_due(catalogue):
    call = _call(catalogue)
    early = refer(catalogue, call.id, "C037", today=date(2026, 11, 2))  # due Wednesday 4
    later = refer(catalogue, call.id, "C042", today=date(2026, 11, 6))  # due Tuesday 10
    answered = refer(catalogue, call.id, "C013", today=date(2026, 11, 2))
    update_referral(catalogue, answered.id, status="acknowledged")
    assert [r.id for r in list_referrals(catalogue, due=True, today=date(2026, 11, 3))] == []
    due = list_referrals(catalogue, due=True, today=date(2026, 11, 4))
    assert [r.id for r in due] == [early.id]
    assert not due[0].overdue  # due today, not late yet
    due = list_referrals(catalogue, due=True, today=date(2026, 11, 12))
    assert [r.id for r in due] == [early.id, later.id] and all(r.overdue for r in due)
    assert [r.id for r in list_referrals(catalogue)] == [early.id, answered.id, later.id]
    assert [r.id for r in list_referrals(catalogue, contact="c042")] == [later.id]
