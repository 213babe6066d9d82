"""The index read from the database (SQLite and PostgreSQL), saved for the next start, refreshed after edits."""

from __future__ import annotations

from sqlalchemy import select

from bouquet_desk.core.db.models import Establishment, Formation
from bouquet_desk.core.search.engine import SearchEngine


def _fill(context):
    with context.sessions.begin() as session:
        lens = Establishment(uai="0620001A", name="Lycée professionnel Jean Prouvé", type="LP", commune="Lens",
                             latitude=50.43954, longitude=2.8191)
        arras = Establishment(uai="0620003C", name="Lycée polyvalent Gambetta", type="LPO", commune="Arras",
                              latitude=50.28927, longitude=2.76789)
        session.add_all([lens, arras])
        session.flush()
        session.add_all([
            Formation(establishment_id=lens.id, cfd="50023324", title="MONTEUR EN INSTALLATIONS SANITAIRES (CAP)",
                      diploma="CAP"),
            Formation(establishment_id=arras.id, cfd="50025437", title="REALISATIONS INDUSTRIELLES EN "
                      "CHAUDRONNERIE OU SOUDAGE OPTION A CHAUDRONNERIE (CAP)", diploma="CAP"),
            Formation(establishment_id=arras.id, cfd="40031106", title="LOGISTIQUE (BAC PRO)", diploma="BAC PRO",
                      archived=True),
        ])


def test_build_from_database_then_saved_index(context):
    _fill(context)
    engine = SearchEngine(context.reference)
    assert engine.build_from_db(context.sessions) == 4  # the archived formation is left out
    assert not engine.loaded_saved_index
    assert engine.search("plombier").results[0].cfd == "50023324"
    assert not engine.search("logistique ").exact  # only the nearest matches, marked as such

    again = SearchEngine(context.reference)
    assert again.build_from_db(context.sessions) == 4
    assert again.loaded_saved_index
    assert again.search("soudeur arras").results[0].uai == "0620003C"

    # Any change to the catalogue names another saved index: the stale one is never read.
    with context.sessions.begin() as session:
        session.execute(select(Formation).where(Formation.cfd == "40031106")).scalar_one().archived = False
    third = SearchEngine(context.reference)
    assert third.build_from_db(context.sessions) == 5
    assert not third.loaded_saved_index


def test_refresh_after_an_edit(context):
    _fill(context)
    engine = SearchEngine(context.reference)
    engine.build_from_db(context.sessions, saved=False)
    with context.sessions.begin() as session:
        row = session.execute(select(Formation).where(Formation.cfd == "40031106")).scalar_one()
        row.archived = False
        session.execute(select(Formation).where(Formation.cfd == "50023324")).scalar_one().archived = True
    engine.refresh(context.sessions, ["0620003C", "0620001A"])
    assert engine.search("logistique ").results[0].cfd == "40031106"
    assert all(result.cfd != "50023324" for result in engine.search("plombier").results)
