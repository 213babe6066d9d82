"""Closed lists and dates as typed: forgiving on case and format, precise when refusing."""

from __future__ import annotations

from datetime import date

import pytest

from bouquet_desk.core.calls.codes import require_category, require_call_outcome, require_referral_status
from bouquet_desk.core.calls.dates import parse_date
from bouquet_desk.core.errors import UserError


def test_category_is_read_whatever_the_case():
    assert require_category("pfmp") == "PFMP"
    assert require_category(" formation-continue ") == "FORMATION_CONTINUE"
    assert require_call_outcome("Referred") == "referred"
    assert require_referral_status("no answer") == "no_answer"


def test_unknown_category_lists_the_valid_ones():
    with pytest.raises(UserError) as caught:
        require_category("stage")
    message = str(caught.value)
    assert "« stage »" in message
    for code in ("PFMP", "APPRENTISSAGE", "RECRUTEMENT", "FORMATION_CONTINUE", "LOCAUX", "TAXE", "PARTENARIAT",
                 "HORS_PERIMETRE"):
        assert code in message


@pytest.mark.parametrize("text", ["2026-11-12", "12/11/2026", " 12/11/2026 ", "12.11.2026"])
def test_dates_iso_and_french(text):
    assert parse_date(text) == date(2026, 11, 12)


@pytest.mark.parametrize("text", ["", "12/13/2026", "2026-02-30", "demain", "11/12"])
def test_bad_dates_are_refused_in_french(text):
    with pytest.raises(UserError, match="AAAA-MM-JJ ou JJ/MM/AAAA"):
        parse_date(text, what="Date de début")
