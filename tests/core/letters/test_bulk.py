"""The end-of-day round: every letter not sent yet, written to a folder with its e-mail draft, marked sent."""

from __future__ import annotations

import email
from datetime import datetime
from email import policy

import pytest
from docx import Document
from letter_data import seed_call

from bouquet_desk.core.db.models import Letter
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.letters import create_letters, list_letters, mark_sent, pending_calls, send_pending
from bouquet_desk.core.letters import pdf as pdf_module


@pytest.fixture
def three_calls(sqlite_context):
    """A PFMP call with two referrals, a LOCAUX call with one, and a call whose letter went out already."""
    first = seed_call(sqlite_context)
    second = seed_call(sqlite_context, category="LOCAUX", company_name="Boulangerie Lefranc", two_referrals=False,
                       siret=None)
    done = seed_call(sqlite_context, company_name="Déjà Servi", siret=None)
    (letter,) = create_letters(sqlite_context, done.call_id)
    mark_sent(sqlite_context, [letter.id])
    return sqlite_context, first, second, done


def test_pending_calls(three_calls):
    context, first, second, _done = three_calls
    pending = pending_calls(context)
    assert [(item.call_id, item.company, item.referrals) for item in pending] == [
        (first.call_id, "Dupont & Fils <SARL>", 2), (second.call_id, "Boulangerie Lefranc", 1)]


def test_send_pending_writes_reuses_and_marks_sent(three_calls, tmp_path):
    context, first, second, _done = three_calls
    (prepared,) = create_letters(context, first.call_id)  # made earlier by the operator, not sent
    steps = []
    result = send_pending(context, tmp_path / "envoi", pdf=False,
                          progress=lambda done, total, label: steps.append((done, total, label)))
    assert result.call_ids == (first.call_id, second.call_id)
    assert len(result.letters) == 5 and prepared.id in {info.id for info in result.letters}
    assert all(info.sent_at is not None for info in result.letters)
    names = sorted(path.name for path in result.files)
    assert names == sorted(
        [f"appel-{first.call_id}-entreprise.{ext}" for ext in ("docx", "eml")]
        + [f"appel-{first.call_id}-contact-C00{n}.{ext}" for n in (1, 2) for ext in ("docx", "eml")]
        + [f"appel-{second.call_id}-entreprise.{ext}" for ext in ("docx", "eml")]
        + [f"appel-{second.call_id}-contact-C001.{ext}" for ext in ("docx", "eml")]
    )
    assert all(path.is_file() for path in result.files)
    letter = Document(tmp_path / "envoi" / f"appel-{second.call_id}-entreprise.docx")
    assert any("convention de mise à disposition" in p.text for p in letter.paragraphs)
    message = email.message_from_bytes((tmp_path / "envoi" / f"appel-{second.call_id}-entreprise.eml")
                                       .read_bytes(), policy=policy.default)
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"appel-{second.call_id}-entreprise.docx"  # no PDF asked
    # Progress: from 0 to the end, never backwards, with a label the operator can read.
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]
    assert [step[0] for step in steps] == sorted(step[0] for step in steps)
    assert steps[0][2] == f"Courriers de l'appel n° {first.call_id}"
    assert pending_calls(context) == ()
    assert send_pending(context, tmp_path / "encore", pdf=False).call_ids == ()


def test_a_failure_marks_nothing_and_the_next_run_reuses_the_letters(three_calls, tmp_path, data_dir):
    context, first, second, _done = three_calls
    (data_dir / "templates").mkdir()
    broken = Document()
    broken.add_paragraph("{{ salle.nom }}")
    broken.save(data_dir / "templates" / "lettre_locaux.docx")
    with pytest.raises(UserError, match="Champ inconnu « salle »"):
        send_pending(context, tmp_path / "envoi", pdf=False)
    assert len(pending_calls(context)) == 2
    made = list_letters(context, first.call_id)
    assert len(made) == 3 and not any(info.sent_at for info in made)
    (data_dir / "templates" / "lettre_locaux.docx").unlink()
    result = send_pending(context, tmp_path / "envoi", pdf=False)
    assert {info.id for info in made} <= {info.id for info in result.letters}
    assert len(list_letters(context, first.call_id)) == 3


def test_without_libreoffice_nothing_starts(three_calls, tmp_path, monkeypatch):
    context, first, _second, _done = three_calls
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: None)
    with pytest.raises(UserError, match="LibreOffice introuvable : installez libreoffice-writer-nogui"):
        send_pending(context, tmp_path / "envoi")
    assert list_letters(context, first.call_id) == ()
    assert not (tmp_path / "envoi").exists()


@pytest.mark.soffice
def test_send_pending_with_pdf(sqlite_context, tmp_path, soffice):
    call = seed_call(sqlite_context, two_referrals=False)
    result = send_pending(sqlite_context, tmp_path, today=datetime(2026, 11, 28).date())
    pdfs = sorted(path for path in result.files if path.suffix == ".pdf")
    assert [path.name for path in pdfs] == [f"appel-{call.call_id}-contact-C001.pdf",
                                            f"appel-{call.call_id}-entreprise.pdf"]
    assert all(path.read_bytes().startswith(b"%PDF") for path in pdfs)
    assert all(info.has_pdf for info in result.letters)
    with sqlite_context.sessions.begin() as session:
        stored = session.get(Letter, result.letters[0].id).pdf
    message = email.message_from_bytes((tmp_path / f"appel-{call.call_id}-entreprise.eml").read_bytes(),
                                       policy=policy.default)
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf" and attachment.get_content().startswith(b"%PDF")
    assert stored.startswith(b"%PDF")
