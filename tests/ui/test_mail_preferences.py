"""Preferences hold the SMTP fields and a test button; the password goes to the keyring, never the settings."""

from __future__ import annotations

from datetime import date

import pytest
from mail_server import MailServer, configure
from PySide6.QtCore import Qt

from bouquet_desk.core.calls import referrals as referrals_core
from bouquet_desk.core.mail.config import smtp_config
from bouquet_desk.core.settings import Settings
from bouquet_desk.ui.preferences import PreferencesDialog
from bouquet_desk.ui.runner import SyncRunner


@pytest.fixture
def server():
    smtp = MailServer().start()
    yield smtp
    smtp.stop()


def test_mail_fields_test_button_and_password(qtbot, server, data_dir):
    settings = Settings()
    dialog = PreferencesDialog(settings, runner=SyncRunner())
    qtbot.addWidget(dialog)
    dialog.smtp_host.setText("127.0.0.1")
    dialog.smtp_port.setValue(server.port)
    dialog.smtp_security.setCurrentIndex(dialog.smtp_security.findData("none"))
    dialog.smtp_sender.setText("accueil@bouquet-demo.invalid")
    dialog.test_to.setText("moi@bouquet-demo.invalid")
    dialog.test_button.click()
    assert dialog.test_result.text() == "Courriel de test envoyé à moi@bouquet-demo.invalid."
    assert [m["To"].addresses[0].addr_spec for m in server.messages] == ["moi@bouquet-demo.invalid"]
    dialog.smtp_user.setText("accueil")
    dialog.smtp_password.setText("Mot-De-Passe-42")
    dialog.notices_on_refer.setChecked(True)
    dialog.accept()
    edited = dialog.values(settings)
    assert (edited.smtp_host, edited.smtp_port, edited.smtp_security, edited.smtp_user) == (
        "127.0.0.1", server.port, "none", "accueil")
    assert edited.mail_notices_on_refer
    edited.save(data_dir)
    assert "Mot-De-Passe-42" not in Settings.path(data_dir).read_text(encoding="utf-8")
    assert smtp_config(edited).password == "Mot-De-Passe-42"


def test_bad_sender_keeps_the_dialog_open(qtbot):
    dialog = PreferencesDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.smtp_host.setText("smtp.exemple.fr")
    dialog.smtp_sender.setText("pas une adresse")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Adresse de l'expéditeur invalide" in dialog.test_result.text()


def test_reminder_with_one_key(window, demo_context, server, qtbot):
    from bouquet_desk.core.calls.calls import NewCall, log_call

    configure(demo_context, server)
    call = log_call(demo_context, NewCall(category="PFMP", phone="03 53 73 00 43", caller_name="Paul Testeur",
                                          company_name="Testeur SARL"))
    contact = next(c for c in _contacts_with_email(demo_context))
    referral = referrals_core.refer(demo_context, call.id, contact, today=date(2020, 1, 6))
    panel = window.call_screen.reminders
    panel.reload()
    late = panel.overdue  # its deadline has passed: « En retard »
    panel.tabs.setCurrentWidget(late)
    row = next(n for n in range(late.source.rowCount()) if late.source.row_at(n).id == referral.id)
    late.setFocus()
    late.selectRow(late.proxy.mapFromSource(late.source.index(row, 0)).row())
    qtbot.keyClick(late, Qt.Key.Key_R)
    (reminder,) = server.messages
    assert reminder["Subject"].startswith("Relance") and "Testeur SARL" in reminder.get_body(("plain",)).get_content()
    from bouquet_desk.core.calls.history import history

    assert [e.action for e in history(demo_context.sessions, "referral", referral.id)][-1] == "remind"


def _contacts_with_email(context):
    from sqlalchemy import select

    from bouquet_desk.core.db.models import Contact

    with context.sessions() as session:
        return [row.ref for row in session.scalars(select(Contact).where(Contact.email.is_not(None),
                                                                          Contact.archived.is_(False)))]
