"""French writing without the locale: the same text whatever LC_TIME says."""

from __future__ import annotations

import locale
from datetime import date, datetime

import pytest

from bouquet_desk.core.letters.fields import clean
from bouquet_desk.core.letters.french import count, french_date, join_words, person_name


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 11, 28), "28 novembre 2026"),
    (date(2027, 2, 1), "1er février 2027"),
    (date(2026, 8, 15), "15 août 2026"),
    (date(2026, 12, 31), "31 décembre 2026"),
    (datetime(2027, 1, 2, 23, 59), "2 janvier 2027"),
])
def test_french_dates(day, text):
    assert french_date(day) == text


def test_french_date_ignores_the_locale():
    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C")
        assert french_date(date(2026, 5, 1)) == "1er mai 2026"
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def test_missing_date_is_blank():
    assert french_date(None) == ""


def test_words_names_and_counts():
    assert join_words(["a"]) == "a"
    assert join_words(["a", "", "b", "c"]) == "a, b et c"
    assert person_name("Claire", "Martin") == "Claire MARTIN"
    assert person_name("", "Lefebvre") == "LEFEBVRE"
    assert count(1, "place") == "1 place"
    assert count(1200, "personne") == "1\u202f200 personnes"


def test_clean_keeps_line_breaks_and_drops_what_xml_cannot_hold():
    assert clean(None) == ""
    assert clean("  a\tb \r\n\r\n c\x00\x07d\x0c ") == "a b\ncd"
    assert clean(42) == "42"
