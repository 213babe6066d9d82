"""What the engine finds: typos by length, prefixes, sigles, synonyms, job words, town and room size."""

from __future__ import annotations

import pytest
from search_samples import keys, sample_engine

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.search.expansion import typo_allowance


@pytest.fixture(scope="module")
def engine():
    return sample_engine()


def test_typo_allowance_grows_with_word_length():
    assert [typo_allowance(n) for n in (2, 3, 4, 6, 7, 12)] == [0, 0, 1, 1, 2, 2]


def test_long_word_with_typos_is_corrected(engine):
    answer = engine.search("electrcite ")
    assert keys(answer, 1) == [("formation", "0620001A", "40025510")]
    assert "faute de frappe" in answer.results[0].why


def test_short_words_get_no_typo_tolerance(engine):
    # "cop" is one letter from "cap" but three letters are too few to correct safely.
    assert not any(result.cfd for result in engine.search("cop ").results)


def test_last_word_is_completed_while_typing(engine):
    assert keys(engine.search("logisti"), 1) == [("formation", "0620002B", "40031106")]
    # The same letters followed by a space are a finished word: no completion, only the nearest matches,
    # marked as such (never a blank list).
    finished = engine.search("logisti ")
    assert not finished.exact and all(result.approximate for result in finished.results)


def test_every_prefix_of_a_query_answers(engine):
    query = "soudeur lens"
    for end in range(1, len(query) + 1):
        engine.search(query[:end])  # never raises
    assert keys(engine.search("soudeur le"), 1)[0][0] in ("formation", "resource")


def test_sigles_of_the_lexicon_and_initials(engine):
    assert keys(engine.search("melec"), 1) == [("formation", "0620001A", "40025510")]
    assert keys(engine.search("bts mco"), 1) == [("formation", "0620001A", "32031213")]
    assert keys(engine.search("bts sio"), 1) == [("formation", "0620003C", "32027002")]


def test_synonyms_that_are_not_typos(engine):
    found = keys(engine.search("soudure "), 5)
    assert ("formation", "0620001A", "50025437") in found
    assert ("resource", "0620003C", "SOUD") in found
    assert "synonyme" in engine.search("soudeur ").results[0].why


def test_job_word_finds_formations_without_the_word(engine):
    answer = engine.search("plombier ")
    assert keys(answer, 1) == [("formation", "0620002B", "50023324")]
    assert "ROME F1603" in answer.results[0].why
    assert keys(engine.search("macon "), 1) == [("formation", "0620002B", "50023217")]
    assert ("formation", "0620002B", "40031106") in keys(engine.search("cariste "), 3)
    assert ("formation", "0620003C", "32027002") in keys(engine.search("développeur "), 3)


def test_town_ranks_nearby_first(engine):
    assert keys(engine.search("soudage lens"), 1) == [("formation", "0620001A", "50025437")]
    answer = engine.search("soudage à Arras")
    assert answer.place == "Arras"
    assert answer.results[0].uai == "0620003C"
    assert "à Arras" in answer.results[0].why
    far = [result for result in answer.results if result.uai == "0620004D"][0]
    assert far.distance_km > 50 and "km de Arras" in far.why


def test_near_option_and_unknown_town(engine):
    assert engine.search("soudage", near="Wimereux").results[0].uai == "0620004D"
    with pytest.raises(UserError):
        engine.search("soudage", near="Atlantis")


def test_capacity_keeps_rooms_big_enough(engine):
    answer = engine.search("salle 100 personnes")
    assert answer.min_capacity == 100
    assert answer.results
    assert all(result.kind == "resource" and result.capacity >= 100 for result in answer.results)
    assert ("resource", "0620001A", "CONF") not in keys(answer)  # 60 seats
    assert "capacité" in answer.results[0].why


def test_kind_filter(engine):
    answer = engine.search("lycée", kind="establishment")
    assert answer.results and all(result.kind == "establishment" for result in answer.results)
    with pytest.raises(UserError):
        engine.search("lycée", kind="planet")


def test_establishment_and_contact_by_name(engine):
    assert keys(engine.search("gambetta"), 1) == [("establishment", "0620003C")]
    assert keys(engine.search("dufour"), 1) == [("contact", "C1")]


def test_every_result_says_why(engine):
    for query in ("plombier", "salle 100 personnes à Lens", "melec", "amphi", "electrcite"):
        for result in engine.search(query).results:
            assert result.why


def test_result_json_has_the_keys_of_its_kind(engine):
    formation = engine.search("melec").results[0].to_json()
    assert {"kind", "uai", "cfd", "title", "establishment", "commune", "score", "why"} <= set(formation)
    room = engine.search("amphi").results[0].to_json()
    assert room["code"] == "AMPHI" and "cfd" not in room
    person = engine.search("dufour").results[0].to_json()
    assert person["ref"] == "C1"


def test_sites_of_the_town_named_rank_as_in_town():
    from dataclasses import replace

    from search_samples import reference, sample_records

    from bouquet_desk.core.search.engine import SearchEngine

    # A second site in Lens, 3 km from the town centre, and a room just outside the town, nearer the centre.
    records = sample_records()
    east = [replace(r, uai="0620009K", lat=50.43954, lng=2.8611, establishment="Lycée Est")
            for r in records if r.key == ("resource", "0620001A", "CONF")]
    near = [replace(r, uai="0620008J", commune="Loos-en-Gohelle", lat=50.4450, lng=2.8000,
                    establishment="Lycée Ouest") for r in records if r.key == ("resource", "0620003C", "CONF")]
    engine = SearchEngine.from_records(records + east + near, reference=reference())
    answer = engine.search("salle à Lens", kind="resource")
    order = [result.uai for result in answer.results]
    assert order.index("0620009K") < order.index("0620008J")
    assert "à Lens" in answer.results[order.index("0620009K")].why


def test_postcode_names_the_town(engine):
    answer = engine.search("soudage 62000")
    assert answer.place == "Arras"
    assert answer.results[0].uai == "0620003C"
    assert engine.search("soudage", near="62930").results[0].uai == "0620004D"


def test_misspelt_town(engine):
    answer = engine.search("soudage araas ")
    assert answer.place == "Arras"
    assert answer.results[0].uai == "0620003C"
    # A misspelt trade word is corrected as a word, not taken for a town.
    assert engine.search("soudaeg ").place is None


def _engine_with(extra=(), described=None):
    from dataclasses import replace

    from search_samples import reference, sample_records

    from bouquet_desk.core.search.engine import SearchEngine

    records = sample_records()
    if described:
        records = [replace(r, description=described[r.key]) if r.key in described else r for r in records]
    return SearchEngine.from_records(records + list(extra), reference=reference())


WELDING_ROOM = ("resource", "0620003C", "SOUD")


def test_a_word_only_in_a_description_does_not_flip_the_kind():
    engine = _engine_with(described={WELDING_ROOM: "Postes TIG et MIG, cabines ventilées, petite salle de cours"})
    # The job word leads to the welding formations; "tig" is only in the room's description.
    assert keys(engine.search("soudeur tig "), 1)[0][0] == "formation"
    found = keys(engine.search("soudeur tig "))
    assert WELDING_ROOM in found  # still found, below the formations
    # Alone, the description word still finds the room.
    assert keys(engine.search("tig "), 1) == [WELDING_ROOM]


def test_a_lone_description_word_of_a_longer_query_is_noise():
    engine = _engine_with(described={WELDING_ROOM: "Postes TIG et MIG, cabines ventilées, petite salle de cours"})
    answer = engine.search("macon tig ")
    assert keys(answer, 1) == [("formation", "0620002B", "50023217")]
    assert WELDING_ROOM not in keys(answer)


def test_a_room_word_keeps_rooms_first_after_a_job_word(engine):
    assert keys(engine.search("soudeur atelier "), 1) == [WELDING_ROOM]


def test_a_job_is_no_synonym_of_a_place():
    from bouquet_desk.core.search.lexicon import default_lexicon
    from bouquet_desk.core.search.stemming import stem

    synonyms = default_lexicon().synonyms
    assert stem("serveur") not in synonyms.get(stem("restaurant"), ())
    assert stem("petite") not in synonyms.get(stem("enfance"), ())


def test_a_synonym_of_another_query_word_does_not_count_twice(engine):
    # soudure ≈ soudage: each record holds one of the two words, and must not be scored as holding both.
    for result in engine.search("soudure soudage ").results:
        assert "synonyme" not in result.why


def test_town_is_a_tie_breaker_not_a_lift_for_a_weak_job_link():
    from bouquet_desk.core.search.records import SearchRecord

    # A common first year in Béthune leads to plumbing only as a neighbouring job; the plumbing CAP is in
    # Liévin, some 15 km away.
    common = SearchRecord(kind="formation", uai="0620005E", cfd="40020008", diploma="BAC PRO",
                          title="METIERS DES TRANSITIONS NUMERIQUE ET ENERGETIQUE 2NDE COMMUNE (BAC PRO)",
                          establishment="Lycée professionnel de Béthune", commune="Béthune", lat=50.5303,
                          lng=2.6408, establishment_type="LP", pathways="scolaire")
    engine = _engine_with([common])
    answer = engine.search("plombier béthune")
    assert answer.place == "Béthune"
    assert keys(answer, 1) == [("formation", "0620002B", "50023324")]
    assert ("formation", "0620005E", "40020008") in keys(answer)
    # Among equal matches, the town still orders: nearest first.
    assert keys(engine.search("soudage liévin"), 1)[0][1] == "0620001A"



def test_a_room_word_no_formation_is_named_after_puts_rooms_first(sqlite_context):
    from bouquet_desk.core.catalogue.demo import load_demo
    from bouquet_desk.core.search import SearchEngine

    load_demo(sqlite_context)
    engine = SearchEngine(sqlite_context.reference)
    engine.build_from_db(sqlite_context.sessions, saved=False)
    # "repas" names no formation (catering diplomas say "restauration"): the caller wants a meal served.
    assert [r.kind for r in engine.search("repas d'affaires").results[:3]] == ["resource"] * 3
    # A word formations are named after keeps the diplomas first.
    assert [r.kind for r in engine.search("cuisine").results[:3]] == ["formation"] * 3
