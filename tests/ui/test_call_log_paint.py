"""The call log's cells as the operator sees them, painted by its plain-text table (one Python call a repaint):
the selected row in the highlight colour, every other row in the alternate colour, each cell's text drawn
(numbers right-aligned), a long note cut with « … » and whole in its tooltip."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtGui import QPalette

from bouquet_desk.core.calls.calls import NewCall, log_call
from bouquet_desk.ui.calllog.model import COLUMNS

LONG_NOTE = "Cherche un stagiaire en carrosserie pour le printemps, " * 6


def test_rows_cells_and_selection_are_painted(window, demo_context, qtbot):
    demo_context.settings.operator = "opératrice-test"
    start = datetime(2026, 5, 4, 9)
    for n in range(6):
        log_call(demo_context, NewCall(category="PFMP", phone=f"03 21 70 12 {30 + n}", company_name="Garage Fictif",
                                       notes=LONG_NOTE if n == 5 else "stage", started_at=start + timedelta(hours=n),
                                       ended_at=start + timedelta(hours=n, minutes=3, seconds=25)))
    view = window.call_log
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() >= 6)
    table = view.table
    table.selectRow(0)
    palette = table.palette()
    image = table.viewport().grab().toImage()

    def colour_at(row: int, column: int, x_offset: int = -3):
        rect = table.visualRect(view.model.index(row, column))
        return image.pixelColor(rect.right() + x_offset, rect.center().y())

    # The free right end of the « Notes » column shows the row's background.
    notes = len(COLUMNS) - 1
    assert colour_at(0, 1, -table.columnWidth(1) + 2) == palette.color(QPalette.ColorRole.Highlight)
    assert colour_at(1, 0, -2) == palette.color(QPalette.ColorRole.AlternateBase)
    assert colour_at(2, 0, -2) == palette.color(QPalette.ColorRole.Base)

    def inked(row: int, column: int) -> int:
        rect = table.visualRect(view.model.index(row, column))
        background = colour_at(row, column, -1)
        return sum(image.pixelColor(x, y) != background
                   for x in range(rect.left() + 1, rect.right()) for y in range(rect.top() + 1, rect.bottom()))

    assert all(inked(1, column) > 10 for column in (0, 1, 3, 5))  # date, duration, company, phone drawn
    # The duration (a number) is drawn against the right edge of its cell, the date against the left.
    duration = table.visualRect(view.model.index(1, 1))
    left_half = sum(image.pixelColor(x, duration.center().y()) != colour_at(1, 1, -1)
                    for x in range(duration.left(), duration.center().x()))
    assert inked(1, 1) > 10 and left_half < inked(1, 1) / 4

    # The long note (the newest call, first row) is cut short with « … », its tooltip whole.
    table.scrollTo(view.model.index(0, notes))
    table.viewport().repaint()
    assert any(text.endswith("…") and text.startswith("Cherche") for text in view.table._elided.values())
    assert view.model.data(view.model.index(0, notes), 3).startswith(LONG_NOTE.strip()[:100])


def test_a_cell_that_fits_is_drawn_whole_and_one_too_wide_is_cut(window, demo_context, qtbot):
    # The table skips eliding (shaping the whole text) when the advances of the characters show that the text
    # fits; that sum must never be narrower than the text drawn, or a text would overflow its cell.
    view = window.call_log
    window.tabs.setCurrentWidget(view)
    table = view.table
    metrics = table.fontMetrics()
    samples = ["02/12/2026 14:05", "Boulangerie Fictive du Marché", "Taxe d'apprentissage", "à rappeler",
               "03 21 44 55 66", "Émilie Brunequet", "WAVVA fiVe ffl Ταυ", LONG_NOTE]
    for text in samples:
        assert table._width_at_most(text) >= metrics.horizontalAdvance(text) - 2, text
    assert table.elided("à rappeler", 200) == "à rappeler"
    cut = table.elided(LONG_NOTE, 200)
    assert cut.endswith("…") and metrics.horizontalAdvance(cut) <= 200
    exact = metrics.horizontalAdvance("Boulangerie Fictive du Marché")
    assert table.elided("Boulangerie Fictive du Marché", exact - 8).endswith("…")
