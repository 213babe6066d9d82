"""Searches that found nothing go to the unmet-demand register, without personal data."""

from __future__ import annotations

from sqlalchemy import select

from bouquet_desk.core.db.models import SearchLog
from bouquet_desk.core.search.unmet import record_unmet, scrub


def test_scrub_drops_phones_and_emails_but_keeps_small_numbers():
    assert scrub("soudeur 06 12 34 56 78 lens") == "soudeur lens"
    assert scrub("rappeler +33 3 21 60 93 16 ou jean.dupont@example.fr") == "rappeler ou"
    assert scrub("siret 12345678901234 cariste") == "siret cariste"
    assert scrub("salle 60 personnes bts sp3s") == "salle 60 personnes bts sp3s"
    assert scrub("voir www.exemple.fr/page") == "voir"
    assert len(scrub("x" * 10_000)) <= 200


def test_record_unmet_writes_the_register(context):
    assert record_unmet(context.sessions, "dresseur de dragons 0612345678", "formation")
    assert not record_unmet(context.sessions, "06 12 34 56 78")
    with context.sessions() as session:
        rows = session.execute(select(SearchLog.query, SearchLog.kind, SearchLog.results)).all()
    assert [tuple(row) for row in rows] == [("dresseur de dragons", "formation", 0)]
