"""An operator's day through the real window, by keyboard: three calls (a new caller referred, a call to return,
the first caller calling back about their referral), then a saved call reopened from the journal and edited.
Each friction once met on the way has its check here."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bouquet_desk.core.calls import calls as calls_core
from bouquet_desk.core.calls import followup
from bouquet_desk.core.calls.history import history
from bouquet_desk.core.calls.referrals import list_referrals
from bouquet_desk.core.letters import list_letters
from bouquet_desk.ui.call.letters import LettersDialog
from bouquet_desk.ui.calllog.detail import CallDetailDialog

NEW_CALLER = "03 53 73 20 01"
SECOND = "03 53 73 20 02"
CTRL, SHIFT, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier


def _choose(qtbot, combo, code: str) -> None:
    """Pick an entry of a combo box with the arrow keys, as the operator does."""
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == code:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == code


def _focused():
    return QApplication.focusWidget()


def test_three_calls_by_keyboard(window, demo_context, qtbot, monkeypatch, no_modal):
    screen = window.call_screen
    notices_shown = []
    monkeypatch.setattr(LettersDialog, "ask", classmethod(
        lambda cls, c, r, call_id, parent=None, select_id=None: notices_shown.append((call_id, select_id))))
    status = []
    window.statusBar().messageChanged.connect(status.append)

    # ---- Call 1: a new caller, referred to a contact.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert screen.form.phone.hasFocus()
    height = screen.form.recognised.height()
    qtbot.keyClicks(screen.form.phone, NEW_CALLER)
    screen._recognise()
    assert screen.recognition is not None and not screen.recognition.known
    assert screen.form.recognised.height() == height  # the form does not jump a row
    qtbot.keyClick(screen.form.phone, Qt.Key.Key_Tab)
    assert screen.form.company.hasFocus()
    qtbot.keyClicks(screen.form.company, "Garage Demo SARL")
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    assert screen.form.category.hasFocus()
    _choose(qtbot, screen.form.category, "PFMP")
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(screen.search.box, "soudeur")
    qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=3000)
    screen.routing.flush()
    qtbot.waitUntil(lambda: screen.routing.model.rowCount() > 0, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)
    assert screen.routing.view.hasFocus()
    screen.routing.view.setCurrentIndex(screen.routing.model.index(0, 0))
    qtbot.keyClick(screen.routing.view, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL | SHIFT)
    assert screen.call is not None and len(screen.call.referrals) == 1
    first = screen.call
    # The contact's notice exists as soon as the operator refers.
    assert [l.recipient for l in list_letters(demo_context, first.id)] == ["contact"]
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert not screen.dirty
    saved = calls_core.get_call(demo_context, first.id)
    assert saved.ended_at is not None and saved.company == "Garage Demo SARL"
    # The caller's history knows the call at once: no « Numéro inconnu » any more.
    assert "inconnu" not in screen.history.summary.text()
    assert screen.history.calls.source.rowCount() == 1
    # A poll on this one-PC database does not announce our own save as another post's.
    from bouquet_desk.core.ops.changes import current_marker

    window.marker = current_marker(demo_context.sessions)
    window.marker = type(window.marker)(max(0, window.marker.last_id - 20), ())
    window.poll()
    assert not any("autre poste" in text for text in status)

    # Referred then left with Ctrl+N alone (no Ctrl+Entrée): the call still gets its end, hence its duration.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(screen.form.phone, "03 53 73 20 09")
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    _choose(qtbot, screen.form.category, "APPRENTISSAGE")
    screen.routing.flush()
    qtbot.waitUntil(lambda: screen.routing.model.rowCount() > 0, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)
    screen.routing.view.setCurrentIndex(screen.routing.model.index(0, 0))
    qtbot.keyClick(screen.routing.view, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL | SHIFT)
    referred_only = screen.call
    assert referred_only is not None and referred_only.ended_at is None  # saved by « Orienter », still on the line
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    ended = calls_core.get_call(demo_context, referred_only.id)
    assert ended.ended_at is not None and ended.duration_s is not None
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # and starting anew again leaves it as it is
    assert calls_core.get_call(demo_context, referred_only.id).ended_at == ended.ended_at

    # ---- Call 2: to be returned; « à rappeler » always has its day.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(screen.form.phone, SECOND)
    qtbot.keyClick(screen.form.phone, Qt.Key.Key_Tab)
    qtbot.keyClicks(screen.form.company, "Boulangerie Fictive")
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    _choose(qtbot, screen.form.category, "RECRUTEMENT")
    screen.form.outcome.setFocus()  # Alt+S, the label's mnemonic, in a real session
    _choose(qtbot, screen.form.outcome, "callback")
    assert screen.form.follow_up_check.isChecked()
    assert screen.form.follow_up_on() == followup_proposed()
    screen.form.follow_up_check.setChecked(False)  # the operator unticks it by mistake
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert screen.call is None and "date" in screen.form.state.text()  # refused, said so
    screen.form.follow_up_check.setChecked(True)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert screen.call is not None and screen.call.follow_up_on == followup_proposed()
    assert screen.call.id in {row.id for row in screen.reminders.callbacks.source.rows()}
    assert "(1)" in screen.reminders.tabs.tabText(screen.reminders.tabs.indexOf(screen.reminders.callbacks))

    # ---- Call 3: the first caller calls back about the referral; it is acted on from the keyboard.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(screen.form.phone, NEW_CALLER)
    screen._recognise()
    assert screen.recognition.known and len(screen.recognition.open_referrals) == 1
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL | SHIFT)  # a key reaches « Orientations en cours »
    assert screen.history.referrals.hasFocus()
    assert screen.history.tabs.currentWidget() is screen.history.referrals
    table = screen.history.referrals
    referral = table.selected_row()  # the key put the operator on the first referral, ready to act
    assert referral is not None and screen.history.actions.menu().actions()[0].isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_P, CTRL | SHIFT)
    assert list_referrals(demo_context, call_id=first.id)[0].status == "acknowledged"
    assert table.selected_row() is None or table.source.row_at(0).status == "acknowledged"  # refreshed
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_R, CTRL | SHIFT)  # chase: the notice made again, the chase logged
    assert followup.chase_count(demo_context, referral.id) == 1
    assert notices_shown and notices_shown[-1][0] == first.id
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    _choose(qtbot, screen.form.category, "PFMP")
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    assert screen.call is not None and screen.call.id not in (first.id,)

    # ---- The journal: Entrée (or a double-click) opens the first call once; « Modifier » reopens it.
    opened = []
    monkeypatch.setattr(CallDetailDialog, "ask", classmethod(
        lambda cls, c, r, call_id, parent=None: opened.append(call_id) or CallDetailDialog.EDIT))
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    log = window.call_log
    row = next(n for n in range(log.model.rowCount()) if log.model.row_at(n).id == first.id)
    log.table.setFocus()
    log.table.setCurrentIndex(log.model.index(row, 0))
    rect = log.table.visualRect(log.model.index(row, 1))
    # A real double-click is a click, then the double-click (QTest's alone carries no press before it).
    qtbot.mouseClick(log.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(log.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [first.id]  # once, not twice
    assert window.tabs.currentWidget() is screen and screen.call.id == first.id
    before = calls_core.get_call(demo_context, first.id)
    screen.form.notes.setFocus()
    qtbot.keyClicks(screen.form.notes, "Rappel : stage en mai.")
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    after = calls_core.get_call(demo_context, first.id)
    assert "stage en mai" in after.notes
    assert after.duration_s == before.duration_s and after.ended_at == before.ended_at
    assert after.company_id == before.company_id and len(after.referrals) == 1
    entries = history(demo_context.sessions, "call", first.id)
    assert entries[-1].action == "update" and "notes" in entries[-1].changes and len(entries) >= 3


def followup_proposed() -> date:
    from bouquet_desk.core.calls.workdays import proposed_callback_day

    return proposed_callback_day()
