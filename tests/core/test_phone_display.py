"""The French display of phone numbers: the quick path for ordinary French numbers writes exactly what
phonenumbers writes, and every other number still goes through phonenumbers."""

from __future__ import annotations

import random

import phonenumbers

from bouquet_desk.core.phones import format_phone


def reference(e164: str) -> str:
    number = phonenumbers.parse(e164, "FR")
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if phonenumbers.region_code_for_number(number) == "FR"
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def test_french_numbers_shown_as_phonenumbers_shows_them():
    rng = random.Random(7)
    numbers = [f"+33{rng.randint(1, 9)}{rng.randrange(10**8):08d}" for _ in range(3000)]
    assert [format_phone(n) for n in numbers] == [reference(n) for n in numbers]
    assert format_phone("+33321778899") == "03 21 77 88 99"


def test_other_numbers_and_empty_values():
    assert format_phone("+3225551212") == reference("+3225551212")
    assert format_phone("+33800123456") == reference("+33800123456")
    assert format_phone(None) == format_phone("") == ""
