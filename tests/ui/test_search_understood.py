"""The search panel says what it understood, in a line the operator undoes with one click or Ctrl+U; it
says « Aucun résultat exact » above the nearest matches; the « Près de » box shows the caller's commune,
which the operator can change or clear."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from speech_samples import speech_engine

from bouquet_desk.ui.call.search_panel import SearchPanel


@pytest.fixture
def panel(sqlite_context, qtbot):
    widget = SearchPanel(sqlite_context, speech_engine())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def search(panel, text: str) -> None:
    panel.box.setText(text)
    panel.run_search()


def test_the_understood_line_says_what_was_understood(panel):
    search(panel, "un apprenti carrossier près de Béthune")
    line = panel.understood.text()
    assert "compris : " in line and "apprentissage" in line and "près de Béthune" in line
    assert 'href="undo:intent:apprentissage"' in line
    assert panel.model.row_at(0).uai == "0629002B"


def test_one_click_undoes_one_understood_item(panel):
    search(panel, "un apprenti carrossier")
    panel.understood.linkActivated.emit("undo:intent:apprentissage")
    assert panel.literal == {"intent:apprentissage"}
    assert "apprentissage" not in [item.label for item in panel.answer.understood]
    assert "pris à la lettre" in panel.understood.text()


def test_ctrl_u_undoes_everything_then_restores_it(panel, qtbot):
    search(panel, "louer un amphi 250")
    assert panel.understood_keys() == ("capacity", "intent:resource")
    panel.box.setFocus()
    qtbot.keyClick(panel.box, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert panel.literal == {"capacity", "intent:resource"}
    assert panel.answer.min_capacity is None
    qtbot.keyClick(panel.box, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert not panel.literal and panel.answer.min_capacity == 250


def test_nothing_exact_is_said_above_the_nearest(panel):
    search(panel, "dresseur de dragons")
    assert panel.model.rowCount() > 0
    assert "Aucun résultat exact" in panel.understood.text()
    assert not panel.answer_exact()
    assert all(row.approximate for row in panel.model.rows())


def test_the_callers_commune_fills_pres_de_and_ranks_by_distance(panel):
    panel.set_caller_commune("Liévin")
    assert panel.near.text() == "Liévin"
    search(panel, "amphitheatre")
    assert panel.model.row_at(0).uai == "0629005E"
    assert "commune de l'appelant" in panel.understood.text()
    # A place typed in the query wins over the caller's commune.
    search(panel, "amphitheatre à Boulogne-sur-Mer")
    assert panel.model.row_at(0).uai == "0629004D"


def test_pres_de_can_be_cleared_or_changed_by_the_operator(panel, qtbot):
    panel.set_caller_commune("Liévin")
    search(panel, "amphitheatre")
    panel.near.selectAll()
    qtbot.keyClick(panel.near, Qt.Key.Key_Backspace)
    panel.run_search()
    assert panel.near.text() == "" and panel.answer.place is None
    # Another commune from the call form does not overwrite what the operator chose.
    panel.set_caller_commune("Arras")
    assert panel.near.text() == ""
    qtbot.keyClicks(panel.near, "Boulogne-sur-Mer")
    panel.run_search()
    assert panel.answer.place == "Boulogne-sur-Mer" and panel.model.row_at(0).uai == "0629004D"


def test_undoing_the_callers_commune_clears_the_box(panel):
    panel.set_caller_commune("Liévin")
    search(panel, "amphitheatre")
    panel.understood.linkActivated.emit("undo:home")
    assert panel.near.text() == "" and panel.answer.place is None


def test_the_call_form_commune_reaches_the_search(window):
    screen = window.call_screen
    screen.form.commune.setText("Liévin")
    assert screen.search.near.text() == "Liévin"
    screen.form.commune.setText("")
    assert screen.search.near.text() == ""
