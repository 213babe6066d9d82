"""The letters of a call: listed without their documents, reopened whole, marked sent once."""

from __future__ import annotations

from datetime import datetime

import pytest
from letter_data import seed_call

from bouquet_desk.core.db.models import Call
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.letters import create_letters, list_letters, mark_sent, open_letter


def test_letters_are_listed_and_reopened_from_their_call(context):
    call = seed_call(context)
    (letter,) = create_letters(context, call.call_id)
    notices = create_letters(context, call.call_id, to="contact")
    listed = list_letters(context, call.call_id)
    assert [info.id for info in listed] == [letter.id, *(info.id for info in notices)]
    assert [info.recipient for info in listed] == ["company", "contact", "contact"]
    assert listed[0].recipient_name == "Dupont & Fils <SARL>"
    assert listed[0].label == "Lettre à l'entreprise – Dupont & Fils <SARL>"
    assert listed[1].label == "Avis au contact – Claire MARTIN (Lycée Henri Senez)"
    assert listed[0].file_stem == f"appel-{call.call_id}-entreprise"
    assert listed[1].file_stem == f"appel-{call.call_id}-contact-C001"
    assert not any(info.has_pdf or info.sent_at for info in listed)
    opened = open_letter(context, letter.id)
    assert opened.info == listed[0]
    assert opened.docx.startswith(b"PK") and opened.pdf is None


def test_mark_sent_keeps_the_first_date(seeded):
    context, call = seeded
    (letter,) = create_letters(context, call.call_id)
    first = datetime(2026, 11, 28, 10, 0)
    (info,) = mark_sent(context, [letter.id], at=first)
    assert info.sent_at == first
    (info,) = mark_sent(context, [letter.id], at=datetime(2026, 12, 1))
    assert info.sent_at == first
    with pytest.raises(UserError, match="introuvable"):
        mark_sent(context, [letter.id, 999])


def test_unknown_call_and_letter(seeded):
    context, _call = seeded
    with pytest.raises(UserError, match="Appel n° 77 introuvable"):
        list_letters(context, 77)
    with pytest.raises(UserError, match="Courrier n° 77 introuvable"):
        open_letter(context, 77)


def test_a_call_without_referral_has_no_letter(sqlite_context):
    with sqlite_context.sessions.begin() as session:
        call = Call(category="HORS_PERIMETRE", notes="Un parent d'élève")
        session.add(call)
        session.flush()
        call_id = call.id
    with pytest.raises(UserError, match="aucune orientation"):
        create_letters(sqlite_context, call_id)
