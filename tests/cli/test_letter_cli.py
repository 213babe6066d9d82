"""`bouquet-desk letter`: one call's letter or notices, the pending round, and exit codes for mistakes."""

from __future__ import annotations

import pytest
from docx import Document
from letter_data import docx_text, require_soffice, seed_call

from bouquet_desk.app import main
from bouquet_desk.core.letters import list_letters, pending_calls


@pytest.fixture
def db(sqlite_url, open_ctx):
    context = open_ctx(sqlite_url)
    return sqlite_url, context, seed_call(context)


def test_letter_to_the_company(db, tmp_path, capsys):
    url, context, call = db
    out = tmp_path / "lettre.docx"
    assert main(["--db", url, "letter", str(call.call_id), "--out", str(out)]) == 0
    assert "Lettre à l'entreprise – Dupont & Fils <SARL>" in capsys.readouterr().out
    assert "Dupont & Fils <SARL>" in docx_text(out.read_bytes())
    (info,) = list_letters(context, call.call_id)
    assert info.template == "lettre_pfmp" and info.sent_at is None


def test_notices_are_numbered(db, tmp_path):
    url, context, call = db
    assert main(["--db", url, "letter", str(call.call_id), "--to", "contact", "--template", "avis_contact",
                 "--out", str(tmp_path / "avis.docx")]) == 0
    assert sorted(path.name for path in tmp_path.glob("avis*")) == ["avis-1.docx", "avis-2.docx"]
    assert "LEFEBVRE" in docx_text((tmp_path / "avis-2.docx").read_bytes())


def test_unknown_call_exits_2(db, tmp_path, capsys):
    url, _context, _call = db
    assert main(["--db", url, "letter", "999", "--out", str(tmp_path / "x.docx")]) == 2
    assert "Appel n° 999 introuvable." in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_usage_mistakes_exit_2(db, tmp_path, capsys):
    url, _context, call = db
    assert main(["--db", url, "letter", str(call.call_id)]) == 2
    assert "--out FICHIER.docx" in capsys.readouterr().err
    assert main(["--db", url, "letter", "--pending"]) == 2
    assert "--out-dir" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["--db", url, "letter", "douze", "--out", str(tmp_path / "x.docx")])
    assert exited.value.code == 2


def test_a_broken_template_writes_nothing(db, tmp_path, data_dir, capsys):
    url, context, call = db
    (data_dir / "templates").mkdir()
    broken = Document()
    broken.add_paragraph("Bonjour {{ entreprise.nom }")
    broken.save(data_dir / "templates" / "lettre_pfmp.docx")
    out = tmp_path / "lettre.docx"
    assert main(["--db", url, "letter", str(call.call_id), "--out", str(out)]) == 2
    assert "Erreur de syntaxe dans le modèle « lettre_pfmp »" in capsys.readouterr().err
    assert list(tmp_path.glob("*lettre*")) == [] and list_letters(context, call.call_id) == ()


def test_templates_are_listed(db, data_dir, capsys):
    url, _context, _call = db
    (data_dir / "templates").mkdir()
    Document().save(data_dir / "templates" / "lettre_locaux.docx")
    assert main(["--db", url, "letter", "--templates"]) == 0
    lines = dict(line.split("\t")[:2] for line in capsys.readouterr().out.splitlines())
    assert lines["lettre_locaux"] == "personnalisé" and lines["lettre_pfmp"] == "fourni"


def test_pending_round_without_pdf(db, tmp_path, capsys):
    url, context, call = db
    out = tmp_path / "envoi"
    assert main(["--db", url, "letter", "--pending", "--out-dir", str(out), "--no-pdf"]) == 0
    assert "3 courrier(s) pour 1 appel(s), marqués envoyés" in capsys.readouterr().out
    assert len(list(out.glob("*.docx"))) == 3 and len(list(out.glob("*.eml"))) == 3
    assert pending_calls(context) == ()
    assert main(["--db", url, "letter", "--pending", "--out-dir", str(out), "--no-pdf"]) == 0
    assert "Aucun courrier en attente." in capsys.readouterr().out


@pytest.mark.soffice
def test_letter_with_pdf_and_email(db, tmp_path):
    require_soffice()
    url, _context, call = db
    assert main(["--db", url, "letter", str(call.call_id), "--out", str(tmp_path / "l.docx"),
                 "--pdf", str(tmp_path / "l.pdf"), "--eml", str(tmp_path / "l.eml")]) == 0
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    assert b"application/pdf" in (tmp_path / "l.eml").read_bytes()
