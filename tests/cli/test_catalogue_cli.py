"""`bouquet-desk import / export / demo` run as a real process: exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
from catalogue_files import column, find_row, read_sheets, write_xlsx


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bouquet_desk", "--db", url, *args],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )


def test_import_twice(db_url, dev_catalogue):
    first = cli(db_url, "import", str(dev_catalogue))
    assert first.returncode == 0, first.stderr
    assert "catalogue_dev.xlsx : importé (édition n° 1)." in first.stdout
    assert "formations : 151 créé(s), 0 modifié(s), 0 archivé(s), 0 restauré(s), 0 inchangé(s)" in first.stdout
    second = cli(db_url, "import", str(dev_catalogue))
    assert second.returncode == 0, second.stderr
    assert "aucun changement" in second.stdout
    assert "formations : 0 créé(s), 0 modifié(s), 0 archivé(s), 0 restauré(s), 151 inchangé(s)" in second.stdout


def test_refused_import_lists_every_error_on_stderr(sqlite_url, dev_catalogue, tmp_path):
    sheets = read_sheets(dev_catalogue)
    find_row(sheets, "etablissements", uai="0620027T")[0] = "0620027A"
    find_row(sheets, "contacts", ref="C001")[column(sheets, "contacts", "suppleant")] = "C999"
    find_row(sheets, "formations", cfd="32031213")[column(sheets, "formations", "niveau")] = "cinq"
    sheets["etablissements"][0].append("remarque")
    bad = write_xlsx(sheets, tmp_path / "faux.xlsx")
    result = cli(sqlite_url, "import", str(bad))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    # The establishment's children now point at a UAI that no row has: errors too, all listed.
    errors = [line for line in lines if line.startswith("feuille ")]
    assert lines[0] == f"bouquet-desk: faux.xlsx : {len(errors)} erreur(s), rien n'a été importé."
    for line in (
        "feuille contacts, ligne 2, colonne uai : 0620027T — "
        "établissement inconnu : ni dans la feuille etablissements ni dans la base",
        "feuille etablissements, ligne 2, colonne uai : 0620027A — "
        "code UAI invalide : la lettre de contrôle devrait être T",
        "feuille contacts, ligne 2, colonne suppleant : C999 — "
        "contact inconnu : ni dans la feuille contacts ni dans la base",
    ):
        assert line in lines
    assert "feuille formations, ligne 2, colonne niveau : cinq — nombre entier attendu" in lines
    assert any("colonne remarque" in line and "colonne inconnue" in line for line in lines)
    as_json = cli(sqlite_url, "import", str(bad), "--json")
    assert as_json.returncode == 2
    document = json.loads(as_json.stdout)
    assert document["changed"] is False and len(document["errors"]) == len(errors)
    assert {"sheet": "contacts", "row": 2, "column": "suppleant", "value": "C999",
            "reason": "contact inconnu : ni dans la feuille contacts ni dans la base"} in document["errors"]
    # Nothing was written: everything is still to be created.
    dry = cli(sqlite_url, "import", str(dev_catalogue), "--dry-run", "--json")
    assert json.loads(dry.stdout)["counts"]["etablissements"]["created"] == 22


def test_json_report_and_dry_run(sqlite_url, dev_catalogue):
    dry = cli(sqlite_url, "import", str(dev_catalogue), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    document = json.loads(dry.stdout)
    assert document["dry_run"] is True and document["edition_id"] is None
    assert document["counts"]["contacts"] == {"created": 63, "updated": 0, "archived": 0, "restored": 0,
                                               "unchanged": 0}
    real = json.loads(cli(sqlite_url, "import", str(dev_catalogue), "--json").stdout)
    assert real["counts"]["contacts"]["created"] == 63  # the dry run wrote nothing
    assert real["edition_id"] == 1 and real["errors"] == [] and real["warnings"] == []


def test_export_writes_the_four_sheets(sqlite_url, dev_catalogue, tmp_path):
    assert cli(sqlite_url, "import", str(dev_catalogue)).returncode == 0
    target = tmp_path / "sortie" / "catalogue.xlsx"
    result = cli(sqlite_url, "export", str(target))
    assert result.returncode == 0, result.stderr
    assert "formations : 151 ligne(s)" in result.stdout
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["etablissements", "contacts", "formations", "ressources"]
    book.close()
    again = cli(sqlite_url, "import", str(target))
    assert again.returncode == 0 and "aucun changement" in again.stdout


def test_export_refuses_another_format(sqlite_url, tmp_path):
    result = cli(sqlite_url, "export", str(tmp_path / "catalogue.ods"))
    assert result.returncode == 2 and ".xlsx" in result.stderr


def test_import_of_a_missing_file(sqlite_url, tmp_path):
    result = cli(sqlite_url, "import", str(tmp_path / "absent.xlsx"))
    assert result.returncode == 2 and "introuvable" in result.stderr


def test_demo_loads_once(db_url):
    first = cli(db_url, "demo")
    assert first.returncode == 0, first.stderr
    assert "catalogue_demo.xlsx : importé" in first.stdout
    second = cli(db_url, "demo")
    assert second.returncode == 0, second.stderr
    assert "aucun changement" in second.stdout
