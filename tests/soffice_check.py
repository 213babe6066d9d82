"""LibreOffice tests skip with a reason on a bare laptop; CI (BOUQUET_DESK_REQUIRE_SOFFICE=1) makes that a failure."""

from __future__ import annotations

import os

import pytest

from bouquet_desk.core.letters.pdf import soffice_path


def soffice_or_skip() -> None:
    if soffice_path() is None:
        if os.environ.get("BOUQUET_DESK_REQUIRE_SOFFICE"):
            pytest.fail("BOUQUET_DESK_REQUIRE_SOFFICE is set but LibreOffice is not installed")
        pytest.skip("LibreOffice (soffice) not installed")
