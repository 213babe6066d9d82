"""Rooms: a number after a room word or "pour" is a capacity, the smallest room that fits comes first, and
equipment and services are searched like tags, with synonyms."""

from __future__ import annotations

import pytest
from speech_samples import first, speech_engine

from bouquet_desk.core.search.lexicon import default_lexicon
from bouquet_desk.core.search.query import parse


@pytest.fixture(scope="module")
def engine():
    return speech_engine()


@pytest.mark.parametrize(("query", "capacity", "tokens"), [
    ("amphi 250", 250, ["amphi"]),
    ("salle 35", 35, ["salle"]),
    ("salle info 25", 25, ["salle", "informatique"]),
    ("réfectoire 150 couverts", 150, ["refectoire"]),
    ("une salle pour 30", 30, ["salle"]),
    ("salle 60p", 60, ["salle"]),
    ("bts sp3s", None, ["bts", "sp3s"]),
    ("cap 2024", None, ["cap", "2024"]),
])
def test_a_number_after_a_room_word_or_pour_is_a_capacity(query, capacity, tokens):
    parsed = parse(query, None, default_lexicon())
    assert parsed.min_capacity == capacity
    assert parsed.tokens == tokens


def test_rooms_are_ordered_by_the_smallest_that_fits(engine):
    answer = engine.search("amphi 250")
    assert [(result.uai, result.capacity) for result in answer.results] == [("0629004D", 260), ("0629001A", 320)]
    assert "capacité 260 ≥ 250" in answer.results[0].why
    assert answer.understood[0].label == "au moins 250 personnes"


def test_no_room_big_enough_shows_the_biggest_as_nearest(engine):
    answer = engine.search("amphi 2000")
    assert not answer.exact and answer.results[0].capacity == 320
    assert "capacité 320 < 2000" in answer.results[0].why


@pytest.mark.parametrize(("query", "code"), [
    ("imprimante 3D", ("resource", "0629001A", "FABLAB")),
    ("découpe laser", ("resource", "0629001A", "FABLAB")),
    ("four à pain", ("resource", "0629002B", "BOUL")),
    ("tableau interactif", ("resource", "0629005E", "S12")),
    ("TBI", ("resource", "0629005E", "S12")),
])
def test_equipment_is_searched_like_tags(engine, query, code):
    answer = engine.search(query + " ")
    assert first(answer) == [code]
    assert answer.exact and "mots-clés" in answer.results[0].why


def test_a_room_said_another_way(engine):
    answer = engine.search("salle de spectacle ")
    assert {result.code for result in answer.results} == {"AMPHI"}
    assert answer.understood[0].label == "« salle de spectacle » = auditorium"
