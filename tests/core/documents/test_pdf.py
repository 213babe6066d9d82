"""The LibreOffice converter: a real conversion, and a clear UserError when LibreOffice is missing."""

from __future__ import annotations

import os
import shutil

import pytest
from docx import Document

from bouquet_desk.core.documents import pdf
from bouquet_desk.core.errors import UserError


def soffice_or_skip() -> None:
    if pdf.find_soffice() is None:
        if os.environ.get("BOUQUET_DESK_REQUIRE_SOFFICE"):
            pytest.fail("BOUQUET_DESK_REQUIRE_SOFFICE is set but LibreOffice is not installed")
        pytest.skip("LibreOffice (soffice) not installed")


def _docx(path, text: str):
    document = Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.mark.soffice
def test_converts_a_word_document_to_pdf(tmp_path):
    soffice_or_skip()
    target = pdf.convert_to_pdf(_docx(tmp_path / "lettre été.docx", "Bonjour"), tmp_path / "out" / "lettre.pdf")
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert not list(tmp_path.glob("*.pdf")), "nothing left beside the source"


@pytest.mark.soffice
def test_docx_bytes_round_trip():
    soffice_or_skip()
    source = Document()
    source.add_paragraph("Courrier")
    import io

    buffer = io.BytesIO()
    source.save(buffer)
    assert pdf.docx_bytes_to_pdf(buffer.getvalue()).startswith(b"%PDF")


def test_missing_libreoffice_is_a_user_error(tmp_path, monkeypatch):
    monkeypatch.delenv(pdf.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf.sys, "platform", "linux")
    with pytest.raises(UserError, match="LibreOffice est introuvable"):
        pdf.convert_to_pdf(_docx(tmp_path / "a.docx", "x"), tmp_path / "a.pdf")


@pytest.mark.skipif(os.name == "nt", reason="the stand-in for soffice is a shell script")
def test_failed_conversion_is_a_user_error(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv(pdf.SOFFICE_ENV, str(fake))
    with pytest.raises(UserError, match="source file could not be loaded"):
        pdf.convert_to_pdf(_docx(tmp_path / "a.docx", "x"), tmp_path / "a.pdf")
