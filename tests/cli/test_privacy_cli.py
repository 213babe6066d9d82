"""`privacy purge|export|erase|log` end to end, with the exit-code convention (0 done, 2 refused)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from activity_data import activity, activity_template  # noqa: F401

from bouquet_desk.core.phones import format_phone


@pytest.fixture
def cli(activity):
    context, generated = activity

    def run(*args, expect: int = 0):
        done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", context.url, "privacy", *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == expect, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    run.generated = generated
    return run


def test_export_then_erase_then_nothing_left(cli, tmp_path):
    person = cli.generated.callers[5]
    phone = format_phone(person.phone)  # typed the French way
    cli("export", "--phone", phone, "--out", str(tmp_path / "export.json"))
    data = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert data["appelants"][0]["nom"] == person.name
    assert "anonymisée" in cli("erase", "--phone", phone).stdout
    assert "Aucune donnée personnelle" in cli("erase", "--phone", phone, expect=2).stderr
    assert "Aucune donnée personnelle" in cli("export", "--phone", phone, "--out", str(tmp_path / "again.json"),
                                               expect=2).stderr
    log = cli("log").stdout
    assert "effacement sur demande" in log and "export des données" in log
    assert person.name not in log


def test_refusals_exit_2(cli, tmp_path):
    assert "invalide" in cli("erase", "--phone", "123", expect=2).stderr
    assert "invalide" in cli("purge", "--before", "31/02/2024", expect=2).stderr
    assert "futur" in cli("purge", "--before", "2150-01-01", expect=2).stderr
    assert "hors limites" in cli("purge", "--before", "9999-12-31", expect=2).stderr
    cli("export", "--out", str(tmp_path / "x.json"), expect=2)  # --phone is required


def test_purge_dry_run_then_for_real(cli):
    dry = cli("purge", "--before", "2025-06-01", "--dry-run").stdout
    assert "seraient anonymisés" in dry
    real = cli("purge", "--before", "01/06/2025").stdout
    assert real.replace(" anonymisés.", "") == dry.replace(" seraient anonymisés.", "")
    assert "0 appelant(s)" in cli("purge", "--before", "2025-06-01").stdout
    assert "purge (durée de conservation)" in cli("log").stdout
