"""Charts drawn offscreen into PNG for the Word report; the same spec drawn on screen."""

from __future__ import annotations

from PySide6.QtGui import QImage

from bouquet_desk.core.reports.charts import ChartSpec, Series
from bouquet_desk.ui.charts.chart_view import ChartPanel
from bouquet_desk.ui.charts.qt_chart import _nice_top, short_label
from bouquet_desk.ui.charts.render import SCALE, WIDTH, chart_height, render_charts, render_png

MONTHS = ChartSpec("m", "Appels par mois", ("sept. 25", "oct. 25", "nov. 25"),
                   (Series("Stage", (3, 5, 8)), Series("Apprentissage", (1, 0, 2))), stacked=True)
RANKING = ChartSpec("r", "Orientations", tuple(f"Lycée n° {n}" for n in range(10)),
                    (Series("Orientations", tuple(range(10, 0, -1))),), horizontal=True)


def test_png_has_the_printed_size(qapp):
    for spec in (MONTHS, RANKING):
        image = QImage.fromData(render_png(spec))
        assert (image.width(), image.height()) == (WIDTH * SCALE, chart_height(spec) * SCALE)
    # A taller chart for more bars, so that no bar label is elided.
    assert chart_height(RANKING) > chart_height(ChartSpec("s", "t", ("a",), (Series("x", (1,)),), horizontal=True))


def test_the_bars_are_drawn(qapp):
    image = QImage.fromData(render_png(MONTHS))
    navy = sum(1 for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
               if image.pixelColor(x, y).name() == "#1f4e79")
    assert navy > 50


def test_empty_charts_are_left_out(qapp):
    empty = ChartSpec("e", "Rien", ("a", "b"), (Series("x", (0, 0)),))
    assert set(render_charts([MONTHS, empty])) == {"m"}


def test_panel_shows_a_spec_and_replaces_it(qtbot):
    panel = ChartPanel(object_name="chart")
    qtbot.addWidget(panel)
    panel.set_spec(MONTHS)
    first = panel.chart()
    panel.set_spec(RANKING)
    assert panel.chart() is not first and len(panel.chart().series()) == 1
    assert panel.minimumHeight() >= 90 + 24 * 10


def test_axis_ends_on_round_numbers():
    assert [_nice_top(v) for v in (0, 3, 7, 37, 120, 980)] == [5, 5, 8, 40, 120, 1000]
    assert short_label("x" * 60).endswith("…") and len(short_label("x" * 60)) == 42
