"""The journal's free text, through the text index of migration 0002 (FTS5 on SQLite, pg_trgm on PostgreSQL):
a part of a phone number is found however it is written, notes by any piece of a word, and the index follows
edits and deletions. The two ways of reading a text filter (ids from the index when few calls match, the log
read in order when many do) give the same calls."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete

from bouquet_desk.core.calls import log_pages
from bouquet_desk.core.calls.calls import NewCall, log_call, update_call
from bouquet_desk.core.calls.log_pages import LogFilter, count, page, phone_fragments
from bouquet_desk.core.db.models import Call

START = datetime(2026, 3, 2, 9)


@pytest.fixture
def journal(context):
    context.settings.operator = "opératrice-test"
    calls = [
        NewCall(category="PFMP", phone="03 53 73 12 34", company_name="Garage Fictif du Marais",
                caller_name="Camille Essai", notes="Cherche un stagiaire en carrosserie"),
        NewCall(category="LOCAUX", phone="03 53 73 56 78", company_name="Traiteur Imaginaire",
                notes="Salle pour un séminaire de 40 personnes", search_terms="amphithéâtre Lens"),
        NewCall(category="APPRENTISSAGE", phone="06 12 34 56 78", notes="Apprenti soudeur, rappel demandé"),
    ]
    ids = [log_call(context, call.__class__(**{**call.__dict__, "started_at": START + timedelta(hours=n)})).id
           for n, call in enumerate(calls)]
    return context, ids


def found(context, text: str) -> set[int]:
    return {row.id for row in page(context.sessions, LogFilter(text=text))}


def test_part_of_a_phone_number_however_written(journal):
    context, (garage, traiteur, mobile) = journal
    assert found(context, "12 34") == {garage, mobile}  # +33353731234 and +33612345678
    assert found(context, "73 12 34") == {garage}
    assert found(context, "03 53 73") == {garage, traiteur}  # the French way, from its leading 0
    assert found(context, "0353") == {garage, traiteur}
    assert found(context, "06.12.34") == {mobile}
    assert found(context, "+33 6 12") == {mobile}
    assert found(context, "03 53 73 56 78") == {traiteur}  # a whole number: that number
    assert count(context.sessions, LogFilter(text="73 56")) == (1, False)


def test_notes_search_terms_company_and_caller_by_any_piece(journal):
    context, (garage, traiteur, mobile) = journal
    assert found(context, "carross") == {garage}
    assert found(context, "SÉMINAIRE") == {traiteur}
    assert found(context, "théâtre") == {traiteur}  # search terms
    assert found(context, "oudeur") == {mobile}
    assert found(context, "Imaginaire") == {traiteur}  # the company's name
    assert found(context, "Camille") == {garage}  # the caller's name
    assert found(context, "zz") == set()  # too short for the index: still answered
    assert found(context, "ca") == {garage}  # Camille, carrosserie
    assert found(context, "introuvable") == set()


def test_index_follows_edits_and_deletions(journal):
    context, (garage, traiteur, mobile) = journal
    update_call(context, garage, notes="Cherche un alternant en peinture")
    assert found(context, "carross") == set()
    assert found(context, "peinture") == {garage}
    with context.sessions.begin() as session:
        session.execute(delete(Call).where(Call.id == mobile))
    assert found(context, "soudeur") == set()
    assert found(context, "12 34") == {garage}


def test_many_matches_read_in_order_give_the_same_calls(journal, monkeypatch):
    context, ids = journal
    texts = ("12 34", "03 53 73", "carross", "a", "Salle", "SÉMINAIRE", "Imaginaire", "73", "Camille")
    sparse = {text: found(context, text) for text in texts}
    monkeypatch.setattr(log_pages, "SPARSE", 0)  # every text counts as matching many calls
    assert {text: found(context, text) for text in texts} == sparse
    rows = page(context.sessions, LogFilter(text="a"), sort="phone", descending=False)
    assert [row.phone for row in rows] == sorted(row.phone for row in rows)


def test_phone_fragments():
    assert phone_fragments("03 21 70") == ["032170", "3332170"]
    assert phone_fragments("70-12-34") == ["701234"]
    assert phone_fragments("0033 3 21") == ["0033321", "33321"]
    assert phone_fragments("soudeur 12") == []
    assert phone_fragments("12") == []
