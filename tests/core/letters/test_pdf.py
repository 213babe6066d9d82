"""PDF through LibreOffice: for real when it is installed, and its failures as clear messages."""

from __future__ import annotations

import shutil
import stat
import subprocess

import pytest

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.letters import create_letters, export_letter, letter_pdf, list_letters
from bouquet_desk.core.letters import pdf as pdf_module


@pytest.mark.soffice
def test_letter_pdf_is_converted_once_then_archived(seeded, soffice, monkeypatch):
    context, call = seeded
    (letter,) = create_letters(context, call.call_id)
    pdf = letter_pdf(context, letter.id)
    assert pdf.startswith(b"%PDF")
    assert list_letters(context, call.call_id)[0].has_pdf
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode()
        assert "Dupont & Fils <SARL>" in text
        assert "03 21 77 88 99" in text
        assert "Page 1 / 1" in text  # the page fields are computed by the layout
    monkeypatch.setattr(pdf_module, "convert_to_pdf", lambda *args: pytest.fail("converted twice"))
    assert letter_pdf(context, letter.id) == pdf


@pytest.mark.soffice
def test_export_writes_the_three_files_and_nothing_else(seeded, soffice, tmp_path):
    context, call = seeded
    (notice, _second) = create_letters(context, call.call_id, to="contact")
    out = tmp_path / "sortie"
    out.mkdir()
    written = export_letter(context, notice.id, docx=out / "avis.docx", pdf=out / "avis.pdf", eml=out / "avis.eml")
    assert [path.name for path in written] == ["avis.docx", "avis.pdf", "avis.eml"]
    assert sorted(path.name for path in out.iterdir()) == ["avis.docx", "avis.eml", "avis.pdf"]  # no temp left
    assert (out / "avis.pdf").read_bytes().startswith(b"%PDF")


def test_missing_libreoffice_names_what_to_install(seeded, monkeypatch):
    context, call = seeded
    (letter,) = create_letters(context, call.call_id)
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: None)
    with pytest.raises(UserError, match="^LibreOffice introuvable : installez libreoffice-writer-nogui"):
        letter_pdf(context, letter.id)
    assert not list_letters(context, call.call_id)[0].has_pdf


def _fake_soffice(folder, script: str) -> str:
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell for the fake LibreOffice")
def test_each_process_has_its_own_profile_and_failures_are_reported(tmp_path, monkeypatch):
    arguments = tmp_path / "arguments"
    fake = _fake_soffice(tmp_path, f'printf "%s\\n" "$@" > {arguments}\necho "Error: source file could not be '
                                   'loaded" >&2\nexit 1\n')
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: fake)
    with pytest.raises(UserError, match=r"LibreOffice n'a pas produit courrier\.pdf \(code 1\).*could not be loaded"):
        pdf_module.docx_to_pdf(b"PK")
    used = arguments.read_text().splitlines()
    profile = next(arg for arg in used if arg.startswith("-env:UserInstallation=file:///"))
    assert "bouquet-desk-lo-" in profile
    assert "--headless" in used and "--convert-to" in used
