"""What the company reads in its letter: no search typed by the operator, common first years said in words,
its own postal address, « prévenu » only for a contact who was sent the notice, and one page when it fits."""

from __future__ import annotations

import csv
import subprocess
from datetime import date

import pytest
from letter_data import docx_text, seed_call
from sqlalchemy import select

from bouquet_desk.core.db.models import Call, Formation, Referral, ReferralItem
from bouquet_desk.core.letters import create_letters, letter_pdf, open_letter
from bouquet_desk.core.letters.common_years import explain
from bouquet_desk.core.paths import resource_path

TODAY = date(2026, 11, 28)


def _letter(context, call_id) -> str:
    (info,) = create_letters(context, call_id, today=TODAY)
    return docx_text(open_letter(context, info.id).docx)


def test_the_operators_search_is_not_quoted(sqlite_context):
    call = seed_call(sqlite_context, two_referrals=False)
    with sqlite_context.sessions.begin() as session:
        session.get(Call, call.call_id).search_terms = "mecanicien auto"
    text = _letter(sqlite_context, call.call_id)
    assert "mecanicien auto" not in text and "recherche :" not in text.lower()
    (notice,) = create_letters(sqlite_context, call.call_id, to="contact", today=TODAY)
    assert "mecanicien auto" not in docx_text(open_letter(sqlite_context, notice.id).docx)


def test_prevenu_only_for_contacts_sent_the_notice(sqlite_context):
    call = seed_call(sqlite_context)  # two referrals
    text = _letter(sqlite_context, call.call_id)
    assert "prévenu" not in text.lower()  # no notice made: the letter does not claim one
    create_letters(sqlite_context, call.call_id, to="contact", referral_id=call.referral_ids[0], today=TODAY)
    text = _letter(sqlite_context, call.call_id)
    assert "ont été prévenus" not in text
    assert text.count("Prévenu de votre démarche") == 1  # the card of the one contact told
    card = text[text.index("Lycée Henri Senez"):text.index("Lycée professionnel Maximilien")]
    assert "Prévenu de votre démarche" in card
    create_letters(sqlite_context, call.call_id, to="contact", referral_id=call.referral_ids[1], today=TODAY)
    text = _letter(sqlite_context, call.call_id)
    assert "les interlocuteurs suivants, qui ont été prévenus de votre démarche :" in text
    assert "Prévenu de votre démarche" not in text  # said once for all


def test_single_contact_told(sqlite_context):
    call = seed_call(sqlite_context, two_referrals=False)
    assert "l'interlocuteur suivant :" in _letter(sqlite_context, call.call_id)
    create_letters(sqlite_context, call.call_id, to="contact", today=TODAY)
    assert "l'interlocuteur suivant, qui a été prévenu de votre démarche :" in _letter(sqlite_context, call.call_id)


def test_common_first_years_said_in_words(sqlite_context):
    call = seed_call(sqlite_context, two_referrals=False)
    with sqlite_context.sessions.begin() as session:
        referral = session.scalars(select(Referral).where(Referral.call_id == call.call_id)).one()
        family = Formation(establishment_id=referral.establishment_id, cfd="40031211", diploma="BAC PRO", level=4,
                           title="METIERS DE LA RELATION CLIENT 2NDE COMMUNE (BAC PRO)")
        session.add(family)
        session.flush()
        session.add(ReferralItem(referral_id=referral.id, formation_id=family.id))
    text = _letter(sqlite_context, call.call_id)
    assert "Bac pro Métiers de la relation client – seconde commune à plusieurs bacs pro" in text
    assert "2NDE COMMUNE" not in text


@pytest.mark.parametrize(("title", "diploma", "stem", "phrase"), [
    ("METIERS DE LA MER 2NDE COMMUNE (BAC PRO)", "BAC PRO", "METIERS DE LA MER", "seconde commune à plusieurs bacs pro"),
    ("INDUSTRIES TEXTILES SECONDE COMMUNE BEP", "BEP", "INDUSTRIES TEXTILES", "seconde commune à plusieurs BEP"),
    ("TRAITEMENT DES MATERIAUX BTS 1ERE ANNEE COMMUNE", "BTS", "TRAITEMENT DES MATERIAUX",
     "première année commune aux options du BTS"),
    ("CHIMIE  (DUT ANNEE COMMUNE)", "DUT", "CHIMIE", "première année commune aux options du DUT"),
    ("COIFFURE 1ERE ANNEE COMMUNE CAP", "CAP", "COIFFURE", "première année commune à plusieurs CAP"),
    ("SERVICES INFORMATIQUES AUX ORGANISATIONS BTS 1ERE ANNEE", "BTS", "SERVICES INFORMATIQUES AUX ORGANISATIONS",
     "première année du BTS, commune à ses options"),
    ("Métiers de la relation client 2nde commune", "Bac pro", "Métiers de la relation client",
     "seconde commune à plusieurs bacs pro"),
])
def test_common_year_codes(title, diploma, stem, phrase):
    found = explain(title, diploma)
    assert (found.stem, found.phrase) == (stem, phrase)


def test_every_common_year_of_the_national_list_is_explained():
    """The rule, not the example: each BCN title carrying a common-year code loses the code."""
    code = ("2NDE COMMUNE", "SECONDE COMMUNE", "ANNEE COMMUNE", "BTS 1ERE ANNEE")
    with open(resource_path("reference", "diplomas.csv"), encoding="utf-8") as handle:
        titles = [(row["title"], row["diploma"]) for row in csv.DictReader(handle)]
    marked = [(title, diploma) for title, diploma in titles if any(part in title for part in code)]
    assert len(marked) > 50
    for title, diploma in marked:
        found = explain(title, diploma)
        assert found is not None, title
        assert not any(part in found.stem for part in code), (title, found)
        assert "commune" in found.phrase
    assert explain("TECHNICIEN EN CHAUDRONNERIE INDUSTRIELLE (BAC PRO)", "BAC PRO") is None
    assert explain("COMMUNICATION (BTS)", "BTS") is None
    assert explain("LETTRES 1ERE ANNEE", "CPGE") is None


@pytest.mark.soffice
def test_a_letter_with_two_referrals_signs_on_its_first_page(seeded, soffice, tmp_path):
    context, call = seeded
    create_letters(context, call.call_id, to="contact", today=TODAY)  # notices made: the longer wording
    (info,) = create_letters(context, call.call_id, today=TODAY)
    path = tmp_path / "lettre.pdf"
    path.write_bytes(letter_pdf(context, info.id))
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in pages
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Marie Lefort" in text and "Page 1 / 1" in text
    assert "12 rue des Mineurs" in text and "62300 LENS" in text  # the company's postal address
