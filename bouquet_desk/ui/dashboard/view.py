"""The network's dashboard: filters on top, key figures, then one tab per question (calls, establishments,
results, responsiveness, searches, unmet needs), each a chart over its table.

Figures are computed by the runner's worker; widgets are filled in on_done only. Results of a computation
overtaken by a newer one are dropped, so quick filter changes never show stale figures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.calls.codes import CATEGORIES
from ...core.reports.tables import DAYS, PERCENT, format_cell, report_tables, scope_line
from .table import FiguresTable as RowTable
from ..charts.chart_view import ChartPanel
from ..errors import show_exception
from ..runner import TaskRunner
from . import columns
from .data import DashboardData, compute_dashboard
from .dialogs import DashboardDialogs
from .filters import FilterBar
from ..style import tab_widget


class Dashboard(QWidget):
    """objectName "dashboard". Takes the AppContext and the window's TaskRunner."""

    refreshed = Signal(object)  # DashboardData, once the widgets show it
    exported = Signal(object)  # Path of a written export or report

    def __init__(self, context, runner: TaskRunner, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.context = context
        self.runner = runner
        self._today = today
        self._generation = 0
        self._data: DashboardData | None = None
        self._month_index: dict[str, int] = {}

        self.filters = FilterBar(today or date.today(), self)
        self.refresh_button = self._button(self.tr("Actualiser"), "dashboardRefresh", self.refresh)
        self.export_button = self._button(self.tr("Exporter…"), "dashboardExport", self.export)
        self.report_button = self._button(self.tr("Rapport Word…"), "dashboardReport", self.write_report)
        self.export_button.setToolTip(self.tr("Tous les tableaux en classeur Excel (une feuille par tableau) ou en CSV"))
        self.report_button.setToolTip(self.tr("Le rapport d'activité du séminaire : tableaux et graphiques"))
        self.summary = QLabel(self)
        self.summary.setObjectName("dashboardSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("dashboardStatus")

        self.tables: dict[str, RowTable] = {
            "categories": RowTable(columns.category_columns(), self, "dashboardCategories"),
            "months": RowTable(self._month_columns(), self, "dashboardMonths"),
            "establishments": RowTable(columns.establishment_columns(), self, "dashboardEstablishments"),
            "outcomes": RowTable(columns.outcome_columns(), self, "dashboardOutcomes"),
            "contacts": RowTable(columns.contact_columns(), self, "dashboardContacts"),
            "terms": RowTable(columns.term_columns(), self, "dashboardTerms"),
            "unmet": RowTable(columns.unmet_columns(), self, "dashboardUnmet"),
        }
        self.charts: dict[str, ChartPanel] = {
            key: ChartPanel(self, f"chart_{key}")
            for key in ("appels_par_mois", "appels_par_categorie", "orientations_par_etablissement", "resultats",
                        "besoins_par_domaine")
        }
        self.unmet_note = QLabel(self.tr("Les besoins non couverts concernent tout le réseau, quel que soit le "
                                         "périmètre choisi : ils n'ont été orientés vers aucun établissement."), self)
        self.unmet_note.setObjectName("dashboardUnmetNote")
        self.unmet_note.setWordWrap(True)

        self.tabs = tab_widget(self)
        self.tabs.setObjectName("dashboardTabs")
        self.tabs.addTab(self._split(self.charts["appels_par_mois"], self.tables["months"]), self.tr("Appels par mois"))
        self.tabs.addTab(self._split(self.charts["appels_par_categorie"], self.tables["categories"]),
                         self.tr("Catégories"))
        self.tabs.addTab(self._split(self.charts["orientations_par_etablissement"], self.tables["establishments"]),
                         self.tr("Établissements"))
        self.tabs.addTab(self._split(self.charts["resultats"], self.tables["outcomes"]), self.tr("Résultats"))
        self.tabs.addTab(self.tables["contacts"], self.tr("Réactivité des contacts"))
        self.tabs.addTab(self.tables["terms"], self.tr("Recherches"))
        unmet = QWidget(self)
        unmet_layout = QVBoxLayout(unmet)
        unmet_layout.setContentsMargins(0, 0, 0, 0)
        unmet_layout.addWidget(self.unmet_note)
        unmet_layout.addWidget(self._split(self.charts["besoins_par_domaine"], self.tables["unmet"]), 1)
        self.tabs.addTab(unmet, self.tr("Besoins non couverts"))

        top = QHBoxLayout()
        top.addWidget(self.filters, 1)
        for button in (self.refresh_button, self.export_button, self.report_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.filters.changed.connect(self.refresh)
        self._set_busy(False)
        self.export_button.setEnabled(False)
        self.report_button.setEnabled(False)

    # ------------------------------------------------------------------ building
    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _split(self, *widgets: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        for widget in widgets:
            splitter.addWidget(widget)
        return splitter

    def _month_columns(self):
        # Looked up at display time: the dict is refilled in place with each computation.
        return columns.month_columns(list(CATEGORIES.items()), lambda code: self._month_index.get(code))

    # ------------------------------------------------------------------ computing
    def data(self) -> DashboardData | None:
        return self._data

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._data is None and self._generation == 0:
            self.refresh()  # computed when first looked at, not when the window starts

    def refresh(self) -> None:
        period = self.filters.period()
        if period is None:
            self.status.setText(self.tr("La date de fin précède la date de début."))
            return
        area = self.filters.selected_area()
        self._generation += 1
        generation = self._generation
        context, today = self.context, self._today
        self._set_busy(True)
        self.runner.run(
            lambda: compute_dashboard(context, period, area, today),
            lambda data: self._show(generation, data),
            lambda exc: self._failed(generation, exc),
        )

    def _set_busy(self, busy: bool) -> None:
        self.refresh_button.setEnabled(not busy)
        self.status.setText(self.tr("Calcul des chiffres…") if busy else "")

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        show_exception(exc, self)

    def _show(self, generation: int, data: DashboardData) -> None:
        if generation != self._generation:
            return  # a newer computation is on its way
        self._data = data
        figures = data.figures
        self.filters.set_areas(list(data.areas))
        self._month_index.clear()
        self._month_index.update({row.code: index for index, row in enumerate(figures.categories)})
        self.tables["categories"].set_rows(figures.categories)
        self.tables["months"].set_rows(figures.months)
        self.tables["establishments"].set_rows(figures.establishments)
        self.tables["outcomes"].set_rows(figures.outcomes)
        self.tables["contacts"].set_rows(figures.contacts)
        self.tables["terms"].set_rows(figures.terms)
        self.tables["unmet"].set_rows(figures.unmet.themes)
        for key, panel in self.charts.items():
            panel.set_spec(data.charts[key])
        self.unmet_note.setVisible(figures.area is not None)
        self.summary.setText(self._summary_html(figures))
        self._set_busy(False)
        self.export_button.setEnabled(True)
        self.report_button.setEnabled(True)
        self.refreshed.emit(data)

    def _summary_html(self, figures) -> str:
        s = figures.summary
        answered = format_cell(s.answered_referrals / s.referrals, PERCENT) if s.referrals else "—"
        return self.tr(
            "<b>%1</b> appels · <b>%2</b> orientations (%3 avec réponse, délai médian %4 j, %5 sans réponse) · "
            "<b>%6</b> résultats obtenus · <b>%7</b> besoins non couverts et <b>%8</b> recherches sans résultat · "
            "<b>%9</b> appels manqués"
        ).replace("%9", str(s.missed_calls)).replace("%1", str(s.calls)).replace("%2", str(s.referrals)).replace("%3", answered) \
            .replace("%4", format_cell(s.median_answer_days, DAYS)).replace("%5", str(s.overdue_referrals)) \
            .replace("%6", str(s.positive_outcomes)).replace("%7", str(s.uncovered_calls)) \
            .replace("%8", str(s.empty_searches))

    # ------------------------------------------------------------------ files
    def _suggested_name(self, prefix: str) -> str:
        period = self._data.figures.period
        return f"{prefix}-{period.start.isoformat()}-{period.end.isoformat()}"

    def export(self, path: Path | None = None) -> None:
        """All tables of the current figures as XLSX (a sheet each) or CSV, after the file's extension."""
        if self._data is None:
            return
        path = path or DashboardDialogs.save_figures(self, self._suggested_name("bouquet-chiffres"))
        if path is None:
            return
        from ...core.reports.spreadsheet import write_tables

        figures = self._data.figures
        self.runner.run(
            lambda: write_tables(report_tables(figures), path, scope_line(figures)),
            lambda written: self._written(written, self.tr("Chiffres exportés dans %1")),
            lambda exc: show_exception(exc, self),
        )

    def write_report(self, path: Path | None = None) -> None:
        """The Word activity report of the figures shown, charts drawn here (Qt objects stay on this thread)."""
        if self._data is None:
            return
        path = path or DashboardDialogs.save_report(self, self._suggested_name("rapport-activite"))
        if path is None:
            return
        from ...core.reports.activity_docx import write_activity_report
        from ..charts.render import render_png

        figures = self._data.figures
        images = {key: render_png(spec) for key, spec in self._data.charts.items() if not spec.is_empty}
        self.runner.run(
            lambda: write_activity_report(path, figures, report_tables(figures), images),
            lambda written: self._written(written, self.tr("Rapport d'activité écrit : %1")),
            lambda exc: show_exception(exc, self),
        )

    def _written(self, path: Path, message: str) -> None:
        self.status.setText(message.replace("%1", str(path)))
        self.exported.emit(path)
