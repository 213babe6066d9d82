"""The LibreOffice kept running between conversions: the letters' PDFs go through it once it is ready, and
the cold start takes over when it is gone."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from letter_data import REQUIRE_SOFFICE_ENV

from bouquet_desk.core.letters import create_letters, letter_pdf
from bouquet_desk.core.letters import office_server
from bouquet_desk.core.letters import pdf as pdf_module

pytestmark = pytest.mark.soffice


@pytest.fixture
def server(soffice):
    if office_server.uno_python(shutil.which("soffice")) is None:
        if os.environ.get(REQUIRE_SOFFICE_ENV):
            pytest.fail("no Python with uno for the LibreOffice server (apt-get install python3-uno)")
        pytest.skip("no Python with uno (python3-uno) for the LibreOffice server")
    started = office_server.OfficeServer()
    assert started.start()
    assert started.wait_ready(), started.failure
    yield started
    started.stop()


def _text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        return ""
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def test_letters_convert_through_the_running_server(seeded, server, monkeypatch):
    context, call = seeded
    monkeypatch.setattr(office_server, "SERVER", server)
    cold = []
    monkeypatch.setattr(pdf_module, "_cold_convert", lambda *args: cold.append(args) or pytest.fail("cold start"))
    (letter,) = create_letters(context, call.call_id)
    notices = create_letters(context, call.call_id, to="contact")
    pdf = letter_pdf(context, letter.id)
    assert pdf.startswith(b"%PDF") and not cold
    text = _text(pdf)
    if text:
        assert "Dupont & Fils <SARL>" in text and "Page 1 / 1" in text  # the letter fits one page
    assert all(letter_pdf(context, notice.id).startswith(b"%PDF") for notice in notices)


def test_cold_start_when_the_server_died(seeded, server, monkeypatch):
    context, call = seeded
    monkeypatch.setattr(office_server, "SERVER", server)
    server._process.kill()
    server._process.wait(10)
    assert not server.ready
    (letter,) = create_letters(context, call.call_id)
    pdf = letter_pdf(context, letter.id)
    assert pdf.startswith(b"%PDF")
    if _text(pdf):
        assert "Dupont & Fils <SARL>" in _text(pdf)


def test_no_uno_python_means_cold_start(monkeypatch, soffice):
    monkeypatch.setenv(office_server.UNO_PYTHON_ENV, "/nonexistent/python3")
    unused = office_server.OfficeServer()
    assert unused.start()
    assert not unused.wait_ready(30)
    assert unused.failure
    unused.stop()
