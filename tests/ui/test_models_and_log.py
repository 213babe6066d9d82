"""Every item model of the window passes qtmodeltester; the call log is filtered and sorted by SQL, page by
page; a call opens in full with its history and letters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt

from bouquet_desk.core.calls import calls as calls_core
from bouquet_desk.core.calls import referrals
from bouquet_desk.core.calls.calls import NewCall
from bouquet_desk.core.letters import create_letters
from bouquet_desk.ui.calllog.detail import CallDetailDialog
from bouquet_desk.ui.calllog.model import CallLogModel
from bouquet_desk.core.calls.log_pages import LogFilter, count, page


def some_calls(context, n: int = 30) -> list[int]:
    start = datetime(2026, 1, 5, 9, 0)
    ids = []
    categories = ["PFMP", "LOCAUX", "APPRENTISSAGE"]
    for number in range(n):
        info = calls_core.log_call(context, NewCall(
            category=categories[number % 3], phone=f"03 21 77 {number // 10 + 10:02d} {number % 10 + 10:02d}",
            company_name=f"Entreprise {chr(65 + number % 5)}", started_at=start + timedelta(hours=number),
            notes="cherche une salle de réunion" if number % 3 == 1 else "stage de seconde",
            outcome="informed" if number % 2 else None,
        ))
        ids.append(info.id)
    return ids


def test_every_model_of_the_window_passes_the_model_tester(window, demo_context, qtmodeltester):
    some_calls(demo_context, 12)
    screen = window.call_screen
    screen.new_call("03 21 77 10 10")
    screen.form.set_category("PFMP")
    screen.search.box.setText("soudeur")
    screen.search.run_search()
    screen.routing.flush()
    screen.form.add_item(screen.search.model.row_at(0))
    screen.routing.model.set_checked(0, True)
    catalogue = window.catalogue
    window.tabs.setCurrentWidget(catalogue)  # read when first shown
    catalogue.select_establishment(next(r.id for r in catalogue.establishments.source.rows() if r.formations))
    models = [screen.search.model, screen.routing.model, screen.form.items_model, screen.history.calls.source,
              screen.history.calls.proxy, screen.history.referrals.source, screen.reminders.due.source,
              screen.reminders.callbacks.source, window.catalogue.establishments.source,
              window.catalogue.establishments.proxy, window.catalogue.formations.source]
    window.catalogue.search.setText("salle")
    window.catalogue.run_search()
    models.append(window.catalogue.results_model)
    window.call_log.apply()
    models.append(window.call_log.model)
    for number, model in enumerate(models):
        assert model.rowCount() > 0 or number in (5, 6, 7), model  # no referral or call-back yet
        qtmodeltester.check(model, force_py=True)


def test_the_lazy_call_log_reads_pages_as_the_view_scrolls(demo_context, qtmodeltester):
    ids = some_calls(demo_context, 30)
    model = CallLogModel(demo_context.sessions, page_size=20)
    model.reload()
    assert model.rowCount() == 20
    assert model.canFetchMore()
    assert model.row_at(0).id == ids[-1]  # newest first
    model.fetchMore()
    assert model.rowCount() == 30 and not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0).id == ids[0] and model.rowCount() == 20  # oldest first, from the first page again
    model.sort(5, Qt.SortOrder.AscendingOrder)
    phones = [model.row_at(r).phone for r in range(model.rowCount())]
    assert phones == sorted(phones)
    model.sort(3, Qt.SortOrder.AscendingOrder)  # company: not sortable over a million rows, left as it was
    assert [model.row_at(r).phone for r in range(model.rowCount())] == phones


def test_log_filters_are_sql(demo_context):
    some_calls(demo_context, 30)
    sessions = demo_context.sessions
    assert {row.category for row in page(sessions, LogFilter(category="LOCAUX"))} == {"LOCAUX"}
    assert count(sessions, LogFilter(category="LOCAUX")) == (10, False)
    assert count(sessions, LogFilter(text="salle")) == (10, False)
    assert count(sessions, LogFilter(company="Entreprise B")) == (6, False)
    assert count(sessions, LogFilter(outcome="")) == (15, False)
    assert count(sessions, LogFilter(text="03 21 77 10 12")) == (1, False)
    from bouquet_desk.core.calls.calls import local_day_start

    low, high = local_day_start(date(2026, 1, 6)), local_day_start(date(2026, 1, 7))
    expected = sum(low <= datetime(2026, 1, 5, 9) + timedelta(hours=n) < high for n in range(30))
    assert count(sessions, LogFilter(since=date(2026, 1, 6), until=date(2026, 1, 6))) == (expected, False)
    assert count(sessions, LogFilter(), cap=10) == (10, True)
    assert count(sessions, LogFilter(text="100%")) == (0, False)


def test_the_log_view_filters_and_opens_a_call(window, demo_context, qtbot, monkeypatch):
    ids = some_calls(demo_context, 9)
    log = window.call_log
    window.tabs.setCurrentWidget(log)
    assert log.model.rowCount() == 9
    assert log.count.text() == "9 appel(s)"
    log.category.setCurrentIndex(log.category.findData("PFMP"))
    assert {log.model.row_at(r).category for r in range(log.model.rowCount())} == {"PFMP"}
    log.text.setText("salle")
    qtbot.waitUntil(lambda: log.model.rowCount() == 0, timeout=2000)
    log.reset()
    assert log.model.rowCount() == 9
    opened = []
    monkeypatch.setattr(CallDetailDialog, "ask", classmethod(lambda cls, c, r, call_id, parent=None:
                                                             opened.append(call_id)))
    log.table.setFocus()
    log.table.selectRow(0)
    qtbot.keyClick(log.table, Qt.Key.Key_Return)
    assert opened == [ids[-1]]


def test_a_call_in_full_with_its_history_and_letters(demo_context, qtbot):
    from bouquet_desk.ui.runner import SyncRunner

    info = calls_core.log_call(demo_context, NewCall(category="PFMP", phone="03 21 77 88 99",
                                                     company_name="Dupont", notes="premier contact"))
    from bouquet_desk.core.db.models import Contact

    with demo_context.sessions() as session:
        ref = session.query(Contact).first().ref
    referrals.refer(demo_context, info.id, ref)
    calls_core.update_call(demo_context, info.id, notes="premier contact, rappel prévu")
    create_letters(demo_context, info.id, to="company")
    dialog = CallDetailDialog(demo_context, SyncRunner(), info.id)
    qtbot.addWidget(dialog)
    assert "rappel prévu" in dialog.summary.toPlainText()
    assert dialog.referrals.source.rowCount() == 1
    assert dialog.letters.source.rowCount() == 1
    actions = [entry.action for entry in dialog.history.source.rows()]
    assert actions.count("create") == 2 and "update" in actions
    assert any("notes" in dialog.history.source.data(dialog.history.source.index(r, 3))
               for r in range(dialog.history.source.rowCount()))


def test_the_company_of_a_call_is_edited_from_its_detail(demo_context, qtbot):
    """The « Entreprise… » button of a call's detail: the postal address the letters print."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from bouquet_desk.core.calls import companies
    from bouquet_desk.ui.runner import SyncRunner

    info = calls_core.log_call(demo_context, NewCall(category="PFMP", phone="03 53 73 12 34",
                                                     company_name="Garage Fictif", commune="Lens"))
    dialog = CallDetailDialog(demo_context, SyncRunner(), info.id)
    qtbot.addWidget(dialog)

    def fill() -> None:
        edit = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "editDialog" and w.isVisible())
        edit.widgets["address"].setPlainText("12 rue des Mineurs\nZI du Bord des Eaux")
        edit.widgets["postal_code"].setText("62301")
        edit.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, fill)
    dialog.findChild(type(dialog.findChild(QDialogButtonBox).buttons()[0]), "callCompanyButton").click()
    company = companies.get_company(demo_context, info.company_id)
    assert (company.address, company.postal_code) == ("12 rue des Mineurs\nZI du Bord des Eaux", "62301")
