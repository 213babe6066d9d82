"""A real SMTP server per test, and a call with two referrals (the second contact has no e-mail)."""

from __future__ import annotations

import pytest
from letter_data import seed_call
from mail_server import MailServer, configure


@pytest.fixture
def smtp_server():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_context(context, smtp_server):
    """On SQLite and PostgreSQL: the outbox's claims are plain UPDATEs both must honour."""
    configure(context, smtp_server)
    return context, seed_call(context), smtp_server
