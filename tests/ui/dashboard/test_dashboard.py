"""The dashboard widget: figures from the worker into real item models, filters, exports, the Word report."""

from __future__ import annotations

from datetime import date

import pytest
from activity_data import TODAY, activity, activity_template  # noqa: F401
from docx import Document
from PySide6.QtCore import Qt
from openpyxl import load_workbook

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.reports.activity import compute_activity
from bouquet_desk.core.reports.period import Period
from bouquet_desk.ui.dashboard.dialogs import DashboardDialogs
from bouquet_desk.ui.dashboard.view import Dashboard
from bouquet_desk.ui.errors import MessageBox
from bouquet_desk.ui.runner import SyncRunner, TaskRunner

SCHOOL_YEAR = Period(date(2025, 9, 1), date(2026, 8, 31))


@pytest.fixture
def dashboard(activity, qtbot):
    context, generated = activity
    widget = Dashboard(context, SyncRunner(), today=TODAY)
    qtbot.addWidget(widget)
    widget.refresh()
    return widget


def test_tables_and_charts_show_the_figures(dashboard, activity, qtmodeltester):
    context, _ = activity
    assert dashboard.objectName() == "dashboard"
    figures = compute_activity(context.sessions, SCHOOL_YEAR, context.reference, today=TODAY)
    assert dashboard.data().figures.summary == figures.summary
    assert f"<b>{figures.summary.calls}</b> appels" in dashboard.summary.text()
    for key, rows in (("categories", figures.categories), ("months", figures.months),
                      ("establishments", figures.establishments), ("outcomes", figures.outcomes),
                      ("contacts", figures.contacts), ("terms", figures.terms), ("unmet", figures.unmet.themes)):
        table = dashboard.tables[key]
        assert table.source.rows() == list(rows), key
        qtmodeltester.check(table.source)
        qtmodeltester.check(table.proxy)
    months = dashboard.tables["months"].source
    pfmp = [c for c in range(months.columnCount())
            if months.headerData(c, Qt.Orientation.Horizontal) == "Stage (PFMP)"][0]
    first = figures.months[0]
    assert months.data(months.index(0, pfmp)) == str(first.counts[0])
    assert months.data(months.index(0, months.columnCount() - 1)) == str(first.total)
    for key, panel in dashboard.charts.items():
        assert panel.chart().series(), key
        assert panel.spec == dashboard.data().charts[key]


def test_numbers_sort_as_numbers_and_show_in_french(dashboard):
    table = dashboard.tables["establishments"]
    column = 6  # median answer time
    table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    shown = [table.proxy.data(table.proxy.index(row, column)) for row in range(table.proxy.rowCount())]
    values = [float(text.replace(",", ".")) for text in shown if text]
    assert values == sorted(values) and any("," in text for text in shown)


def test_months_sort_in_calendar_order_and_empty_medians_last(dashboard):
    months = dashboard.tables["months"]
    months.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    labels = [months.proxy.data(months.proxy.index(row, 0)) for row in range(months.proxy.rowCount())]
    assert labels[0] == "août 2026" and labels[-1] == "sept. 2025"
    contacts = dashboard.tables["contacts"]
    contacts.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    shown = [contacts.proxy.data(contacts.proxy.index(row, 6)) for row in range(contacts.proxy.rowCount())]
    assert "" in shown and shown.index("") > max(i for i, text in enumerate(shown) if text)


def test_filters_recompute_for_a_period_and_an_area(dashboard, qtbot):
    dashboard.filters.set_period(Period(date(2026, 1, 1), date(2026, 3, 31)))
    dashboard.filters.flush()
    figures = dashboard.data().figures
    assert figures.period == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert [row.label for row in figures.months] == ["janv. 2026", "févr. 2026", "mars 2026"]
    assert dashboard.filters.preset.currentData() == "custom"

    index = dashboard.filters.area.findText("Commune : Lens")
    assert index > 0
    dashboard.filters.area.setCurrentIndex(index)
    dashboard.filters.flush()
    assert dashboard.data().figures.area.name == "Lens"
    assert not dashboard.unmet_note.isHidden()
    assert dashboard.data().figures.summary.calls < figures.summary.calls

    dashboard.filters.preset.setCurrentIndex(dashboard.filters.preset.findData("previous"))
    dashboard.filters.flush()
    assert dashboard.data().figures.period == Period(date(2024, 9, 1), date(2025, 8, 31))


def test_export_to_workbook_and_csv(dashboard, tmp_path, monkeypatch, qtbot):
    for name in ("chiffres.xlsx", "chiffres.csv"):
        monkeypatch.setattr(DashboardDialogs, "save_figures", classmethod(lambda cls, parent, s, n=name: tmp_path / n))
        with qtbot.waitSignal(dashboard.exported, timeout=5000) as signal:
            dashboard.export_button.click()
        assert signal.args[0] == tmp_path / name
    book = load_workbook(tmp_path / "chiffres.xlsx")
    assert "Besoins non couverts par thème" in book.sheetnames
    assert "Appels par catégorie de demande" in (tmp_path / "chiffres.csv").read_text(encoding="utf-8-sig")
    assert str(tmp_path / "chiffres.csv") in dashboard.status.text()


def test_word_report_from_the_window(dashboard, tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(DashboardDialogs, "save_report", classmethod(lambda cls, parent, s: tmp_path / "r.docx"))
    with qtbot.waitSignal(dashboard.exported, timeout=10000):
        dashboard.report_button.click()
    assert len(Document(str(tmp_path / "r.docx")).inline_shapes) == 5


def test_cancelled_dialog_writes_nothing(dashboard, tmp_path, monkeypatch):
    monkeypatch.setattr(DashboardDialogs, "save_figures", classmethod(lambda cls, parent, s: None))
    dashboard.export()
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.csv"))


class HeldRunner(SyncRunner):
    """Keeps tasks until told to finish them, in any order: a slow worker."""

    def __init__(self) -> None:
        super().__init__()
        self.held = []

    def run(self, task, on_done=None, on_error=None, on_progress=None):
        self.held.append((task, on_done, on_error))

    def finish(self, index: int) -> None:
        task, on_done, on_error = self.held[index]
        try:
            result = task()
        except Exception as exc:  # noqa: BLE001
            on_error(exc)
        else:
            on_done(result)


def test_an_overtaken_computation_is_dropped(activity, qtbot):
    context, _ = activity
    runner = HeldRunner()
    widget = Dashboard(context, runner, today=TODAY)
    qtbot.addWidget(widget)
    widget.refresh()
    widget.filters.set_period(Period(date(2026, 1, 1), date(2026, 1, 31)))
    widget.filters.flush()
    assert not widget.refresh_button.isEnabled()
    runner.finish(1)
    runner.finish(0)  # the older, slower one arrives last
    assert widget.data().figures.period == Period(date(2026, 1, 1), date(2026, 1, 31))
    assert widget.refresh_button.isEnabled()


def test_a_failure_is_shown_once(activity, qtbot, monkeypatch):
    context, _ = activity
    shown = []
    monkeypatch.setattr(MessageBox, "error", classmethod(lambda cls, parent, title, text, details="": shown.append(text)))

    class Failing(SyncRunner):
        def run(self, task, on_done=None, on_error=None, on_progress=None):
            on_error(UserError("Base de données injoignable."))

    widget = Dashboard(context, Failing(), today=TODAY)
    qtbot.addWidget(widget)
    widget.refresh()
    assert shown == ["Base de données injoignable."]
    assert widget.data() is None and not widget.export_button.isEnabled()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's remark on showing a window
def test_computed_on_the_worker_thread_when_first_shown(activity, qtbot):
    context, _ = activity
    runner = TaskRunner()
    widget = Dashboard(context, runner, today=TODAY)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=20000):
        widget.show()
    assert widget.data().figures.summary.calls > 0
    runner.wait(5000)
