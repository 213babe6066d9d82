"""The e-mail texts come from editable templates (refused clearly when broken); the password goes to a
keyring, never to the settings, and the configuration never prints it."""

from __future__ import annotations

import pytest

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.mail import outbox, secrets
from bouquet_desk.core.mail.config import setup, smtp_config
from bouquet_desk.core.mail.sending import queue_call


def test_an_edited_template_is_used(mail_context, data_dir):
    context, call, server = mail_context
    folder = data_dir / "templates" / "mail"
    folder.mkdir(parents=True)
    (folder / "courriel_entreprise.txt").write_text(
        "Bonjour {{ demandeur.nom }},\n\nVoici le courrier de l'appel n° {{ appel.numero }}.\n", encoding="utf-8")
    queue_call(context, call.call_id)
    outbox.flush(context)
    (letter,) = server.to("j.dupont@dupont-fils.fr")
    assert letter.get_body(("plain",)).get_content().replace("\r\n", "\n") == f"Bonjour Jean Dupont,\n\nVoici le courrier de l'appel n° {call.call_id}.\n"


def test_a_misspelt_field_queues_nothing(mail_context, data_dir):
    context, call, _server = mail_context
    folder = data_dir / "templates" / "mail"
    folder.mkdir(parents=True)
    (folder / "courriel_avis.txt").write_text("Bonjour {{ contact.nom }}\n", encoding="utf-8")
    result = queue_call(context, call.call_id)
    # The notice's template is broken: its message is refused with the template named; the letter still goes.
    assert [item.kind for item in result.queued] == ["letter"]
    assert any("courriel_avis" in reason for reason in result.skipped)


def test_password_lives_in_the_keyring_file_of_the_data_folder(sqlite_context, data_dir):
    secret = "Tr0p-Secret"
    config = setup(sqlite_context, host="smtp.exemple.fr", port=587, security="starttls",
                   sender="accueil@bouquet-demo.invalid", user="accueil", password=secret)
    assert config.password == secret and secret not in repr(config) and secret not in str(config)
    assert secret not in (data_dir / "settings.json").read_text(encoding="utf-8")
    stored = data_dir / "keyring" / "mail.cfg"
    assert stored.is_file() and oct(stored.stat().st_mode & 0o777) == "0o600"
    assert smtp_config(sqlite_context.settings).password == secret
    # Forgetting it: an empty password removes it from the keyring.
    secrets.save_password("smtp.exemple.fr", "accueil", "")
    assert smtp_config(sqlite_context.settings).password == ""


def test_bad_settings_name_the_field(sqlite_context):
    with pytest.raises(UserError, match="Port SMTP invalide"):
        setup(sqlite_context, host="smtp.exemple.fr", port=0, security="ssl", sender="a@b.fr")
    with pytest.raises(UserError, match="Sécurité inconnue"):
        setup(sqlite_context, host="smtp.exemple.fr", port=465, security="tls", sender="a@b.fr")
    with pytest.raises(UserError, match="Adresse de réponse invalide"):
        setup(sqlite_context, host="smtp.exemple.fr", port=465, security="ssl", sender="a@b.fr", reply_to="x")
    assert sqlite_context.settings.smtp_host == ""  # nothing saved
