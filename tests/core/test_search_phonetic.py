"""The French phonetic key and its use: words spelt by ear reach the vocabulary word that sounds the same,
only when the spelling alone finds nothing close, and the explanation says so."""

from __future__ import annotations

import pytest
from speech_samples import first, speech_engine

from bouquet_desk.core.search.phonetic import phonetic_key, sounds_alike


@pytest.fixture(scope="module")
def engine():
    return speech_engine()


@pytest.mark.parametrize(("heard", "written"), [
    ("sodo", "seaudeau"),                  # au / eau / o
    ("karosier", "carrossier"),            # c = k, doubled consonants
    ("kalite", "qualite"),                 # qu = k
    ("grafiste", "graphiste"),             # ph = f
    ("masse", "mace"),                     # ss = c before e
    ("prinsipal", "principal"),            # c before i = s
    ("rezo", "reseau"),                    # z = s, eau = o
    ("boulanjer", "boulanger"),            # g before e = j
    ("gitare", "guitare"),                 # gu before i = g
    ("batiman", "batiment"),               # an / en, silent final t
    ("pintre", "peintre"),                 # in / ein
    ("secretaria", "secretariat"),         # silent final t
    ("lojistique", "logistique"),
    ("ortikulture", "horticulture"),       # silent h, c = k
    ("ebenisteri", "ebenisterie"),         # mute final e
    ("tuyoterie", "tuyauterie"),           # y = i, au = o
    ("electrotechnik", "electrotechnique"),  # ch before a consonant = k, que = k
    ("cuisiniere", "cuisinier"),           # feminine and -er
    ("formasion", "formation"),            # t before ion = s
])
def test_words_that_sound_alike_share_a_key(heard, written):
    assert sounds_alike(heard, written), (phonetic_key(heard), phonetic_key(written))


@pytest.mark.parametrize(("one", "other"), [
    ("soudeur", "sondeur"), ("macon", "maison"), ("peintre", "pointe"), ("cariste", "carriere"),
    ("plombier", "plongeur"), ("vente", "ventouse"),
])
def test_words_that_sound_different_keep_different_keys(one, other):
    assert not sounds_alike(one, other)


def test_short_and_odd_words_do_not_break_the_key():
    for word in ("", "a", "xxxx", "hhhh", "1234", "é", "x" * 500):
        assert isinstance(phonetic_key(word), str)


def test_a_word_spelt_by_ear_is_found_and_said_so(engine):
    answer = engine.search("carosier peintre ")
    assert first(answer) in ([("formation", "0629001A", "40025412")], [("formation", "0629002B", "40025412")])
    assert "« carosier » sonne comme « carrossier »" in answer.results[0].why


def test_a_vowel_misheard_is_said_as_a_sound(engine):
    answer = engine.search("electrissien ")
    assert answer.results and answer.results[0].cfd == "50025524"
    assert "sonne comme « electricien »" in answer.results[0].why


def test_a_plain_typo_stays_a_typo(engine):
    answer = engine.search("electricein ")
    assert answer.results[0].cfd == "50025524"
    assert "faute de frappe" in answer.results[0].why


def test_the_phonetic_table_is_built_on_the_vocabulary_not_the_records(engine):
    index = engine._index
    same, _near = index.sounds_like("karosier")
    assert "carrossier" in same
    # One entry per distinct word, whatever the number of records that hold it.
    assert sum(map(len, index._phonetic.values())) <= len(index.sorted_surfaces())
