"""Caller recognition: any written form of the number brings back caller, company, calls and open referrals."""

from __future__ import annotations

import pytest

from bouquet_desk.core.calls.calls import NewCall, log_call
from bouquet_desk.core.calls.recognition import recognise
from bouquet_desk.core.calls.referrals import refer, update_referral
from bouquet_desk.core.errors import UserError


def test_unknown_number(context):
    found = recognise(context, "03 21 00 00 00")
    assert found.phone == "+33321000000" and not found.known
    assert found.caller is None and found.company is None and found.previous_calls == ()


def test_invalid_number_is_refused(context):
    with pytest.raises(UserError, match="Numéro de téléphone invalide"):
        recognise(context, "12")


@pytest.mark.parametrize("written", ["03.21.77.88.99", "+33 3 21 77 88 99", "0321778899", "0033321778899"])
def test_a_known_caller_in_any_written_form(catalogue, written):
    first = log_call(catalogue, NewCall(category="PFMP", phone="03 21 77 88 99", caller_name="Marie Lenoir",
                                        company_name="Garage du Centre", siret="81234567800013", commune="Lens"))
    second = log_call(catalogue, NewCall(category="LOCAUX", phone="0321778899"))
    kept = refer(catalogue, first.id, "C037")
    closed = refer(catalogue, second.id, "C044")
    update_referral(catalogue, closed.id, outcome="room")
    found = recognise(catalogue, written)
    assert found.known and found.phone_display == "03 21 77 88 99"
    assert found.caller.name == "Marie Lenoir" and found.caller.company == "Garage du Centre"
    assert found.company.siret == "81234567800013" and found.company.commune == "Lens"
    assert [call.id for call in found.previous_calls] == [second.id, first.id]
    assert [referral.id for referral in found.open_referrals] == [kept.id]
    assert found.open_referrals[0].contact_name == "Amandine Pruvost"


def test_colleagues_calls_show_under_their_company(context):
    first = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Marie Lenoir",
                                      company_name="Garage du Centre"))
    other = log_call(context, NewCall(category="TAXE", phone="0611223344", caller_name="Paul Kaczmarek",
                                      company_name="Garage du Centre"))
    found = recognise(context, "06 11 22 33 44")
    assert found.caller.name == "Paul Kaczmarek"
    assert [call.id for call in found.previous_calls] == [other.id, first.id]


def test_switchboard_lists_everyone_most_recent_first(context):
    log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Marie Lenoir"))
    log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Paul Kaczmarek"))
    found = recognise(context, "0321778899")
    assert [caller.name for caller in found.callers] == ["Paul Kaczmarek", "Marie Lenoir"]
    assert found.caller.name == "Paul Kaczmarek"
