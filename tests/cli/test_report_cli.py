"""`report`, `unmet` and `catalogue-doc` end to end, each command a separate process as a script runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest
from activity_data import activity, activity_template  # noqa: F401
from docx import Document
from soffice_check import soffice_or_skip

from bouquet_desk.core.calls.codes import CATEGORIES


@pytest.fixture
def cli(activity):
    context, generated = activity

    def run(*args, expect: int = 0):
        done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", context.url, *args],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == expect, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    run.generated = generated
    return run


def test_report_writes_word_csv_and_workbook_whose_counts_match_the_calls(cli, tmp_path):
    out = tmp_path / "rapport.docx"
    done = cli("report", "--from", "01/09/2025", "--to", "2026-08-31", "--out", str(out),
               "--csv", str(tmp_path / "r.csv"), "--xlsx", str(tmp_path / "r.xlsx"))
    calls = cli.generated.calls_between(date(2025, 9, 1), date(2026, 8, 31))
    assert f"({len(calls)} appels" in done.stdout
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    start = rows.index(["Appels par catégorie de demande"]) + 2
    counted = {row[0]: int(row[1]) for row in rows[start:start + len(CATEGORIES)]}
    expected = Counter(c.category for c in calls)
    assert counted == {label: expected[code] for code, label in CATEGORIES.items()}
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    document = Document(str(out))
    assert len(document.inline_shapes) == 5, "the five charts, drawn offscreen by Qt"
    assert any(p.text == "6. Les besoins non couverts" for p in document.paragraphs)


def test_report_for_one_commune(cli, tmp_path):
    done = cli("report", "--commune", "lens", "--out", str(tmp_path / "lens.docx"),
               "--from", "2025-09-01", "--to", "2026-08-31")
    assert "Rapport d'activité écrit" in done.stdout
    text = "\n".join(p.text for p in Document(str(tmp_path / "lens.docx")).paragraphs)
    assert "Périmètre : Commune : Lens" in text


@pytest.mark.parametrize("args, message", [
    (("--from", "2025-02-30"), "Date de début invalide"),
    (("--from", "2026-01-01", "--to", "2025-01-01"), "Période vide"),
    (("--territoire", "Gironde"), "Territoire inconnu"),
    (("--commune", "Arras"), "Commune inconnu"),
])
def test_report_refuses_bad_input_with_exit_2(cli, tmp_path, args, message):
    done = cli("report", "--out", str(tmp_path / "r.docx"), *args, expect=2)
    assert message in done.stderr
    assert not (tmp_path / "r.docx").exists()


def test_report_wants_a_word_file(cli, tmp_path):
    assert ".docx" in cli("report", "--out", str(tmp_path / "r.pdf"), expect=2).stderr
    assert "--out" in cli("report", expect=2).stderr  # required, argparse's own exit 2


def test_unmet_json_counts_every_unmet_need(cli):
    data = json.loads(cli("unmet", "--from", "2024-09-01", "--to", "2026-08-31", "--json").stdout)
    generated = cli.generated
    uncovered = [c for c in generated.calls if c.outcome == "uncovered"]
    assert data["appels_non_couverts"] == len(uncovered)
    assert data["recherches_sans_resultat"] == len(generated.searches)
    assert sum(t["total"] for t in data["themes"]) == len(uncovered) + len(generated.searches)
    assert data["themes"][0]["total"] >= data["themes"][-1]["total"]
    text = cli("unmet", "--from", "2024-09-01", "--to", "2026-08-31").stdout
    assert "cordiste" in text
    assert "invalide" in cli("unmet", "--to", "demain", expect=2).stderr


def test_catalogue_document(cli, tmp_path):
    done = cli("catalogue-doc", "--out", str(tmp_path / "catalogue.docx"), "--edition", "Édition 2026-2027")
    assert "22 établissements, 151 formations, 73 ressources" in done.stdout
    document = Document(str(tmp_path / "catalogue.docx"))
    assert "Édition 2026-2027" in [p.text for p in document.paragraphs]
    assert cli("catalogue-doc", "--out", str(tmp_path / "catalogue.odt"), expect=2).returncode == 2


@pytest.mark.soffice
def test_both_documents_as_pdf(cli, tmp_path):
    soffice_or_skip()
    cli("report", "--out", str(tmp_path / "r.docx"), "--pdf", str(tmp_path / "r.pdf"))
    cli("catalogue-doc", "--out", str(tmp_path / "c.docx"), "--pdf", str(tmp_path / "c.pdf"))
    for name in ("r.pdf", "c.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
