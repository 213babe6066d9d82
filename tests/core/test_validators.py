"""Identifier checks, phone numbers and cell parsers used by the catalogue import (and by companies and calls)."""

from __future__ import annotations

import datetime

import pytest

from bouquet_desk.core.catalogue import cells
from bouquet_desk.core.catalogue.cells import BadValue
from bouquet_desk.core.catalogue.text import cell_text, fold, squash
from bouquet_desk.core.catalogue.validators import (
    cfd_problem,
    is_valid_email,
    is_valid_rome,
    is_valid_siret,
    is_valid_uai,
    luhn_is_valid,
    siren_is_valid,
    siret_problem,
    uai_check_letter,
    uai_problem,
)
from bouquet_desk.core.phones import format_phone, parse_phone


def _ignore(reason: str) -> None:
    raise AssertionError(f"unexpected warning: {reason}")


@pytest.mark.parametrize("uai", ["0620027T", "0620059C", "0623864N", "0623985V", "0620113l"])
def test_real_uai_codes_pass(uai):
    assert is_valid_uai(uai)


def test_uai_check_letter_skips_i_o_q():
    assert uai_check_letter("0620027") == "T"
    letters = {uai_check_letter(f"{n:07d}") for n in range(23)}
    assert letters.isdisjoint({"I", "O", "Q"}) and len(letters) == 23


@pytest.mark.parametrize(
    "uai, reason",
    [
        ("0620027A", "la lettre de contrôle devrait être T"),
        ("062002T", "8 caractères attendus"),
        ("06200X7T", "7 chiffres puis une lettre"),
    ],
)
def test_bad_uai_says_why(uai, reason):
    assert reason in uai_problem(uai)


def test_luhn_and_siret():
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")
    assert siren_is_valid("732 829 320")
    assert is_valid_siret("732 829 320 00074")
    assert not is_valid_siret("73282932000075")
    assert "14 chiffres" in siret_problem("7328293200007")
    assert "Luhn" in siret_problem("73282932000075")


def test_la_poste_sirets_follow_their_own_rule():
    # La Poste establishments are numbered past Luhn; INSEE checks their digit sum modulo 5 instead.
    assert not luhn_is_valid("35600000049837")
    assert is_valid_siret("35600000049837")
    assert not is_valid_siret("35600000049838")


def test_cfd_is_eight_characters_of_text():
    assert cfd_problem("01033001") is None
    assert "8 caractères" in cfd_problem("1033001")
    assert "chiffres et des lettres" in cfd_problem("0103300-")


def test_cfd_typed_as_a_number_gets_its_zeros_back_with_a_warning():
    warnings = []
    assert cells.cfd(1033001, warnings.append) == "01033001"
    assert warnings and "nombre" in warnings[0]
    with pytest.raises(BadValue):
        cells.cfd("1033001", _ignore)  # typed as text: a missing digit, not a lost zero


def test_rome_and_email():
    assert is_valid_rome("H2913") and not is_valid_rome("H291") and not is_valid_rome("2913H")
    assert is_valid_email("aurelie.dufour@exemple.fr")
    assert is_valid_email("bde@lycee.invalid")
    for bad in ("pas un mail", "a@b", "a@@b.fr", "a b@c.fr"):
        assert not is_valid_email(bad)


@pytest.mark.parametrize(
    "typed", ["03 21 77 88 99", "0321778899", "03.21.77.88.99", "+33 3 21 77 88 99", "+33 (0)3 21 77 88 99",
              "0033321778899", 321778899],
)
def test_phones_are_stored_e164(typed):
    assert parse_phone(typed) == "+33321778899"


def test_phones_shown_the_french_way():
    assert format_phone("+33321778899") == "03 21 77 88 99"
    assert format_phone("+33612345678") == "06 12 34 56 78"
    assert format_phone("+3225551212") == "+32 2 555 12 12"
    assert format_phone(None) == "" and format_phone("") == ""
    assert format_phone("standard") == "standard"  # a value typed before validation is shown as stored


@pytest.mark.parametrize("typed", ["12", "pas de numéro", "03 21 77 88", "+33 3 21 77 88 99 99"])
def test_invalid_phones_are_refused(typed):
    assert parse_phone(typed) is None


def test_closed_lists_accept_what_people_type():
    diploma = cells.choice(["CAP", "BAC PRO", "LICENCE PRO"], "diplôme")
    assert diploma("Bac pro", _ignore) == "BAC PRO"
    assert diploma("licence-pro", _ignore) == "LICENCE PRO"
    assert diploma("", _ignore) is None
    with pytest.raises(BadValue, match="diplôme inconnu"):
        diploma("BEP", _ignore)
    categories = cells.choices(["PFMP", "LOCAUX", "FORMATION_CONTINUE"], "catégorie")
    assert categories("pfmp, Locaux; formation continue, PFMP", _ignore) == "PFMP,LOCAUX,FORMATION_CONTINUE"
    assert categories(None, _ignore) == ""


def test_numbers_accept_french_writing():
    assert cells.decimal(-90, 90)("50,4321", _ignore) == pytest.approx(50.4321)
    assert cells.decimal(-90, 90)(50.4321, _ignore) == pytest.approx(50.4321)
    with pytest.raises(BadValue, match="hors limites"):
        cells.decimal(-90, 90)("91", _ignore)
    assert cells.integer(0)("1 200", _ignore) == 1200
    assert cells.integer(0)(24.0, _ignore) == 24
    with pytest.raises(BadValue, match="entier"):
        cells.integer(0)("beaucoup", _ignore)
    with pytest.raises(BadValue, match="entre 3 et 8"):
        cells.integer(3, 8)(9, _ignore)


def test_rome_cell_stored_space_separated():
    assert cells.rome_codes("h2913, H2914;H2913", _ignore) == "H2913 H2914"
    with pytest.raises(BadValue, match="ROME"):
        cells.rome_codes("soudeur", _ignore)


def test_cell_text_and_name_folding():
    assert cell_text(62300.0) == "62300"
    assert cell_text(datetime.datetime(2025, 1, 6)) == "06/01/2025"
    assert cell_text("  Liévin ") == "Liévin"
    assert fold("Établissements ") == "etablissements"
    assert squash("Code postal") == squash("code_postal") == "codepostal"
