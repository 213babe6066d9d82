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
def mail_context(sqlite_context, smtp_server):
    configure(sqlite_context, smtp_server)
    return sqlite_context, seed_call(sqlite_context), smtp_server
