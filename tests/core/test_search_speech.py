"""Phone speech: intent words steer the ranking instead of matching text, filler words are dropped, the
spoken lexicon (slang, short forms, trade words, old names) is rewritten into the catalogue's words, what
was understood is returned and can be undone, the caller's town ranks by distance, and a query that finds
nothing well still gets its nearest matches, marked as such."""

from __future__ import annotations

import pytest
from speech_samples import first, speech_engine

from bouquet_desk.core.search.lexicon import default_lexicon
from bouquet_desk.core.search.query import HOME, PLACE, parse


@pytest.fixture(scope="module")
def engine():
    return speech_engine()


def labels(answer) -> list[str]:
    return [item.label for item in answer.understood]


# ------------------------------------------------------------------ intents

def test_apprenti_prefers_the_apprenticeship_pathway_and_is_not_matched_as_text(engine):
    answer = engine.search("on cherche un apprenti carrossier")
    assert first(answer) == [("formation", "0629002B", "40025412")]
    assert "apprentissage" in labels(answer)
    # The CFA's name and type hold "apprentissage": the intent word does not find it.
    assert ("establishment", "0629002B") not in first(answer, 3)


def test_stage_prefers_the_school_pathway(engine):
    answer = engine.search("un stagiaire carrossier peintre")
    assert first(answer) == [("formation", "0629001A", "40025412")]
    assert labels(answer) == ["stage (voie scolaire)"]


def test_former_nos_salaries_asks_for_continuing_education_providers(engine):
    answer = engine.search("il faudrait former notre personnel")
    assert {result.key for result in answer.results[:2]} == {("contact", "K1"), ("establishment", "0629003C")}
    assert "formation continue" in labels(answer)
    # With a trade: the continuing-education course of it comes before the school one.
    trade = engine.search("habilitation électrique pour nos salariés")
    assert first(trade) == [("formation", "0629003C", "50025524")]


def test_louer_asks_for_rooms(engine):
    answer = engine.search("louer une cuisine")
    assert answer.results[0].kind == "resource"
    assert "location de locaux" in labels(answer)


def test_embaucher_puts_common_first_years_last(engine):
    answer = engine.search("embaucher en maintenance")
    cfds = [result.cfd for result in answer.results if result.kind == "formation"]
    assert cfds.index("40025012") < cfds.index("40020104")
    assert "recrutement (fin de cursus)" in labels(answer)


def test_an_intent_word_inside_a_known_phrase_stays_a_word():
    parsed = parse("la taxe d'apprentissage", None, default_lexicon())
    assert not parsed.intents
    # ... and the phrase is the contacts' TAXE category.
    assert parsed.tokens == ["taxe"]
    assert parse("la taxe d'apprentissage", None, default_lexicon(),
                 literal={"spoken:taxe d'apprentissage"}).tokens == ["taxe", "apprentissage"]


def test_filler_words_of_phone_speech_are_dropped():
    parsed = parse("allo bonjour euh je voudrais savoir si vous auriez des jeunes en cuisine chez nous",
                   None, default_lexicon())
    assert parsed.tokens == ["cuisine"]


def test_letters_spelled_one_by_one_are_a_sigle_but_an_article_without_its_apostrophe_is_not():
    lexicon = default_lexicon()
    assert "bts" in parse("un b t s electronique", None, lexicon).tokens
    assert "lp" in parse("le l p henri senez", None, lexicon).tokens
    # "à l'habilitation" typed on the phone as "a l habilitation": no sigle "al" (it matched codes).
    tokens = parse("former notre personnel a l habilitation electrique", None, lexicon).tokens
    assert "al" not in tokens and "electrique" in tokens  # « habilitation » and « former » are the intent


def test_a_query_of_filler_words_only_is_still_searched():
    assert parse("allo", None, default_lexicon()).tokens == ["allo"]


# ------------------------------------------------------------------ spoken lexicon, per kind of entry

def test_the_lexicon_has_every_kind_of_spoken_entry():
    kinds = {entry.kind for entry in default_lexicon().spoken.values()}
    assert kinds == {"slang", "short_forms", "trade_words", "old_names"}


@pytest.mark.parametrize(("said", "expected"), [
    ("cuistot", ("formation", "0629001A", "50022135")),          # slang
    ("placo", ("formation", "0629002B", "50023326")),            # slang, then the ROME job title
    ("tbi", ("resource", "0629005E", "S12")),                    # short form, found in the equipment
    ("ebeniste", None),                                          # trade word the catalogue lacks: nearest
    ("chef de travaux", ("contact", "K2")),                      # old name of the DDFPT
    ("bep electricien", ("formation", "0629003C", "50025524")),  # old diploma name
])
def test_spoken_words_are_rewritten_into_the_catalogues(engine, said, expected):
    answer = engine.search(said + " ")
    assert any(item.key.startswith("spoken:") for item in answer.understood)
    if expected is None:
        assert not answer.exact and all(result.approximate for result in answer.results)
    else:
        assert expected in first(answer, 2)


def test_trade_words_reach_formations_through_rome_titles_or_synonyms(engine):
    # "carreleur" and "grutier" are ROME job titles: no lexicon entry needed.
    assert first(engine.search("carreleur ")) == [("formation", "0629002B", "50023330")]


def test_a_diploma_renamed_since_answers_its_former_title(engine):
    # BCN / CPC: TECHNICIEN DU FROID ET DU CONDITIONNEMENT D'AIR (40025509) became METIERS DU FROID ET DES
    # ENERGIES RENOUVELABLES (40025517); the catalogue has the new one, the caller says the old one.
    answer = engine.search("technicien du froid et du conditionnement d'air ")
    assert first(answer) == [("formation", "0629005E", "40025517")]
    assert "TECHNICIEN DU FROID ET DU CONDITIONNEMENT D'AIR (BAC PRO)" in engine.reference.other_titles("40025517")


def test_a_former_title_the_lexicon_knows_is_indexed_both_ways(engine):
    # Bac pro "gestion-administration" became AGOrA ("assistance à la gestion des organisations...").
    assert first(engine.search("bac pro gestion administration ")) == [("formation", "0629005E", "40030004")]


# ------------------------------------------------------------------ understood, and undone

def test_what_was_understood_can_be_undone(engine):
    answer = engine.search("apprenti carrossier près de Béthune")
    keys = [item.key for item in answer.understood]
    assert keys == [PLACE, "intent:apprentissage"]
    assert labels(answer) == ["près de Béthune", "apprentissage"]
    literal = engine.search("apprenti carrossier près de Béthune", literal={"intent:apprentissage"})
    assert [item.key for item in literal.understood] == [PLACE]
    # Taken as typed, "apprenti" is a word again, matched in the pathway tags.
    assert "« apprenti » dans les mots-clés" in literal.results[0].why


def test_spoken_rewrite_can_be_undone(engine):
    answer = engine.search("placo ", literal={"spoken:placo"})
    assert not answer.understood and not answer.exact


# ------------------------------------------------------------------ the caller's town

def test_the_callers_town_ranks_by_distance_when_no_place_is_typed(engine):
    answer = engine.search("amphitheatre", home="Liévin")
    assert [result.uai for result in answer.results][:1] == ["0629005E"]
    assert answer.understood[-1].key == HOME and "Liévin" in answer.understood[-1].label
    assert answer.place == "Liévin"


def test_a_place_typed_in_the_query_wins_over_the_callers_town(engine):
    answer = engine.search("amphitheatre à Boulogne-sur-Mer", home="Liévin")
    assert answer.results[0].uai == "0629004D"
    assert HOME not in [item.key for item in answer.understood]


def test_the_callers_town_can_be_undone_and_an_unknown_one_is_ignored(engine):
    assert engine.search("amphitheatre", home="Liévin", literal={HOME}).place is None
    assert engine.search("amphitheatre", home="Atlantis").place is None


# ------------------------------------------------------------------ never a blank list

def test_nothing_matching_gives_the_nearest_marked_as_such(engine):
    answer = engine.search("dresseur de dragons")
    assert not answer.exact
    assert answer.results and all(result.approximate for result in answer.results)
    assert all(result.why.startswith("résultat approché") for result in answer.results)


def test_a_surname_that_is_the_job_asked_is_no_answer(engine):
    answer = engine.search("un boulanger ")
    assert not answer.exact
    assert answer.results[0].key == ("contact", "K3") and answer.results[0].approximate


def test_an_exact_answer_is_not_marked(engine):
    answer = engine.search("carrossier peintre ")
    assert answer.exact and not answer.results[0].approximate


def test_letters_spelt_out_and_words_glued_are_put_right():
    vocabulary = {"bac", "pro", "bon", "jour", "logistique", "bts"}
    known = vocabulary.__contains__
    parsed = parse("bacpro logistique ", None, default_lexicon(), known=known,
                   unknown=lambda word: word not in vocabulary)
    assert parsed.tokens == ["bac", "pro", "logistique"]
    assert parse("b t s électro", None, default_lexicon()).tokens[0] == "bts"
    assert parse("c.a.p cuisine", None, default_lexicon()).tokens[0] == "cap"
    # Phone speech and elisions are left alone.
    assert parse("bonjour l'atelier ", None, default_lexicon(), known=known,
                 unknown=lambda word: word not in vocabulary).tokens == ["atelier"]


def test_an_intent_word_spelt_by_ear_is_still_understood(engine):
    answer = engine.search("un aprentissage en carrosserie")
    assert "apprentissage" in labels(answer)


def test_a_course_without_the_pathway_asked_is_no_exact_answer(engine):
    # Cooking is taught here at school only: an apprentice cook finds it, marked, and the need stays unmet.
    answer = engine.search("un apprenti cuisinier")
    assert not answer.exact
    assert answer.results[0].cfd == "50022135" and answer.results[0].approximate
    assert "voie apprentissage non proposée" in answer.results[0].why
    offered = engine.search("un apprenti carrossier")
    assert offered.exact and "voie apprentissage proposée" in offered.results[0].why
