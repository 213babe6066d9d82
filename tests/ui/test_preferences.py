"""Preferences: the operator's name (letters' signature, calls' operator) and a few settings, saved."""

from __future__ import annotations

from dataclasses import replace

from bouquet_desk.core.settings import Settings
from bouquet_desk.ui.preferences import PreferencesDialog


def test_dialog_edits_a_copy_of_the_settings(qtbot):
    settings = Settings(operator="", referral_deadline_days=2)
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.operator.setText("  Marie   Lefort ")
    dialog.deadline.setValue(3)
    edited = dialog.values(settings)
    assert (edited.operator, edited.referral_deadline_days) == ("Marie Lefort", 3)
    assert settings.operator == ""  # cancelling leaves everything as it was


def test_window_asks_for_the_operator_once_and_saves(window, monkeypatch, data_dir):
    asked = []

    def ask(cls, settings, parent=None):
        asked.append(settings.operator)
        return replace(settings, operator="Marie Lefort", referral_deadline_days=4)

    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(ask))
    window.context.settings.operator = ""
    window.ask_operator_if_unknown()
    assert asked == [""]
    assert window.context.operator == "Marie Lefort"
    assert Settings.load(data_dir).referral_deadline_days == 4
    window.ask_operator_if_unknown()  # known now: not asked again
    assert asked == [""]


def test_cancelled_preferences_change_nothing(window, monkeypatch, data_dir):
    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(lambda cls, settings, parent=None: None))
    window.context.settings.operator = "Paul"
    path = Settings.path(data_dir)
    # The window's start may have written the file once (the telephony token, made on first use).
    before = path.read_text(encoding="utf-8") if path.exists() else None
    window.edit_preferences()
    assert window.context.operator == "Paul"
    assert (path.read_text(encoding="utf-8") if path.exists() else None) == before
    assert "Paul" not in (before or "")


def test_telephony_preferences_warn_beyond_this_pc_and_refuse_bad_addresses(qtbot):
    settings = Settings(telephony_token="t0k")
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    section = dialog.telephony
    assert section.url.text() == "http://127.0.0.1:8739/api/v1/cti/t0k"
    assert section.warning.isHidden()
    section.address.setText("0.0.0.0")
    assert not section.warning.isHidden() and "d'autres machines" in section.warning.text()
    section.allowed.setText("192.168.1.300")
    assert not section.check() and "Adresse autorisée invalide" in section.error.text()
    section.allowed.setText("192.168.1.20")
    section.dial_command.setText("microsip.exe %n")
    assert section.check()
    edited = dialog.values(settings)
    assert (edited.telephony_address, edited.telephony_allowed_clients, edited.dial_command) == (
        "0.0.0.0", "192.168.1.20", "microsip.exe %n")
    section.address.setText("127.0.0.1")
    assert section.warning.isHidden()


def test_changing_the_token_restarts_the_endpoint(window, monkeypatch, qtbot):
    from tests.pbx_simulator import Pbx

    old_token = window.context.settings.telephony_token
    monkeypatch.setattr(PreferencesDialog, "ask", classmethod(
        lambda cls, settings, parent=None: replace(settings, telephony_port=0, telephony_token="nouveau-jeton")))
    window.edit_preferences()
    base = f"http://127.0.0.1:{window.telephony.server.port}/api/v1/cti/"
    pbx = Pbx(base + "nouveau-jeton")
    try:
        new, old = pbx.raw(b"event=answer&callId=x"), pbx.raw(b"event=answer&callId=x", url=base + old_token)
        qtbot.waitUntil(lambda: new.done() and old.done(), timeout=10000)
        assert (new.result().status, old.result().status) == (200, 401)
    finally:
        pbx.close()
