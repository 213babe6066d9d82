"""E-mail drafts: a plain-text French message to the right address, with the letter attached."""

from __future__ import annotations

import email
from email import policy

from letter_data import seed_call

from bouquet_desk.core.letters import create_letters, letter_email
from bouquet_desk.core.letters.archive import store_pdf
from bouquet_desk.core.letters.email_draft import build_eml

FAKE_PDF = b"%PDF-1.4\n% not a real document, enough for the attachment\n%%EOF\n"


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def test_draft_to_the_caller_with_the_pdf_attached(seeded):
    context, call = seeded
    (letter,) = create_letters(context, call.call_id)
    store_pdf(context, letter.id, FAKE_PDF)  # already converted: no LibreOffice needed here
    draft = letter_email(context, letter.id)
    assert draft.file_name == f"appel-{call.call_id}-entreprise.eml"
    assert draft.to == "j.dupont@dupont-fils.fr"
    message = parse(draft.data)
    assert message["To"].addresses[0].addr_spec == "j.dupont@dupont-fils.fr"
    assert message["To"].addresses[0].display_name == "Jean Dupont"
    assert message["Subject"] == "Stage en entreprise (PFMP) : vos interlocuteurs dans les établissements"
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Madame, Monsieur,")
    assert "Suite à votre appel du 27 novembre 2026" in body
    assert "- Claire MARTIN, Bureau des entreprises" in body
    assert "03 21 77 88 99 – claire.martin@exemple.fr" in body
    assert "d'ici le 2 décembre 2026" in body
    assert "None" not in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"appel-{call.call_id}-entreprise.pdf"
    assert attachment.get_content() == FAKE_PDF


def test_draft_to_the_contact(seeded):
    context, call = seeded
    first, second = create_letters(context, call.call_id, to="contact")
    store_pdf(context, first.id, FAKE_PDF)
    message = parse(letter_email(context, first.id).data)
    assert str(message["To"]) == "Claire MARTIN <claire.martin@exemple.fr>"
    assert message["Subject"] == "Mise en relation : Dupont & Fils <SARL> – Stage en entreprise (PFMP)"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Bonjour Claire Martin,")
    assert "Téléphone : 06 12 34 56 78" in body
    assert "au plus tard le 1er décembre 2026" in body
    # The second contact has no e-mail address: a draft without To, which the operator completes.
    store_pdf(context, second.id, FAKE_PDF)
    draft = letter_email(context, second.id)
    assert draft.to == "" and parse(draft.data)["To"] is None


def test_no_caller_email_means_no_to(sqlite_context):
    call = seed_call(sqlite_context, caller_email=None, two_referrals=False)
    (letter,) = create_letters(sqlite_context, call.call_id)
    store_pdf(sqlite_context, letter.id, FAKE_PDF)
    assert parse(letter_email(sqlite_context, letter.id).data)["To"] is None


def test_build_eml_encodes_french_headers_and_refuses_bad_addresses():
    data = build_eml(subject="Équipe « été »", body="Voilà", attachment=b"PK\x03\x04", attachment_name="a.docx",
                     to_address="pas une adresse", to_name="X")
    assert b"\r\n" in data and "Équipe".encode() not in data.split(b"\r\n\r\n")[0]  # encoded header
    message = parse(data)
    assert message["Subject"] == "Équipe « été »" and message["To"] is None
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type().endswith("wordprocessingml.document")
