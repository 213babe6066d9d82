"""The small frictions of an operator's day, each with its check: keys, French labels, letters marked sent,
changes routed to the panels that show them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QStyle

from bouquet_desk.core.calls import calls as calls_core
from bouquet_desk.core.calls import referrals
from bouquet_desk.core.calls.calls import NewCall
from bouquet_desk.core.db.models import Contact
from bouquet_desk.core.letters import create_letters, list_letters, pending_calls
from bouquet_desk.core.ops.changes import ChangeSet
from bouquet_desk.ui import shortcuts
from bouquet_desk.ui.call.letters import LettersDialog
from bouquet_desk.ui.desktop import Desktop
from bouquet_desk.ui.file_dialogs import FileDialogs

PHONE = "03 53 73 40 01"


def _referred_call(context, days_ago: int = 0):
    info = calls_core.log_call(context, NewCall(category="PFMP", phone=PHONE, company_name="Garage Fictif"))
    with context.sessions() as session:
        ref = session.query(Contact).first().ref
    referral = referrals.refer(context, info.id, ref, today=date.today() - timedelta(days=days_ago))
    return info, referral


def test_tab_leaves_the_journal_s_since_field(window, qtbot):
    window.tabs.setCurrentWidget(window.call_log)
    since = window.call_log.since
    since.setFocus()
    qtbot.keyClick(since, Qt.Key.Key_Tab)
    assert not since.hasFocus() and QApplication.focusWidget() is window.call_log.until


def test_down_from_the_catalogue_search_enters_the_results(window, qtbot):
    catalogue = window.catalogue
    window.tabs.setCurrentWidget(catalogue)
    catalogue.search.setFocus()
    qtbot.keyClicks(catalogue.search, "cuisine")
    catalogue.run_search()
    assert catalogue.results_model.rowCount() > 0
    qtbot.keyClick(catalogue.search, Qt.Key.Key_Down)
    assert catalogue.results.hasFocus() and catalogue.results.currentIndex().row() == 0


def test_the_menu_and_f1_read_one_list_of_keys(window, no_modal):
    from bouquet_desk.ui.translation import install_french

    install_french(QApplication.instance())
    save = window.save_action
    shown = save.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert shown == "Ctrl+Entrée"  # the key is labelled Entrée on a French keyboard; Ctrl+Retour works too
    assert [s.toString() for s in save.shortcuts()] == ["Ctrl+Enter", "Ctrl+Return"]
    window._shortcuts()
    help_text = no_modal[-1][2]
    for action in window.findChildren(type(save)):
        if action.shortcut().isEmpty() or not shortcuts.key(action.objectName()):
            continue
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in help_text, action.objectName()
    assert window.findChild(type(save), "goReferrals").shortcut() == QKeySequence("Ctrl+Shift+H")


def test_qt_s_own_dialogs_speak_french():
    from bouquet_desk.ui.translation import install_french

    install_french(QApplication.instance())
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "&Voir dans :" in texts and "Fichiers de &type :" in texts
    assert not any("Look in" in text or "Files of" in text for text in texts)
    dialog.deleteLater()


def test_the_status_bar_names_the_database_plainly(window, qtbot):
    window._update_status()
    qtbot.waitUntil(lambda: bool(window.db_label.text()), timeout=3000)
    assert "sqlite:" not in window.db_label.text() and "fichier desk.db" in window.db_label.text()
    assert window.db_label.toolTip().endswith("desk.db")


def test_codes_are_shown_as_french_labels(window):
    from bouquet_desk.core.calls.display import change_text
    from bouquet_desk.core.catalogue.labels import categories, establishment_type, role
    from bouquet_desk.core.letters.labels import template_label

    catalogue = window.catalogue
    window.tabs.setCurrentWidget(catalogue)
    model = catalogue.establishments.source
    types = {model.data(model.index(row, 1)) for row in range(model.rowCount())}
    assert types and not types & {"UNIVERSITE", "LP", "LGT", "LPO"} and "Lycée professionnel" in types
    assert role("ENSEIGNANT") == "enseignant" and establishment_type("UNIVERSITE") == "Université"
    assert categories("PFMP,TAXE") == "Stage (PFMP), Taxe d'apprentissage"
    assert template_label("lettre_pfmp") == "Lettre Stage (PFMP)" and template_label("avis_contact") == "Avis au contact"
    assert "referred" not in change_text("call", {"outcome": [None, "referred"]})


def test_a_letter_saved_from_the_window_is_marked_sent(window, demo_context, tmp_path, monkeypatch):
    info, _referral = _referred_call(demo_context)
    create_letters(demo_context, info.id, to="company")
    dialog = LettersDialog(demo_context, window.runner, info.id, window)
    assert dialog.table.source.data(dialog.table.source.index(0, 1)) in ("Lettre Stage (PFMP)",)
    target = tmp_path / "courrier.docx"
    monkeypatch.setattr(FileDialogs, "save_letter", classmethod(lambda cls, parent, stem, has_pdf: target))
    dialog._save()
    assert target.exists()
    assert list_letters(demo_context, info.id)[0].sent_at is not None
    assert info.id not in {pending.call_id for pending in pending_calls(demo_context)}  # letter --pending skips it
    dialog.deleteLater()


def test_email_without_a_mail_program_says_so_and_is_not_marked_sent(window, demo_context, no_modal, monkeypatch):
    from soffice_check import soffice_or_skip

    soffice_or_skip()  # the e-mail carries the letter as PDF, made by LibreOffice
    info, _referral = _referred_call(demo_context)
    create_letters(demo_context, info.id, to="company")
    dialog = LettersDialog(demo_context, window.runner, info.id, window)
    # No mail program answers the .eml (a fresh Windows PC, a bare Linux session).
    monkeypatch.setattr(Desktop, "open_path", classmethod(lambda cls, path: False))
    dialog._email()
    assert "Aucune messagerie" in dialog.status.text() and ".eml" in dialog.status.text()
    assert no_modal and no_modal[-1][0] == "info"
    assert list_letters(demo_context, info.id)[0].sent_at is None
    monkeypatch.setattr(Desktop, "open_path", classmethod(lambda cls, path: True))
    dialog._email()
    assert list_letters(demo_context, info.id)[0].sent_at is not None
    dialog.deleteLater()


def test_referral_menu_offers_every_follow_up(window, demo_context):
    info, referral = _referred_call(demo_context, days_ago=9)
    reminders = window.call_screen.reminders
    reminders.reload()
    table = reminders.overdue
    assert table.source.rowCount() == 1 and reminders.due.source.rowCount() == 0
    table.selectRow(0)
    actions = reminders.actions[table]
    menu = actions.menu()
    texts = [action.text() for action in menu.actions()]
    assert any("Prise en charge" in t for t in texts) and any("Relancer" in t for t in texts)
    outcome = next(a for a in actions.outcomes if a.objectName() == "referralOutcome_internship")
    outcome.trigger()
    done = referrals.list_referrals(demo_context, call_id=info.id)[0]
    assert (done.status, done.outcome) == ("done", "internship")
    assert table.source.rowCount() == 0  # the panel heard of it through changes_seen
    menu.deleteLater()


def test_changes_reach_the_panels_that_show_them(window, demo_context, open_ctx, monkeypatch):
    from bouquet_desk.core.catalogue import editing
    from bouquet_desk.core.db.models import Establishment, Formation
    from bouquet_desk.core.ops.changes import current_marker

    # A colleague's referral: the reminders follow without any hand-wired reload.
    colleague = open_ctx(demo_context.url)
    colleague.settings.operator = "Bruno"
    window.marker = current_marker(demo_context.sessions)
    _referred_call(colleague, days_ago=9)
    window.poll()
    assert window.call_screen.reminders.overdue.source.rowCount() == 1

    # A colleague's catalogue edit: the index refreshes that establishment only, no rebuild.
    refreshed, rebuilt = [], []
    monkeypatch.setattr(window.engine, "refresh", lambda sessions, uais: refreshed.append(set(uais)))
    monkeypatch.setattr(window, "build_index", lambda: rebuilt.append(True))
    with colleague.sessions() as session:
        formation = session.query(Formation).first()
        uai = session.get(Establishment, formation.establishment_id).uai
        version = formation.version
    editing.update_formation(colleague, formation.id, expected_version=version, capacity=31)
    window.poll()
    assert refreshed == [{uai}] and not rebuilt

    # Saved preferences apply at once.
    demo_context.settings.search_delay_ms = 345
    window.runner.announce(ChangeSet(settings_changed=True, own=True), window)
    assert window.call_screen.search.timer.interval() == 345 and window.catalogue.search_timer.interval() == 345


def test_inactive_tabs_keep_their_accents(window):
    from PySide6.QtWidgets import QProxyStyle, QTabBar

    window.tabs.setCurrentWidget(window.catalogue)
    bars = window.findChildren(QTabBar)
    assert len(bars) >= 4  # the window's tabs, the history's, the reminders', the catalogue's
    for bar in bars:
        assert bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabShiftVertical, None, bar) == 0, bar
    # The proxy is on the tab bars only: on the application it put every metric of every paint through Python.
    assert not isinstance(QApplication.instance().style(), QProxyStyle)


def test_the_establishment_chart_tells_waiting_from_unanswered(demo_context):
    from bouquet_desk.core.reports.charts import referrals_per_establishment
    from bouquet_desk.core.reports.rows import EstablishmentRow

    row = EstablishmentRow(establishment_id=1, name="Lycée Fictif", commune="Lens", territory="", referrals=5,
                           answered=1, overdue=1, positive=0, median_answer_days=None)

    class Figures:
        establishments = [row]

    spec = referrals_per_establishment(Figures())
    by_name = {series.name: series.values for series in spec.series}
    assert by_name["Sans réponse"] == (1,) and by_name["En attente"] == (3,) and by_name["Avec réponse"] == (1,)


def test_a_call_saved_to_return_without_a_date_shows_in_the_tab(window, demo_context):
    calls_core.log_call(demo_context, NewCall(category="PFMP", phone=PHONE, outcome="callback"))
    reminders = window.call_screen.reminders
    reminders.reload()
    assert reminders.callbacks.source.rowCount() == 1



def test_a_cell_cut_short_shows_its_whole_text(window, demo_context):
    info, _referral = _referred_call(demo_context)
    calls_core.update_call(demo_context, info.id, notes="Une très longue note " * 20)
    window.call_screen.edit_call(info.id)
    table = window.call_screen.history.calls
    status = table.model().index(0, 2)
    table.setColumnWidth(2, 12)
    assert table.truncated_text(status) == table.model().data(status)  # « orienté » cut: told in full
    table.setColumnWidth(2, 400)
    assert table.truncated_text(status) == ""


def test_a_conflict_shows_values_in_french(window, demo_context, open_ctx):
    from bouquet_desk.core.ops.conflicts import find_conflict
    from bouquet_desk.ui.conflicts import ConflictDialog

    info = calls_core.log_call(demo_context, NewCall(category="PFMP", phone=PHONE))
    colleague = open_ctx(demo_context.url)
    calls_core.update_call(colleague, info.id, outcome="callback", follow_up_on=date(2026, 12, 3))
    conflict = find_conflict(demo_context, "call", info.id, info.version)
    dialog = ConflictDialog(conflict, window)
    from PySide6.QtWidgets import QTextBrowser

    text = dialog.findChild(QTextBrowser).toPlainText()
    assert "à rappeler" in text and "03/12/2026" in text
    assert "callback" not in text and "2026-12-03" not in text
    dialog.deleteLater()


def test_a_letter_printed_from_the_window_is_marked_sent(window, demo_context, monkeypatch):
    from soffice_check import soffice_or_skip

    from bouquet_desk.ui.call.letters import Printer

    soffice_or_skip()  # printing goes through the PDF (LibreOffice), rendered in-process by QtPdf
    info, _referral = _referred_call(demo_context)
    create_letters(demo_context, info.id, to="company")
    dialog = LettersDialog(demo_context, window.runner, info.id, window)
    printed = []
    monkeypatch.setattr(Printer, "print_pdf", classmethod(lambda cls, parent, data, title: printed.append(data)
                                                          or True))
    dialog._print()
    assert printed and printed[0]
    letter = list_letters(demo_context, info.id)[0]
    assert letter.sent_at is not None and "marqué envoyé" in dialog.status.text()
    assert info.id not in {pending.call_id for pending in pending_calls(demo_context)}
    dialog.deleteLater()


def test_a_call_of_the_caller_s_history_is_reopened_and_edited(window, demo_context, qtbot):
    from PySide6.QtGui import QAction

    info, _referral = _referred_call(demo_context)
    calls_core.end_call(demo_context, info.id)
    ended = calls_core.get_call(demo_context, info.id)
    screen = window.call_screen
    screen.new_call(PHONE)
    assert screen.history.calls.source.rowCount() == 1
    screen.history.calls.selectRow(0)
    screen.history.calls.findChild(QAction, "historyEditCall").trigger()
    assert screen.call is not None and screen.call.id == info.id and not screen.dirty
    screen.form.notes.setPlainText("Corrigé après coup")
    screen.save()
    again = calls_core.get_call(demo_context, info.id)
    assert again.notes == "Corrigé après coup" and again.duration_s == ended.duration_s
    assert again.version > ended.version and len(again.referrals) == 1


def test_the_real_runner_announces_a_write_s_changes_from_its_worker(demo_context, qtbot):
    """The window's runner writes on a worker thread: what the write changed still comes back, on the GUI
    thread, before the write's own callback."""
    from bouquet_desk.ui.runner import TaskRunner

    runner = TaskRunner()
    seen, done = [], []
    runner.changes_seen.connect(lambda changes, initiator: seen.append((changes, initiator)))
    marker = object()
    runner.run_op(lambda: calls_core.log_call(demo_context, NewCall(category="PFMP", phone=PHONE)),
                  lambda info: done.append((info, len(seen))), initiator=marker)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    info, announced_before = done[0]
    assert announced_before == 1  # changes_seen first, then on_done
    changes, initiator = seen[0]
    assert initiator is marker and changes.own and changes.call_ids == {info.id}
    runner.wait(5000)
