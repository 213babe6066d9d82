"""`bouquet-desk mail …`, `letter --send` and `referral remind --due --send` against a real SMTP server, and a
password that never reaches the settings, the log or a message."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from letter_data import seed_call
from mail_server import Authenticator, MailServer

from bouquet_desk.app import main
from bouquet_desk.core.db.models import Referral

SECRET = "S3cret-Ne-Pas-Montrer!"


@pytest.fixture
def server():
    smtp = MailServer().start()
    yield smtp
    smtp.stop()


@pytest.fixture
def db(sqlite_url, open_ctx):
    context = open_ctx(sqlite_url)
    return sqlite_url, seed_call(context)


def _setup(url, port, *extra, stdin: str | None = None, monkeypatch=None) -> int:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--db", url, "mail", "setup", "--host", "127.0.0.1", "--port", str(port), "--security", "none",
                 "--sender", "accueil@bouquet-demo.invalid", *extra])


def test_setup_test_and_outbox(db, server, capsys):
    url, _call = db
    assert _setup(url, server.port) == 0
    assert "127.0.0.1" in capsys.readouterr().out
    assert main(["--db", url, "mail", "test", "--to", "operateur@bouquet-demo.invalid"]) == 0
    assert "Courriel de test envoyé" in capsys.readouterr().out
    (message,) = server.messages
    assert message["To"].addresses[0].addr_spec == "operateur@bouquet-demo.invalid"
    assert main(["--db", url, "mail", "outbox", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # a test message goes straight out, not through the outbox


def test_letter_send_then_outbox_json(db, server, capsys):
    url, call = db
    _setup(url, server.port)
    capsys.readouterr()
    assert main(["--db", url, "letter", str(call.call_id), "--send"]) == 0
    captured = capsys.readouterr()
    assert "2 envoyé(s)" in captured.out
    assert "Aucune adresse électronique pour le contact" in captured.err  # the contact without an address
    assert {m["To"].addresses[0].addr_spec for m in server.messages} == {"j.dupont@dupont-fils.fr",
                                                                         "claire.martin@exemple.fr"}
    assert main(["--db", url, "mail", "outbox", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted((item["kind"], item["status"]) for item in listed) == [("letter", "sent"), ("notice", "sent")]
    assert all(item["sent_at"] for item in listed)


def test_server_down_then_flush(db, server, capsys):
    url, call = db
    _setup(url, server.port)
    server.stop()
    assert main(["--db", url, "letter", "--pending", "--send"]) == 0
    captured = capsys.readouterr()
    assert "0 envoyé(s), 0 en échec, 2 en attente." in captured.out and "injoignable" in captured.err
    assert main(["--db", url, "mail", "outbox", "--json"]) == 0
    assert {item["status"] for item in json.loads(capsys.readouterr().out)} == {"pending"}
    server.start()
    assert main(["--db", url, "mail", "flush"]) == 0
    assert "2 envoyé(s)" in capsys.readouterr().out
    assert len(server.messages) == 2


def test_remind_due_referrals(db, server, open_ctx, capsys):
    url, call = db
    _setup(url, server.port)
    # The contact with an address, past the deadline (seeded for 1 December 2026): the reminder goes to them.
    context = open_ctx(url)
    with context.sessions.begin() as session:
        session.get(Referral, call.referral_ids[0]).due_on = date(2020, 1, 6)
    capsys.readouterr()
    assert main(["--db", url, "referral", "remind", "--due"]) == 0
    assert f"n° {call.referral_ids[0]}" in capsys.readouterr().out
    assert main(["--db", url, "referral", "remind", "--due", "--send"]) == 0
    (reminder,) = server.to("claire.martin@exemple.fr")
    assert reminder["Subject"].startswith("Relance")
    assert "Dupont & Fils <SARL>" in reminder.get_body(("plain",)).get_content()
    # Logged in the referral's history, not proposed again, and counted in the contact's responsiveness.
    from bouquet_desk.core.calls.history import history
    from bouquet_desk.core.calls.referrals import unanswered_counts

    assert [entry.action for entry in history(context.sessions, "referral", call.referral_ids[0])] == ["remind"]
    assert main(["--db", url, "referral", "remind", "--due", "--send"]) == 0
    assert len(server.to("claire.martin@exemple.fr")) == 1
    with context.sessions() as session:
        contact_id = session.get(Referral, call.referral_ids[0]).contact_id
        assert unanswered_counts(session, date.today(), date(2019, 1, 1))[contact_id] == 2  # overdue + reminded


def test_password_never_in_settings_logs_or_messages(db, data_dir, monkeypatch, capsys):
    url, _call = db
    guarded = MailServer(Authenticator("accueil", "le-bon-mot-de-passe")).start()
    try:
        assert _setup(url, guarded.port, "--user", "accueil", "--password-stdin", stdin=SECRET + "\n",
                      monkeypatch=monkeypatch) == 0
        assert main(["--verbose", "--db", url, "mail", "test", "--to", "x@bouquet-demo.invalid"]) == 2
        captured = capsys.readouterr()
        assert "refuse l'identifiant « accueil »" in captured.err
        assert set(guarded.authenticator.attempts) == {"accueil"} and guarded.messages == []
        assert SECRET not in captured.out + captured.err
        settings_text = (data_dir / "settings.json").read_text(encoding="utf-8")
        assert '"smtp_user": "accueil"' in settings_text and SECRET not in settings_text
        log_text = "".join(path.read_text(encoding="utf-8") for path in (data_dir / "logs").glob("*.log*"))
        assert "SMTP password stored" in log_text and SECRET not in log_text
        # The right password, read from standard input again, replaces the wrong one in the keyring.
        assert _setup(url, guarded.port, "--user", "accueil", "--password-stdin", stdin="le-bon-mot-de-passe\n",
                      monkeypatch=monkeypatch) == 0
        assert main(["--db", url, "mail", "test", "--to", "x@bouquet-demo.invalid"]) == 0
        assert len(guarded.messages) == 1
        assert (data_dir / "keyring" / "mail.cfg").is_file()
        assert "le-bon-mot-de-passe" not in (data_dir / "settings.json").read_text(encoding="utf-8")
    finally:
        guarded.stop()


def test_bad_settings_exit_2(db, capsys):
    url, call = db
    assert main(["--db", url, "mail", "setup", "--host", "smtp.exemple.fr", "--port", "587", "--security",
                 "starttls", "--sender", "pas-une-adresse"]) == 2
    assert "Adresse de l'expéditeur invalide" in capsys.readouterr().err
    assert main(["--db", url, "letter", str(call.call_id), "--send"]) == 2
    assert "mail setup" in capsys.readouterr().err
