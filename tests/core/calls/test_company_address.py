"""A company's postal address is a field of the company: given when a call logs it (command line or window),
completed later, edited, checked, and printed in the letter."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from letter_data import docx_text

from bouquet_desk.core.calls import companies
from bouquet_desk.core.calls.calls import NewCall, log_call
from bouquet_desk.core.calls.referrals import refer
from bouquet_desk.core.db.models import Contact, Establishment
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.letters import create_letters, open_letter


def _contact(context) -> str:
    with context.sessions.begin() as session:
        school = Establishment(uai="0620056Z", name="Lycée Fictif", type="LPO", postal_code="62110",
                               commune="Hénin-Beaumont")
        session.add(school)
        session.flush()
        session.add(Contact(ref="C900", establishment_id=school.id, first_name="Alex", last_name="Essai",
                            role="BDE", categories="PFMP"))
    return "C900"


def test_address_given_with_the_call_reaches_the_letter(context):
    context.settings.operator = "opératrice-test"
    call = log_call(context, NewCall(category="PFMP", phone="03 53 73 12 34", company_name="Garage Fictif",
                                     commune="Lens", company_address="12 rue des Mineurs\nZI du Bord des Eaux",
                                     company_postal_code="62301"))
    company = companies.get_company(context, call.company_id)
    assert (company.address, company.postal_code, company.commune) == (
        "12 rue des Mineurs\nZI du Bord des Eaux", "62301", "Lens")
    refer(context, call.id, _contact(context))
    (letter,) = create_letters(context, call.id, today=date(2026, 11, 28))
    text = docx_text(open_letter(context, letter.id).docx)
    assert "Garage Fictif\n12 rue des Mineurs\nZI du Bord des Eaux\n62301 LENS" in text


def test_a_later_call_completes_a_company_known_without_address(sqlite_context):
    sqlite_context.settings.operator = "opératrice-test"
    first = log_call(sqlite_context, NewCall(category="PFMP", phone="03 53 73 12 34", company_name="Garage Fictif",
                                             commune="Lens"))
    assert companies.get_company(sqlite_context, first.company_id).postal_code == "62300"  # the commune's
    again = log_call(sqlite_context, NewCall(category="PFMP", phone="03 53 73 12 34", company_name="GARAGE FICTIF",
                                             commune="Lens", company_address="4 rue Fictive"))
    assert again.company_id == first.company_id
    assert companies.get_company(sqlite_context, first.company_id).address == "4 rue Fictive"
    log_call(sqlite_context, NewCall(category="PFMP", company_name="Garage Fictif", commune="Lens",
                                     company_address="autre adresse"))
    assert companies.get_company(sqlite_context, first.company_id).address == "4 rue Fictive"  # edited, not by a call


def test_edit_and_bad_postal_code(sqlite_context):
    company = companies.create_company(sqlite_context, name="Traiteur Imaginaire", commune="Liévin")
    edited = companies.update_company(sqlite_context, company.id, address="  2  place Fictive \n\n BP 12 ",
                                      postal_code="62 801")
    assert (edited.address, edited.postal_code) == ("2 place Fictive\nBP 12", "62801")
    moved = companies.update_company(sqlite_context, company.id, commune="Lens")
    assert moved.postal_code == "62300"  # a new commune without a code: the commune's
    with pytest.raises(UserError, match="Code postal invalide : « 6230 »"):
        companies.update_company(sqlite_context, company.id, postal_code="6230")
    assert companies.get_company(sqlite_context, company.id).postal_code == "62300"  # nothing lost


def test_command_line_call_add_and_company_edit(sqlite_url):
    def run(*args, expect=0):
        done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", sqlite_url, *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == expect, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    added = json.loads(run("call", "add", "--phone", "03 53 73 11 22", "--company", "Garage Fictif", "--commune",
                           "Lens", "--address", "12 rue des Mineurs | ZI du Bord des Eaux", "--postal-code", "62300",
                           "--category", "PFMP", "--json").stdout)
    edited = json.loads(run("company", "edit", str(added["company_id"]), "--postal-code", "62301", "--json").stdout)
    assert edited["address"] == "12 rue des Mineurs\nZI du Bord des Eaux" and edited["postal_code"] == "62301"
    refused = run("company", "edit", str(added["company_id"]), "--postal-code", "623", expect=2)
    assert "Code postal invalide" in refused.stderr
    assert "Rien à modifier" in run("company", "edit", str(added["company_id"]), expect=2).stderr
