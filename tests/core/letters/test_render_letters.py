"""Letters and notices rendered from a real call, read back with python-docx as the recipient would read them."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from letter_data import docx_text, seed_call

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.letters import create_letters, list_letters, open_letter

TODAY = date(2026, 11, 28)


def _letter(context, call_id, **kwargs) -> str:
    (info,) = create_letters(context, call_id, today=TODAY, **kwargs)
    return docx_text(open_letter(context, info.id).docx)


def test_company_letter_says_who_to_call(context):
    """On SQLite and PostgreSQL: the letter to the company, with every referral and its catalogue items."""
    seeded = seed_call(context)
    create_letters(context, seeded.call_id, to="contact", today=TODAY)  # the contacts were told
    text = _letter(context, seeded.call_id)
    assert "Bouquet de services" in text and "Comité Grand Lens" in text  # letterhead
    assert "Dupont & Fils <SARL>" in text
    assert "À l'attention de Jean Dupont" in text
    assert "12 rue des Mineurs\nZone d'activités du Bord des Eaux\n62300 LENS" in text
    assert "Lens, le 28 novembre 2026" in text
    assert "Votre appel du 27 novembre 2026" in text
    assert "Objet : Stage en entreprise (PFMP)" in text
    assert "Claire MARTIN – Bureau des entreprises" in text
    assert "Ligne directe\t03 21 77 88 99" in text
    assert "Courriel\tclaire.martin@exemple.fr" in text
    assert "Lycée Henri Senez" in text and "Rue Émile Zola, 62110 Hénin-Beaumont" in text
    assert "Bac pro Technicien en chaudronnerie industrielle" in text  # as people write it
    assert "Niveau 4 · 3 ans · voie scolaire, apprentissage · 15 places" in text
    assert "Périodes en entreprise\tdu 12 janvier au 6 février 2027 ; du 17 mai au 11 juin 2027" in text
    assert "Tarif indicatif\t120 € la demi-journée" in text
    assert "250 personnes" in text
    assert "Lycée professionnel Maximilien de Robespierre" in text and "LEFEBVRE" in text
    assert "les interlocuteurs suivants, qui ont été prévenus" in text
    assert "d'ici le 2 décembre 2026" in text  # the latest deadline of the two referrals
    assert "Marie Lefort" in text  # the call's operator signs when the PC has none configured
    assert "None" not in text and "{{" not in text and "{%" not in text


def test_the_contact_without_phone_or_email_has_no_empty_lines(seeded):
    context, call = seeded
    text = _letter(context, call.call_id)
    card = text[text.index("Lycée professionnel Maximilien de Robespierre"):]
    card = card[: card.index("Les dates des périodes")]
    assert "Ligne directe" not in card and "Courriel" not in card and "Disponibilités" not in card
    assert "LEFEBVRE\n" in card  # role AUTRE: no function written after the name


def test_the_xml_stays_valid_with_markup_in_the_data(seeded):
    context, call = seeded
    (info,) = create_letters(context, call.call_id, today=TODAY)
    xml = zipfile.ZipFile(io.BytesIO(open_letter(context, info.id).docx)).read("word/document.xml").decode()
    assert "Dupont &amp; Fils &lt;SARL&gt;" in xml
    assert "<SARL>" not in xml


@pytest.mark.parametrize(("category", "template", "words"), [
    ("PFMP", "lettre_pfmp", "convention de stage"),
    ("APPRENTISSAGE", "lettre_apprentissage", "contrat d'apprentissage"),
    ("RECRUTEMENT", "lettre_recrutement", "job datings"),
    ("FORMATION_CONTINUE", "lettre_formation_continue", "OPCO"),
    ("LOCAUX", "lettre_locaux", "convention de mise à disposition"),
    ("TAXE", "lettre_taxe", "SOLTéA"),
    ("PARTENARIAT", "lettre_partenariat", "jurys d'examen"),
    ("HORS_PERIMETRE", "lettre_generique", "Demande de renseignement"),
])
def test_each_category_has_its_letter(sqlite_context, category, template, words):
    call = seed_call(sqlite_context, category=category, two_referrals=False)
    create_letters(sqlite_context, call.call_id, to="contact", today=TODAY)
    (info,) = create_letters(sqlite_context, call.call_id, today=TODAY)
    assert info.template == template
    text = docx_text(open_letter(sqlite_context, info.id).docx)
    assert words in text
    assert "l'interlocuteur suivant, qui a été prévenu" in text
    assert "None" not in text


def test_missing_address_and_caller_email_leave_the_lines_out(sqlite_context):
    call = seed_call(sqlite_context, address=None, caller_email=None, notes="", two_referrals=False)
    text = _letter(sqlite_context, call.call_id)
    assert "Dupont & Fils <SARL>\nÀ l'attention de Jean Dupont\n62300 LENS\n" in text
    assert "Précisions" not in text
    assert "None" not in text


def test_long_notes_wrap_inside_the_page(sqlite_context):
    notes = "Besoin d'élèves en chaudronnerie pour un chantier de maintenance. " * 30
    call = seed_call(sqlite_context, notes=notes, two_referrals=False)
    (info,) = create_letters(sqlite_context, call.call_id, today=TODAY)
    document = Document(io.BytesIO(open_letter(sqlite_context, info.id).docx))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Précisions"))
    # Wrapped by the word processor, not cut: the whole text is there, in one justified paragraph.
    assert notes.strip() in paragraph.text
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (7560310, 10692130)  # A4
    assert section.left_margin > 0 and section.right_margin > 0


def test_notices_one_per_contact(seeded):
    context, call = seeded
    notices = create_letters(context, call.call_id, to="contact", today=TODAY)
    assert [info.referral_id for info in notices] == list(call.referral_ids)
    assert [info.template for info in notices] == ["avis_contact", "avis_contact"]
    text = docx_text(open_letter(context, notices[0].id).docx)
    assert "Claire MARTIN\nBureau des entreprises\nLycée Henri Senez\nRue Émile Zola\n62110 HÉNIN-BEAUMONT" in text
    assert "Objet : Mise en relation : Dupont & Fils <SARL> – Stage en entreprise (PFMP)" in text
    assert "Interlocuteur\tJean Dupont" in text
    assert "Téléphone\t06 12 34 56 78" in text
    assert "Courriel\tj.dupont@dupont-fils.fr" in text
    assert "SIRET\t732 829 320 00074" in text
    assert "Motif\tSection chaudronnerie, PFMP en janvier" in text
    assert "au plus tard le 1er décembre 2026" in text
    assert "Périodes en entreprise\tdu 12 janvier au 6 février 2027" in text
    assert "None" not in text
    second = docx_text(open_letter(context, notices[1].id).docx)
    assert "au plus tard le 2 décembre 2026" in second and "Motif" not in second


def test_a_notice_for_one_referral(seeded):
    context, call = seeded
    (notice,) = create_letters(context, call.call_id, to="contact", referral_id=call.referral_ids[1])
    assert notice.referral_id == call.referral_ids[1]
    assert notice.recipient_name == "LEFEBVRE (Lycée professionnel Maximilien de Robespierre)"
    with pytest.raises(UserError, match="n'appartient pas"):
        create_letters(context, call.call_id, to="contact", referral_id=99999)


def test_unknown_call_or_recipient_is_refused(seeded):
    context, call = seeded
    with pytest.raises(UserError, match="Appel n° 4242 introuvable"):
        create_letters(context, 4242)
    with pytest.raises(UserError, match="Destinataire inconnu"):
        create_letters(context, call.call_id, to="parent")
    assert list_letters(context, call.call_id) == ()
