"""STARTTLS and SMTP over SSL against a real TLS server (aiosmtpd with a certificate from a test authority,
trusted through SSL_CERT_FILE as an operator's PC trusts its network's authority); an untrusted certificate
leaves the messages pending with a clear answer."""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from letter_data import seed_call
from mail_server import Handler, free_port

from bouquet_desk.core.mail import outbox
from bouquet_desk.core.mail.config import setup
from bouquet_desk.core.mail.sending import queue_call


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed: no test certificate")
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Autorite de test Bouquet Desk")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1")
    (folder / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.cnf")
    return folder


def _server_context(folder) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    return context


@pytest.fixture
def tls_server(request, certificates):
    handler, port = Handler(), free_port()
    if request.param == "starttls":
        controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=_server_context(certificates),
                                require_starttls=True)
    else:
        controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=_server_context(certificates))
    controller.start()
    yield request.param, port, handler
    controller.stop()


@pytest.mark.parametrize("tls_server", ["starttls", "ssl"], indirect=True)
def test_encrypted_delivery(tls_server, certificates, sqlite_context, monkeypatch):
    security, port, handler = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    call = seed_call(sqlite_context)
    setup(sqlite_context, host="127.0.0.1", port=port, security=security, sender="accueil@bouquet-demo.invalid")
    queue_call(sqlite_context, call.call_id)
    result = outbox.flush(sqlite_context)
    assert len(result.sent) == 2 and not result.error
    assert len(handler.received) == 2


@pytest.mark.parametrize("tls_server", ["ssl"], indirect=True)
def test_untrusted_certificate_keeps_messages_pending(tls_server, sqlite_context, monkeypatch, tmp_path):
    _security, port, handler = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "aucune-autorite.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    call = seed_call(sqlite_context)
    setup(sqlite_context, host="127.0.0.1", port=port, security="ssl", sender="accueil@bouquet-demo.invalid")
    queue_call(sqlite_context, call.call_id)
    result = outbox.flush(sqlite_context)
    assert "connexion chiffrée" in result.error and len(result.waiting) == 2
    assert handler.received == []
