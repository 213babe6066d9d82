"""French normalisation: case, accents, ligatures, elisions, stop words, plural and feminine folding."""

from __future__ import annotations

from bouquet_desk.core.search.normalize import MAX_QUERY_CHARS, cap_query, content_words, fold, words
from bouquet_desk.core.search.stemming import family_root, stem


def test_fold_drops_case_accents_and_ligatures():
    assert fold("Œuvre Électrique ÆSOP") == "oeuvre electrique aesop"
    assert fold("Maçon") == "macon"


def test_elisions_and_stop_words_are_cut():
    assert content_words("Agent d’entretien de l'atelier") == ["agent", "entretien", "atelier"]
    assert content_words("jusqu'à l'amphithéâtre") == ["amphitheatre"]
    # Stop words stay available to the query parser ("pour 60 personnes à Lens").
    assert words("pour 60 personnes à Lens") == ["pour", "60", "personnes", "a", "lens"]


def test_plural_and_feminine_fold_to_one_stem():
    assert stem("soudeuse") == stem("soudeur") == stem("soudeurs") == "soudeur"
    assert stem(fold("plombière")) == stem("plombier")
    assert stem("maconne") == stem("macon")
    assert stem("conductrice") == stem("conducteur")
    assert stem(fold("esthéticienne")) == stem("estheticien")
    assert stem("salles") == stem("salle")
    assert stem("professionnelle") == stem("professionnel")


def test_short_words_and_codes_are_not_stemmed():
    assert stem("bts") == "bts"
    assert stem("sp3s") == "sp3s"
    assert stem("40025510") == "40025510"


def test_word_families_share_a_root():
    assert family_root("soudure") == family_root("soudage") == family_root("soudeur")
    assert family_root("plomberie") == family_root("plombier")
    assert family_root("electricite") == family_root("electricien")
    assert family_root("menuiserie") == family_root("menuisier")


def test_query_is_capped_and_control_characters_removed():
    assert len(cap_query("a" * 10_000)) == MAX_QUERY_CHARS
    assert cap_query("sou\x00deur\n") == "sou deur "
