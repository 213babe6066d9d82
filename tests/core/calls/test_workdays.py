"""Working days: weekends and French public holidays are skipped by referral deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from bouquet_desk.core.calls.workdays import add_working_days, easter_sunday, french_holidays, is_working_day


@pytest.mark.parametrize("year, easter", [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
                                          (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)),
                                          (2038, date(2038, 4, 25))])
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_the_eleven_holidays_of_2026():
    holidays = french_holidays(2026)
    assert len(holidays) == 11
    assert holidays[date(2026, 4, 6)] == "Lundi de Pâques"
    assert holidays[date(2026, 5, 14)] == "Ascension"
    assert holidays[date(2026, 5, 25)] == "Lundi de Pentecôte"
    assert holidays[date(2026, 11, 11)] == "Armistice 1918"
    # Alsace-Moselle's extra days are not Pas-de-Calais holidays.
    assert date(2026, 4, 3) not in holidays and date(2026, 12, 26) not in holidays


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2026, 11, 10))  # Tuesday
    assert not is_working_day(date(2026, 11, 11))  # Wednesday, Armistice
    assert not is_working_day(date(2026, 11, 14))  # Saturday
    assert not is_working_day(date(2026, 11, 15))  # Sunday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday


@pytest.mark.parametrize("start, days, due", [
    (date(2026, 11, 2), 2, date(2026, 11, 4)),  # Monday → Wednesday
    (date(2026, 11, 6), 2, date(2026, 11, 10)),  # Friday → Tuesday, over the weekend
    (date(2026, 11, 10), 2, date(2026, 11, 13)),  # Tuesday → Friday: Wednesday 11 November skipped
    (date(2026, 4, 2), 2, date(2026, 4, 7)),  # Thursday → Tuesday: weekend and Easter Monday skipped
    (date(2026, 11, 14), 2, date(2026, 11, 17)),  # a Saturday call counts from Monday
    (date(2026, 12, 24), 1, date(2026, 12, 28)),  # Christmas, then the weekend
    (date(2026, 11, 14), 0, date(2026, 11, 16)),  # zero days: the next working day
    (date(2026, 11, 12), 0, date(2026, 11, 12)),
])
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_negative_days_are_a_bug():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 2), -1)
