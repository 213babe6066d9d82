"""A whole call through the window: the number recognised, a search, the motive, a suggestion chosen, the
referral recorded, the call saved and listed in the log, its letter produced — with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListView, QPlainTextEdit, QPushButton, QTableView

from bouquet_desk.core.calls import calls as calls_core
from bouquet_desk.core.calls.calls import NewCall
from bouquet_desk.core.db.models import SearchLog
from bouquet_desk.core.letters import list_letters
from bouquet_desk.ui.call.letters import LettersDialog

PHONE = "03 21 77 88 99"


def known_caller(context) -> int:
    info = calls_core.log_call(context, NewCall(category="RECRUTEMENT", phone=PHONE, caller_name="Marie Dupont",
                                                company_name="Dupont Chaudronnerie", commune="Lens",
                                                notes="Cherchait un soudeur l'an dernier"))
    return info.company_id


def test_object_names_are_there(window):
    for cls, name in ((QLineEdit, "searchBox"), (QListView, "searchResults"), (QLineEdit, "callerPhone"),
                      (QLineEdit, "companyName"), (QComboBox, "callCategory"), (QPlainTextEdit, "callNotes"),
                      (QListView, "routingSuggestions"), (QPushButton, "referButton"),
                      (QPushButton, "saveCallButton"), (QPushButton, "letterButton")):
        assert window.findChild(cls, name) is not None, name
    assert window.tabs.currentWidget() is window.call_screen
    # The other tabs are made when first opened: the start builds the call screen alone.
    assert window.findChild(QTableView, "callLog") is None
    window.tabs.setCurrentIndex(1)
    assert window.findChild(QTableView, "callLog") is not None
    assert window.tabs.currentWidget() is window.call_log and window.tabs.tabText(1) == "&2 Journal des appels"


def test_a_whole_call_from_ring_to_letter(window, demo_context, qtbot, monkeypatch):
    company_id = known_caller(demo_context)
    screen = window.call_screen
    letters_shown = []
    monkeypatch.setattr(LettersDialog, "ask", classmethod(lambda cls, c, r, call_id, parent=None:
                                                          letters_shown.append(call_id)))

    # Ctrl+N: a new call, the clock runs, the cursor is in the phone field.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.form.started_at is not None
    assert screen.form.phone.hasFocus()
    qtbot.keyClicks(screen.form.phone, PHONE)
    qtbot.waitUntil(lambda: screen.recognition is not None, timeout=3000)
    assert screen.recognition.known
    assert screen.form.company.text() == "Dupont Chaudronnerie"
    assert screen.form.company_id == company_id
    assert screen.form.caller.text() == "Marie Dupont"
    assert "Dupont Chaudronnerie" in screen.history.summary.text()
    assert screen.history.calls.source.rowCount() == 1

    # Ctrl+F then typing: results at every keystroke (debounced).
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.box.hasFocus()
    qtbot.keyClicks(screen.search.box, "soudeur")
    qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=3000)
    first = screen.search.model.row_at(0)
    assert "soudeur" in first.why
    qtbot.waitUntil(lambda: first.title in screen.search.detail.toPlainText(), timeout=3000)  # detail pane

    # The motive, chosen with the keyboard.
    screen.form.category.setFocus()
    screen.form.category.setCurrentIndex(screen.form.category.findData("PFMP"))
    screen.routing.flush()
    qtbot.waitUntil(lambda: screen.routing.model.rowCount() > 0, timeout=3000)
    suggestion = screen.routing.model.row_at(0)
    assert suggestion.reasons

    # Down into the results, Entrée adds the item to those discussed.
    screen.search.box.setFocus()
    qtbot.keyClick(screen.search.box, Qt.Key.Key_Down)
    assert screen.search.results.hasFocus()
    qtbot.keyClick(screen.search.results, Qt.Key.Key_Return)
    assert screen.form.items_model.rowCount() == 1

    # Space ticks a suggestion; "Orienter" records the referral (the call is logged on the way).
    screen.routing.flush()
    qtbot.waitUntil(lambda: screen.routing.model.rowCount() > 0, timeout=3000)
    screen.routing.view.setFocus()
    screen.routing.view.setCurrentIndex(screen.routing.model.index(0, 0))
    qtbot.keyClick(screen.routing.view, Qt.Key.Key_Space)
    chosen = screen.routing.model.checked_rows()
    assert len(chosen) == 1
    qtbot.mouseClick(screen.routing.refer_button, Qt.MouseButton.LeftButton)
    assert screen.call is not None
    assert [r.contact_ref for r in screen.call.referrals] == [chosen[0].contact_ref]
    assert screen.call.outcome == "referred"
    assert screen.form.outcome_code() == "referred"

    # Notes, then Ctrl+Entrée saves (and ends) the call.
    qtbot.keyClicks(screen.form.notes, "Accueil d'un eleve de bac pro en mai")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = calls_core.get_call(demo_context, screen.call.id)
    assert saved.notes == "Accueil d'un eleve de bac pro en mai"
    assert saved.ended_at is not None
    assert saved.company_id == company_id
    assert saved.search_terms == "soudeur"
    assert [item.id for item in saved.items] == [first.db_id]
    assert not screen.dirty

    # Ctrl+L: the letter to the company, produced and archived with the call; the contact's notice was made
    # when the operator referred (so the letter's « a été prévenu » is true).
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    letters = list_letters(demo_context, saved.id)
    assert sorted(letter.recipient for letter in letters) == ["company", "contact"]
    assert letters_shown == [saved.id]

    # The log lists it, newest first.
    window.tabs.setCurrentWidget(window.call_log)
    assert window.call_log.model.row_at(0).id == saved.id
    assert window.call_log.model.row_at(0).referrals == 1


def test_save_needs_a_motive_and_says_so(window, no_modal):
    screen = window.call_screen
    screen.new_call()
    screen.form.phone.setText(PHONE)
    screen.form.notes.setPlainText("Une question")
    screen.save()
    assert screen.call is None
    assert "motif" in screen.form.state.text()
    assert screen.form.category.hasFocus()


def test_escape_clears_the_search(window, qtbot):
    screen = window.call_screen
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.search.box, "cuisine")
    qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=3000)
    qtbot.keyClick(screen.search.box, Qt.Key.Key_Escape)
    assert screen.search.box.text() == ""
    qtbot.waitUntil(lambda: screen.search.model.rowCount() == 0, timeout=3000)
    assert screen.search.box.hasFocus()


def test_a_search_that_finds_nothing_is_recorded_when_committed(window, demo_context, qtbot):
    screen = window.call_screen
    screen.search.box.setFocus()
    qtbot.keyClicks(screen.search.box, "zzqxw kwyjqz")
    screen.search.run_search()
    # Never a blank list: the nearest matches, each marked, under « Aucun résultat exact ».
    assert all(row.approximate for row in screen.search.model.rows())
    assert "Aucun résultat exact" in screen.search.understood.text()
    qtbot.keyClick(screen.search.box, Qt.Key.Key_Return)
    with demo_context.sessions() as session:
        assert [row.query for row in session.query(SearchLog)] == ["zzqxw kwyjqz"]


def test_kind_and_pathway_filters(window, qtbot):
    search = window.call_screen.search
    search.box.setText("lycee")
    search.run_search()
    search.kind.setCurrentIndex(search.kind.findData("establishment"))
    assert search.model.rowCount() > 0
    assert {r.kind for r in search.model.rows()} == {"establishment"}
    search.kind.setCurrentIndex(0)
    apprentice = next(i for i, p in search.pathways.items() if "apprentissage" in p)
    from bouquet_desk.core.catalogue.editing import formation_detail

    search.box.setText(formation_detail(window.context.sessions, apprentice).title)
    search.pathway.setCurrentIndex(search.pathway.findData("apprentissage"))
    rows = search.model.rows()
    assert rows and all("apprentissage" in search.pathways[r.db_id] for r in rows)
    assert apprentice in {r.db_id for r in rows}
    search.pathway.setCurrentIndex(0)
    search.near.setText("Nowhereville")
    search.run_search()
    assert "Commune inconnue" in search.understood.text()


def test_call_back_clears_the_reminder(window, demo_context, qtbot):
    from datetime import date

    info = calls_core.log_call(demo_context, NewCall(category="APPRENTISSAGE", phone=PHONE, outcome="callback",
                                                     follow_up_on=date.today(), company_name="Garage Martin"))
    screen = window.call_screen
    screen.reminders.reload()
    assert screen.reminders.callbacks.source.rowCount() == 1
    screen.reminders.callbacks.selectRow(0)
    screen.reminders.call_back_button.click()
    assert screen.direction == "outgoing"
    assert screen.form.company.text() == "Garage Martin"
    assert screen.form.category_code() == "APPRENTISSAGE"
    screen.form.set_outcome("informed")
    screen.save()
    assert screen.call is not None and screen.call.direction == "outgoing"
    assert calls_core.get_call(demo_context, info.id).follow_up_on is None
    assert screen.reminders.callbacks.source.rowCount() == 0


def test_due_referral_acknowledged_from_the_reminders(window, demo_context):
    from datetime import date, timedelta

    from bouquet_desk.core.calls import referrals

    info = calls_core.log_call(demo_context, NewCall(category="PFMP", phone=PHONE, company_name="Garage Martin"))
    with demo_context.sessions() as session:
        from bouquet_desk.core.db.models import Contact

        ref = session.query(Contact).first().ref
    referrals.refer(demo_context, info.id, ref, today=date.today() - timedelta(days=10))
    screen = window.call_screen
    screen.reminders.reload()
    # Past its deadline: in « En retard », beside « À relancer » (the referrals due today).
    assert screen.reminders.due.source.rowCount() == 0
    assert screen.reminders.overdue.source.rowCount() == 1
    screen.reminders.tabs.setCurrentWidget(screen.reminders.overdue)
    screen.reminders.overdue.selectRow(0)
    screen.reminders.acknowledge.click()
    assert screen.reminders.overdue.source.rowCount() == 0
    assert referrals.list_referrals(demo_context, call_id=info.id)[0].status == "acknowledged"


def test_html_in_a_name_is_shown_as_text_in_every_rich_label(window, demo_context, qtbot):
    calls_core.log_call(demo_context, NewCall(
        category="PFMP", phone="03 53 73 44 55", caller_name="<a href='http://x.invalid'>Julie</a>",
        company_name="<span style='color:red'>Rouge</span> SARL", commune="Lens"))
    screen = window.call_screen
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.form.phone, "03 53 73 44 55")
    qtbot.waitUntil(lambda: screen.recognition is not None and screen.recognition.known, timeout=3000)
    for label in (screen.form.recognised, screen.history.summary):
        shown = label.text()
        assert "<a href" not in shown and "<span style='color:red'>" not in shown, shown
        assert "&lt;a href=" in shown or "&lt;span" in shown, shown
