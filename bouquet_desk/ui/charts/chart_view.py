"""A chart panel for the window: shows a ChartSpec, replaced whole when the figures change."""

from __future__ import annotations

from PySide6.QtCharts import QChartView
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from ...core.reports.charts import ChartSpec
from .qt_chart import make_chart


MIN_HEIGHT = 260


class ChartPanel(QChartView):
    def __init__(self, parent: QWidget | None = None, object_name: str = "") -> None:
        super().__init__(parent)
        if object_name:
            self.setObjectName(object_name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MIN_HEIGHT)
        self.spec: ChartSpec | None = None

    def set_spec(self, spec: ChartSpec) -> None:
        old = self.chart()
        self.spec = spec
        self.setChart(make_chart(spec, point_size=8))
        # Qt elides bar labels that get less than a line each: a ranking keeps room for every bar.
        self.setMinimumHeight(max(MIN_HEIGHT, 90 + 24 * len(spec.categories)) if spec.horizontal else MIN_HEIGHT)
        # The view owns the new chart; the previous one is ours to delete.
        if old is not None:
            old.deleteLater()
