"""Personal details cut out of free text."""

from __future__ import annotations

from bouquet_desk.core.privacy.scrub import Identifiers, scrub_json, scrub_text


def test_numbers_addresses_and_civilities_go_whoever_they_belong_to():
    text = "Mme Nowak (06.12.34.56.78, anna.nowak@garage.fr) rappellera M. Jean Caron au +33 3 21 00 00 00."
    assert scrub_text(text) == "Mme [nom] ([téléphone], [e-mail]) rappellera M. [nom] au [téléphone]."


def test_the_persons_own_names_go_with_or_without_accents():
    who = Identifiers.of([("Élodie Lherbier", "+33321000012", "e.lherbier@exemple.fr")])
    text = "elodie LHERBIER a rappelé ; Lherbier souhaite un stage. Tél 0321000012."
    assert scrub_text(text, who) == "[nom] a rappelé ; [nom] souhaite un stage. Tél [téléphone]."
    assert scrub_text("Élodie", Identifiers.of([("Élodie Lherbier", None, None)])) == "[nom]"


def test_shared_tables_only_lose_full_names():
    who = Identifiers.of([("Julie Caron", None, None)])
    shared = who.pattern(name_parts=False)
    assert scrub_text("Julie Dubois, client de Julie Caron", pattern=shared) == "Julie Dubois, client de [nom]"


def test_scrubbing_is_stable_and_keeps_short_numbers():
    once = scrub_text("M. Dupont veut une salle de 60 places, BTS SP3S, tél 03 21 77 88 99")
    assert once == "M. [nom] veut une salle de 60 places, BTS SP3S, tél [téléphone]"
    assert scrub_text(once) == once


def test_history_json_keeps_its_shape():
    who = Identifiers.of([("Karim Nowak", "+33321000001", None)])
    changes = '{"name": [null, "Karim Nowak"], "phone": [null, "+33321000001"], "count": [1, 2]}'
    assert scrub_json(changes, who.pattern()) == \
        '{"count": [1, 2], "name": [null, "[nom]"], "phone": [null, "[téléphone]"]}'
