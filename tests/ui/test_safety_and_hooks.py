"""Nothing lost (drafts offered back after a crash), the telephone hook (--incoming into the running window),
catalogue edits with history, and two operators saving the same record."""

from __future__ import annotations

import json
import subprocess
import sys

from bouquet_desk.core.calls import calls as calls_core
from bouquet_desk.core.calls.calls import NewCall
from bouquet_desk.core.calls.history import history
from bouquet_desk.core.catalogue import editing
from bouquet_desk.ui.call.drafts import DraftStore
from bouquet_desk.ui.catalogue.edit_dialogs import EditDialog
from bouquet_desk.ui.conflicts import KEEP_MINE, TAKE_THEIRS, ConflictDialog
from bouquet_desk.ui.main_window import MainWindow
from bouquet_desk.ui.runner import SyncRunner
from bouquet_desk.ui.single_instance import InstanceServer, server_name


def test_a_call_being_typed_is_kept_and_offered_back_after_a_crash(window, demo_context, qtbot, tmp_path,
                                                                   no_modal):
    screen = window.call_screen
    screen.new_call("03 21 77 88 99")
    screen.form.company.setText("Boulangerie Leroy")
    screen.form.notes.setPlainText("Veut une salle pour 40 personnes")  # notes changes emit on their own
    screen.form.set_category("LOCAUX")
    def saved() -> dict:
        # The draft is rewritten (debounced) at each change: wait for the one holding the last of them.
        path = screen.drafts.path
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    qtbot.waitUntil(lambda: saved().get("category") == "LOCAUX", timeout=5000)
    assert saved()["notes"] == "Veut une salle pour 40 personnes"
    assert not list(screen.drafts.folder.glob("*.tmp"))

    # The process dies here: the next window finds the draft and, when the operator accepts, restores it.
    other = MainWindow(demo_context, SyncRunner(), drafts=DraftStore(tmp_path / "drafts"), poll=False,
                       build_index=False)
    qtbot.addWidget(other)
    other.offer_drafts()
    assert no_modal[-1][0] == "confirm" and "Boulangerie Leroy" in no_modal[-1][2]
    form = other.call_screen.form
    assert form.notes.toPlainText() == "Veut une salle pour 40 personnes"
    assert form.category_code() == "LOCAUX"
    assert form.phone.text() == "03 21 77 88 99"
    other.call_screen.save()
    assert other.call_screen.call is not None
    assert not list((tmp_path / "drafts").glob("draft-*.json"))  # saved: no draft left


def test_incoming_number_opens_a_new_call_in_the_running_window(window, qtbot, tmp_path):
    name = server_name(f"sqlite:///{tmp_path}/test-{id(window)}")
    server = InstanceServer()
    assert server.listen(name)
    server.message.connect(window.handle_message)
    code = ("import sys\nfrom PySide6.QtCore import QCoreApplication\napp = QCoreApplication([])\n"
            "from bouquet_desk.ui.single_instance import send\n"
            f"sys.exit(0 if send({name!r}, {{'incoming': '03 21 12 34 56'}}, 5000) else 3)\n")
    process = subprocess.Popen([sys.executable, "-c", code])
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=15000)
    assert process.returncode == 0
    # The sender is done once the bytes are written; the window reads them on its next turn of the loop.
    qtbot.waitUntil(lambda: window.call_screen.form.phone.text() == "03 21 12 34 56", timeout=5000)
    server.close()
    assert window.call_screen.form.started_at is not None


def test_nobody_listening_means_a_window_must_start(tmp_path):
    from bouquet_desk.ui.single_instance import send

    assert send(server_name(f"sqlite:///{tmp_path}/nobody"), {"show": True}, 200) is False


def test_incoming_flag_is_parsed():
    from bouquet_desk.cli.parser import build_parser

    args = build_parser("0").parse_args(["--db", "sqlite:///x.db", "--incoming", "0321778899"])
    assert args.incoming == "0321778899" and args.command is None


def test_catalogue_edit_writes_history_and_refreshes_the_search(window, demo_context, monkeypatch):
    catalogue = window.catalogue
    window.tabs.setCurrentWidget(catalogue)  # read when first shown
    row = next(r for r in catalogue.establishments.source.rows() if r.formations)
    catalogue.select_establishment(row.id)
    catalogue.tabs.setCurrentWidget(catalogue.formations)
    catalogue.formations.selectRow(0)
    formation = catalogue.formations.selected_row()
    monkeypatch.setattr(EditDialog, "ask", classmethod(lambda cls, title, fields, values, parent=None:
                                                       {"capacity": 42, "title": "SOUDAGE EXPERT (BAC PRO)"}))
    catalogue.edit_current()
    detail = editing.formation_detail(demo_context.sessions, formation.id)
    assert detail.capacity == 42 and detail.version == 2
    entry = history(demo_context.sessions, "formation", formation.id)[-1]
    assert entry.who == "Sandrine" and entry.changes["capacity"][1] == 42
    answer = window.engine.search("soudage expert")
    assert answer.results and answer.results[0].db_id == formation.id


def test_catalogue_edit_meeting_another_operators_save(window, demo_context, monkeypatch):
    catalogue = window.catalogue
    window.tabs.setCurrentWidget(catalogue)
    row = next(r for r in catalogue.establishments.source.rows() if r.formations)
    catalogue.select_establishment(row.id)
    catalogue.formations.selectRow(0)
    formation = catalogue.formations.selected_row()
    other = editing.formation_detail(demo_context.sessions, formation.id)

    def meanwhile(cls, title, fields, values, parent=None):
        # Another operator saves while this one has the dialog open.
        editing.update_formation(demo_context, formation.id, expected_version=other.version, capacity=7)
        return {"capacity": 99}

    conflicts = []
    monkeypatch.setattr(EditDialog, "ask", classmethod(meanwhile))
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, conflict, parent=None:
                                                           conflicts.append(conflict) or KEEP_MINE))
    catalogue.edit_current()
    assert conflicts and conflicts[0].fields[0].label == "capacité" and conflicts[0].fields[0].now == 7
    assert editing.formation_detail(demo_context.sessions, formation.id).capacity == 99


def test_call_saved_meanwhile_elsewhere_take_theirs(window, demo_context, monkeypatch):
    screen = window.call_screen
    screen.new_call("03 21 77 88 99")
    screen.form.set_category("PFMP")
    screen.form.notes.setPlainText("ma version")
    screen.save()
    call_id = screen.call.id
    calls_core.update_call(demo_context, call_id, notes="la version du collègue")
    screen.form.notes.setPlainText("ma version corrigée")
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, conflict, parent=None: TAKE_THEIRS))
    screen.save()
    assert screen.form.notes.toPlainText() == "la version du collègue"
    assert calls_core.get_call(demo_context, call_id).notes == "la version du collègue"


def test_layout_is_remembered(window, demo_context, qtbot, tmp_path):
    window.call_screen.splitter.setSizes([300, 700, 500])
    sizes = window.call_screen.splitter.sizes()
    window.close()
    assert "splitter:callSplitter" in demo_context.settings.window_state
    again = MainWindow(demo_context, SyncRunner(), drafts=DraftStore(tmp_path / "d2"), poll=False,
                       build_index=False)
    qtbot.addWidget(again)
    again.resize(window.size())
    again.show()
    qtbot.waitExposed(again)
    assert again.call_screen.splitter.sizes() == sizes


def test_unused_call_number_parse(window):
    # A phone written with a typo is flagged once it has enough digits.
    screen = window.call_screen
    screen.new_call()
    screen.form.phone.setText("03 21 77 88 9")
    screen._recognise()
    assert screen.recognition is None
    screen.form.phone.setText("00 00 00 00 00 0")
    screen._recognise()
    assert "invalide" in screen.form.recognised.text()


def test_polling_sees_another_operators_call(window, demo_context, open_ctx):
    from bouquet_desk.core.ops.changes import current_marker

    colleague = open_ctx(demo_context.url)  # another post on the same database
    window.marker = current_marker(demo_context.sessions)
    calls_core.log_call(colleague, NewCall(category="TAXE", phone="03 21 77 88 99"))
    window.call_log.stale = False
    window.poll()
    assert window.call_log.stale  # not shown: reloaded when next looked at
