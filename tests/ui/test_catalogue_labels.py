"""The catalogue tab on the demo: its counts, and names and titles as people write them (stored values kept)."""

from __future__ import annotations

from bouquet_desk.core.catalogue import editing, listing


def test_the_catalogue_tab_gives_the_counts_and_reads_as_people_write(window, demo_context):
    catalogue = window.catalogue
    window.tabs.setCurrentWidget(catalogue)  # read when first shown
    held = listing.counts(demo_context.sessions)
    assert held.establishments >= 100 and held.formations >= 500 and held.apprenticeship >= 80
    text = catalogue.counts.text()
    assert f"{held.establishments} établissements" in text and "en apprentissage" in text
    rows = {row.uai: row for row in catalogue.establishments.source.rows()}
    assert rows["0623985V"].name == "IUT de Lens" and rows["0623985V"].formations == 4
    assert rows["0622238W"].name == "IUT de Béthune" and rows["0622238W"].formations == 6
    catalogue.select_establishment(rows["0623985V"].id)
    titles = {(f.diploma, f.title) for f in catalogue.formations.source.rows()}
    assert ("BUT", "Informatique") in titles
    # The stored values, which the import/export workbook keeps, are untouched.
    detail = editing.establishment_detail(demo_context.sessions, rows["0623985V"].id)
    assert detail.name == "INSTITUT UNIVERSITAIRE DE TECHNOLOGIE DE LENS, UNIVERSITE D'ARTOIS"
