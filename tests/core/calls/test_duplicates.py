"""Duplicates: found by phone or by a close name in the same commune, merged without losing a call."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bouquet_desk.core.calls.calls import NewCall, list_calls, log_call
from bouquet_desk.core.calls.companies import create_company, get_company
from bouquet_desk.core.calls.duplicates import find_duplicates, merge_callers, merge_companies, similar_companies
from bouquet_desk.core.calls.history import history
from bouquet_desk.core.calls.recognition import recognise
from bouquet_desk.core.db.models import Caller, Company
from bouquet_desk.core.errors import UserError

SIRET = "81234567800013"
OTHER_SIRET = "39128465700023"


def _pairs(context, kind):
    return [(p.keep_id, p.drop_id, p.reasons) for p in find_duplicates(context) if p.kind == kind]


def test_close_names_in_the_same_commune(context):
    a = create_company(context, name="Boulangerie Dupont", commune="Lens")
    b = create_company(context, name="SARL Boulangerie Dupond", commune="62300")
    create_company(context, name="Boulangerie Dupont", commune="Liévin")  # another commune: another shop
    create_company(context, name="Garage du Centre", commune="Lens")
    pairs = _pairs(context, "company")
    assert len(pairs) == 1
    keep, drop, reasons = pairs[0]
    assert (keep, drop) == (a.id, b.id)
    assert reasons[0].startswith("noms proches") and "à Lens" in reasons[0]


def test_same_phone_at_two_companies(context):
    first = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Marie Lenoir",
                                      company_name="Garage du Centre", commune="Lens"))
    second = log_call(context, NewCall(category="PFMP", phone="0611223344", caller_name="Paul Kaczmarek",
                                       company_name="Carrosserie Lensoise", commune="Lens"))
    # Marie now calls from the other company's line (typed as another company by mistake).
    with context.sessions.begin() as session:
        session.get(Caller, second.caller_id).phone = "+33321778899"
    pairs = _pairs(context, "company")
    assert pairs == [(first.company_id, second.company_id, ("même téléphone 03 21 77 88 99",))]


def test_two_sirets_are_two_establishments(context):
    create_company(context, name="Boulangerie Dupont", siret=SIRET, commune="Lens")
    create_company(context, name="Boulangerie Dupont", siret=OTHER_SIRET, commune="Lens")
    assert _pairs(context, "company") == []


def test_a_name_about_to_be_created_is_checked(context):
    known = create_company(context, name="Boulangerie Dupont", commune="Lens")
    create_company(context, name="Garage du Centre", commune="Lens")
    assert [c.id for c in similar_companies(context, "boulangerie dupond", "Lens")] == [known.id]
    assert similar_companies(context, "Boulangerie Dupont", "Arras") == []


def test_merging_companies_keeps_every_call(context):
    first = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Marie Lenoir",
                                      company_name="Boulangerie Dupont", commune="Lens"))
    second = log_call(context, NewCall(category="TAXE", phone="0611223344", caller_name="Paul Kaczmarek",
                                       company_name="Boulangerie Dupond", siret=SIRET, commune="Lens"))
    keep, drop = first.company_id, second.company_id
    context.settings.operator = "Nadia"
    merged = merge_companies(context, keep, drop)
    assert merged.id == keep and merged.siret == SIRET  # the duplicate's SIRET completes the survivor
    assert {call.id for call in list_calls(context, company_id=keep)} == {first.id, second.id}
    assert get_company(context, drop).id == keep  # the old number leads to the survivor
    with context.sessions() as session:
        row = session.get(Company, drop)
        assert row.merged_into_id == keep and row.siret is None
        assert session.scalar(select(Caller.company_id).where(Caller.id == second.caller_id)) == keep
    assert recognise(context, "06 11 22 33 44").company.id == keep
    # A later call giving the SIRET lands on the survivor.
    third = log_call(context, NewCall(category="PFMP", phone="0699887766", siret=SIRET))
    assert third.company_id == keep
    assert _pairs(context, "company") == []
    assert [entry.action for entry in history(context.sessions, "company", keep)][-1] == "merge"
    moved = history(context.sessions, "call", second.id)[-1]
    assert moved.who == "Nadia" and moved.changes == {"company_id": (drop, keep)}


def test_merge_refusals(context):
    a = create_company(context, name="Boulangerie Dupont", siret=SIRET, commune="Lens")
    b = create_company(context, name="Boulangerie Dupond", siret=OTHER_SIRET, commune="Lens")
    c = create_company(context, name="Boulangerie Du Pont", commune="Lens")
    with pytest.raises(UserError, match="SIRET différents"):
        merge_companies(context, a.id, b.id)
    with pytest.raises(UserError, match="elle-même"):
        merge_companies(context, a.id, a.id)
    merge_companies(context, a.id, c.id)
    with pytest.raises(UserError, match="déjà fusionnée"):
        merge_companies(context, b.id, c.id)
    with pytest.raises(UserError, match="Entreprise inconnue"):
        merge_companies(context, a.id, 999)


def test_callers_doubled_then_merged(context):
    first = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Marie Lenoir",
                                      company_name="Garage du Centre"))
    # Her mobile, the same person typed slightly differently.
    second = log_call(context, NewCall(category="PFMP", phone="0611223344", caller_name="Marie Lenoire",
                                       caller_email="marie@garage.fr", company_name="Garage du Centre"))
    colleague = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Paul Kaczmarek"))
    pairs = _pairs(context, "caller")
    assert [(keep, drop) for keep, drop, _ in pairs] == [(first.caller_id, second.caller_id)]
    assert "dans la même entreprise" in pairs[0][2][0]
    merged = merge_callers(context, first.caller_id, second.caller_id)
    assert merged.email == "marie@garage.fr"  # completed from the duplicate
    assert {c.id for c in list_calls(context, caller_id=first.caller_id)} == {first.id, second.id}
    assert colleague.caller_id != first.caller_id
    assert _pairs(context, "caller") == []
    # The duplicate's number (her mobile) still brings her back.
    assert recognise(context, "06 11 22 33 44").caller.id == first.caller_id
