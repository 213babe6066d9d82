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
    window.edit_preferences()
    assert window.context.operator == "Paul"
    assert not Settings.path(data_dir).exists()
