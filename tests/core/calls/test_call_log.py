"""Logging calls: caller and company recognised or recorded, edits kept in the history."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bouquet_desk.core.calls.calls import NewCall, end_call, get_call, list_calls, log_call, update_call
from bouquet_desk.core.calls.companies import create_company, update_company
from bouquet_desk.core.calls.history import history
from bouquet_desk.core.db.base import utcnow
from bouquet_desk.core.db.models import Caller, ChangeLog, Company
from bouquet_desk.core.errors import UserError

SIRET_GARAGE = "81234567800013"
SIRET_BAKERY = "44201549600015"


def test_a_first_call_records_caller_and_company(context):
    call = log_call(context, NewCall(
        category="pfmp", phone="03.21.77.88.99", caller_name="Marie Lenoir", caller_email="m.lenoir@garage-lens.fr",
        company_name="Garage du Centre", siret="812 345 678 00013", commune="Lens", notes="cherche un stagiaire",
        search_terms="mécanicien auto",
    ))
    assert call.phone == "+33321778899"
    assert call.phone_display == "03 21 77 88 99"
    assert call.category == "PFMP" and call.category_label == "Stage (PFMP)"
    assert call.caller == "Marie Lenoir" and call.company == "Garage du Centre" and call.siret == SIRET_GARAGE
    assert call.direction == "incoming" and call.outcome is None
    with context.sessions() as session:
        company = session.scalar(select(Company))
        assert (company.commune, company.insee_code, company.postal_code) == ("Lens", "62498", "62300")
        assert session.scalar(select(Caller.email)) == "m.lenoir@garage-lens.fr"


@pytest.mark.parametrize("written", ["+33 3 21 77 88 99", "0321778899", "0033321778899", "03-21-77-88-99"])
def test_the_next_call_finds_the_same_caller_and_company(context, written):
    first = log_call(context, NewCall(category="PFMP", phone="03.21.77.88.99", caller_name="Marie Lenoir",
                                      company_name="Garage du Centre", siret=SIRET_GARAGE))
    second = log_call(context, NewCall(category="APPRENTISSAGE", phone=written))
    assert second.caller_id == first.caller_id
    assert second.company_id == first.company_id  # the company comes with the recognised caller
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Caller)) == 1
        assert session.scalar(select(func.count()).select_from(Company)) == 1


def test_a_known_siret_finds_its_company_instead_of_doubling_it(context):
    first = log_call(context, NewCall(category="PFMP", phone="0321778899", company_name="Garage du Centre",
                                      siret=SIRET_GARAGE))
    other = log_call(context, NewCall(category="TAXE", phone="0611223344", company_name="GARAGE CENTRE SARL",
                                      siret="81234567800013"))
    assert other.company_id == first.company_id
    assert other.caller_id != first.caller_id


def test_a_company_known_by_name_gets_its_siret_when_given(context):
    first = log_call(context, NewCall(category="PFMP", phone="0321778899", company_name="Boulangerie Wiart",
                                      commune="Liévin"))
    second = log_call(context, NewCall(category="PFMP", phone="0321000001", company_name="boulangerie wiart",
                                       siret=SIRET_BAKERY, commune="LIEVIN"))
    assert second.company_id == first.company_id and second.siret == SIRET_BAKERY


def test_colleagues_on_one_switchboard_are_two_callers(context):
    a = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Marie Lenoir"))
    b = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Paul Kaczmarek"))
    c = log_call(context, NewCall(category="PFMP", phone="0321778899", caller_name="Mme Lenoir Marie"))
    assert a.caller_id != b.caller_id
    assert c.caller_id == a.caller_id


@pytest.mark.parametrize("fields, message", [
    ({"phone": "03 21 77"}, "Numéro de téléphone invalide"),
    ({"phone": "0321778899", "siret": "81234567800014"}, "Luhn"),
    ({"phone": "0321778899", "siret": "8123"}, "14 chiffres"),
    ({"phone": "0321778899", "company_name": "X", "commune": "Atlantis-sur-Mer"}, "Commune inconnue"),
    ({"phone": "0321778899", "caller_email": "pas-une-adresse"}, "e-mail invalide"),
    ({"phone": "0321778899", "category": "STAGE"}, "Catégorie inconnue"),
    ({"phone": "0321778899", "outcome": "won"}, "Issue d'appel inconnue"),
    ({"phone": "0321778899", "refer_to": ("C999",)}, "Contact inconnu"),
])
def test_bad_input_is_refused_and_nothing_is_written(context, fields, message):
    fields = {"category": "PFMP", **fields}
    with pytest.raises(UserError, match=message):
        log_call(context, NewCall(**fields))
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Caller)) == 0
        assert session.scalar(select(func.count()).select_from(Company)) == 0


def test_missed_call_is_a_call_to_return(context):
    call = log_call(context, NewCall(category="RECRUTEMENT", phone="0321778899", direction="missed"))
    assert call.direction == "missed" and call.outcome == "callback"


def test_start_end_and_duration(context):
    started = datetime(2026, 11, 12, 9, 30)
    call = log_call(context, NewCall(category="LOCAUX", phone="0321778899", started_at=started,
                                     ended_at=started + timedelta(minutes=4, seconds=5)))
    assert call.duration_s == 245
    open_call = log_call(context, NewCall(category="LOCAUX", phone="0321778899", started_at=started))
    assert open_call.ended_at is None and open_call.duration_s is None
    ended = end_call(context, open_call.id, started + timedelta(seconds=90))
    assert ended.duration_s == 90
    with pytest.raises(UserError, match="précède"):
        log_call(context, NewCall(category="LOCAUX", phone="0321778899", started_at=started,
                                  ended_at=started - timedelta(seconds=1)))


def test_items_discussed_are_kept(catalogue):
    from bouquet_desk.core.calls.items import resolve_refs

    formations, resources = resolve_refs(catalogue, ["0623377J/40022703", "0620027T/amphi"])
    call = log_call(catalogue, NewCall(category="PFMP", phone="0321778899", formation_ids=formations,
                                       resource_ids=resources))
    assert [item.ref for item in call.items] == ["0623377J/40022703", "0620027T/AMPHI"]
    assert call.items[0].kind == "formation" and call.items[1].kind == "resource"
    with pytest.raises(UserError, match="inconnu"):
        resolve_refs(catalogue, ["0623377J/99999999"])


def test_edits_keep_history_who_when_what(context):
    call = log_call(context, NewCall(category="PFMP", phone="0321778899", notes="stage de seconde"))
    context.settings.operator = "Nadia"
    before = utcnow() - timedelta(seconds=5)
    edited = update_call(context, call.id, category="APPRENTISSAGE", notes="plutôt un apprenti",
                         outcome="informed", follow_up_on=date(2026, 11, 20))
    assert edited.category == "APPRENTISSAGE" and edited.version == call.version + 1
    entries = history(context.sessions, "call", call.id)
    assert [entry.action for entry in entries] == ["create", "update"]
    last = entries[-1]
    assert last.who == "Nadia" and last.at >= before
    assert last.changes["category"] == ("PFMP", "APPRENTISSAGE")
    assert last.changes["notes"] == ("stage de seconde", "plutôt un apprenti")
    assert last.changes["outcome"] == (None, "informed")
    assert last.changes["follow_up_on"] == (None, "2026-11-20")
    # Saving without a change writes no history line.
    update_call(context, call.id, notes="plutôt un apprenti")
    assert len(history(context.sessions, "call", call.id)) == 2


def test_a_stale_edit_is_refused(context):
    call = log_call(context, NewCall(category="PFMP", phone="0321778899"))
    update_call(context, call.id, expected_version=call.version, notes="première opératrice")
    with pytest.raises(UserError, match="modifié par un autre poste"):
        update_call(context, call.id, expected_version=call.version, notes="seconde opératrice")
    assert get_call(context, call.id).notes == "première opératrice"


def test_list_calls_by_any_written_number_and_date(context):
    old = log_call(context, NewCall(category="PFMP", phone="0321778899", started_at=datetime(2026, 1, 5, 10)))
    new = log_call(context, NewCall(category="TAXE", phone="+33 3 21 77 88 99"))
    log_call(context, NewCall(category="TAXE", phone="0611223344"))
    assert [c.id for c in list_calls(context, phone="0033321778899")] == [new.id, old.id]
    assert [c.id for c in list_calls(context, phone="03 21 77 88 99", since=date(2026, 2, 1))] == [new.id]
    assert len(list_calls(context)) == 3
    assert [c.id for c in list_calls(context, category="pfmp")] == [old.id]


def test_call_backs_of_the_day(context):
    soon = log_call(context, NewCall(category="PFMP", phone="0321778899", outcome="callback",
                                     follow_up_on=date(2026, 11, 16)))
    log_call(context, NewCall(category="PFMP", phone="0611223344", outcome="callback",
                              follow_up_on=date(2026, 11, 30)))
    log_call(context, NewCall(category="TAXE", phone="0611223344", outcome="informed"))
    assert [c.id for c in list_calls(context, follow_up_by=date(2026, 11, 16))] == [soon.id]


def test_company_edits_are_validated_and_logged(context):
    company = create_company(context, name="Garage du Centre", siret=SIRET_GARAGE, naf="4520a", commune="Lens")
    assert company.naf == "45.20A"
    changed = update_company(context, company.id, commune="Liévin", member=True)
    assert (changed.commune, changed.insee_code, changed.member) == ("Liévin", "62510", True)
    with pytest.raises(UserError, match="NAF"):
        update_company(context, company.id, naf="garage")
    with pytest.raises(UserError, match="déjà le SIRET"):
        create_company(context, name="Autre", siret=SIRET_GARAGE)
    with context.sessions() as session:
        rows = session.scalars(select(ChangeLog).where(ChangeLog.entity == "company")).all()
        assert [row.action for row in rows] == ["create", "update"]
        assert json.loads(rows[1].changes)["commune"] == ["Lens", "Liévin"]


def test_a_save_crossing_another_is_refused_not_crashed(pg_url, open_ctx, monkeypatch):
    # PostgreSQL only: SQLite lets one writer at a time, so two saves cannot cross there.
    context = open_ctx(pg_url)
    from bouquet_desk.core.calls import history as history_module
    from bouquet_desk.core.db.models import Call

    call = log_call(context, NewCall(category="PFMP", phone="0321778899"))
    real = history_module.apply_changes

    def crossing(row, values):
        # Another operator saves the same call between our read and our write.
        with context.sessions.begin() as other:
            other.get(Call, call.id).notes = "sauvé par l'autre poste"
        monkeypatch.setattr(history_module, "apply_changes", real)
        return real(row, values)

    monkeypatch.setattr(history_module, "apply_changes", crossing)
    with pytest.raises(UserError, match="Cet appel vient d'être modifié"):
        update_call(context, call.id, notes="notre version")
    assert get_call(context, call.id).notes == "sauvé par l'autre poste"
