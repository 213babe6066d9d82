"""A ChartSpec (bouquet_desk.core.reports.charts) turned into a QChart: bars, stacked or not, either way."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont

from ...core.reports.charts import ChartSpec

# The documents' navy first, then colours that stay distinct when printed in grey.
PALETTE = ("#1F4E79", "#E07B24", "#5B9BD5", "#70AD47", "#A5A5A5", "#FFC000", "#7F3F98", "#C00000", "#2E8B8B")
# Bar labels longer than this are cut: an axis cannot wrap, and a label may not eat the whole chart.
MAX_LABEL = 42


def short_label(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The documents' typeface (Arial, or its metric twin on Linux), with the platform's sans-serif last.
FAMILIES = ["Arial", "Liberation Sans", "Helvetica", "DejaVu Sans"]


def chart_font(point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def make_chart(spec: ChartSpec, *, point_size: float = 9.0, animated: bool = False) -> QChart:
    chart = QChart()
    chart.setTitle(spec.title)
    chart.setBackgroundBrush(QColor(Qt.GlobalColor.white))
    chart.setBackgroundPen(Qt.PenStyle.NoPen)
    chart.setPlotAreaBackgroundVisible(False)
    title_font = chart_font(point_size + 2, bold=True)
    chart.setTitleFont(title_font)
    chart.setTitleBrush(QColor(PALETTE[0]))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.setAnimationOptions(QChart.AnimationOption.SeriesAnimations if animated else QChart.AnimationOption.NoAnimation)
    label_font = chart_font(point_size)
    chart.legend().setFont(label_font)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setVisible(len(spec.series) > 1)

    categories = list(spec.categories)
    series_values = [list(series.values) for series in spec.series]
    if spec.horizontal:
        # Qt draws the first category at the bottom; the ranking reads from the top.
        categories.reverse()
        series_values = [values[::-1] for values in series_values]
    kind = {
        (False, False): QBarSeries, (False, True): QStackedBarSeries,
        (True, False): QHorizontalBarSeries, (True, True): QHorizontalStackedBarSeries,
    }[(spec.horizontal, spec.stacked)]
    bars = kind()
    for number, (series, values) in enumerate(zip(spec.series, series_values)):
        bar_set = QBarSet(series.name)
        bar_set.append([float(v) for v in values])
        colour = QColor(PALETTE[number % len(PALETTE)])
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        bars.append(bar_set)
    bars.setBarWidth(0.7)
    chart.addSeries(bars)

    category_axis = QBarCategoryAxis()
    category_axis.append([short_label(c) for c in categories] or [""])
    category_axis.setLabelsFont(label_font)
    category_axis.setGridLineVisible(False)
    value_axis = QValueAxis()
    value_axis.setLabelsFont(label_font)
    value_axis.setLabelFormat("%d")
    value_axis.setRange(0, _nice_top(_largest(spec)))
    value_axis.setTickCount(_ticks(_nice_top(_largest(spec))))
    value_axis.setGridLineColor(QColor("#D9D9D9"))
    if spec.value_title:
        value_axis.setTitleText(spec.value_title)
        value_axis.setTitleFont(label_font)
    if spec.horizontal:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(category_axis)
    bars.attachAxis(value_axis)
    return chart


def _largest(spec: ChartSpec) -> float:
    if not spec.series or not spec.categories:
        return 0.0
    if spec.stacked:
        return max(sum(s.values[i] for s in spec.series) for i in range(len(spec.categories)))
    return max(max(s.values, default=0) for s in spec.series)


def _step(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that cuts the axis into at most six intervals."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if value / (factor * magnitude) <= 6:
                return factor * magnitude
        magnitude *= 10


def _nice_top(value: float) -> int:
    """A round axis end above the largest bar, so that ticks fall on whole numbers."""
    step = _step(max(value, 5))
    return int(-(-max(value, 5) // step) * step)


def _ticks(top: int) -> int:
    return top // _step(top) + 1
