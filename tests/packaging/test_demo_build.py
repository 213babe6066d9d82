"""The demo catalogue is rebuilt byte for byte from the open data (when shared/data is beside the repository),
and the rebuilt offer shows what the territory teaches: the IUT and university courses, and every CFA site's
2025 apprenticeship offers."""

from __future__ import annotations

import csv
import importlib
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "packaging" / "data"


def _shared_data() -> Path:
    for folder in (REPO.parent / "shared" / "data", REPO.parents[1] / "shared" / "data"):
        if (folder / "etablissements_62.csv").exists():
            return folder
    pytest.skip("shared/data is not beside the repository")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> tuple[Path, Path]:
    source = _shared_data()
    sys.path.insert(0, str(SCRIPTS))
    try:
        build_demo = importlib.import_module("build_demo")
        target = tmp_path_factory.mktemp("demo")
        assert build_demo.main(["--source", str(source), "--target", str(target)]) == 0
    finally:
        sys.path.remove(str(SCRIPTS))
    return source, target


def test_the_demo_build_is_deterministic_and_committed(rebuilt):
    _, target = rebuilt
    committed = REPO / "resources" / "demo"
    assert (target / "catalogue_demo.xlsx").read_bytes() == (committed / "catalogue_demo.xlsx").read_bytes()
    assert (target / "README.md").read_text(encoding="utf-8") == (committed / "README.md").read_text(encoding="utf-8")
    assert (committed / "catalogue_demo.xlsx").stat().st_size < 200_000  # the committed workbook stays small


def test_every_cfa_site_with_2025_apprenticeship_offers_shows_them(rebuilt):
    source, target = rebuilt
    book = load_workbook(target / "catalogue_demo.xlsx", read_only=True)
    sheets = {}
    for name in ("etablissements", "formations"):
        rows = book[name].iter_rows(values_only=True)
        header = next(rows)
        sheets[name] = [dict(zip(header, row, strict=False)) for row in rows]
    kinds = {row["uai"]: row["type"] for row in sheets["etablissements"]}
    by_apprenticeship = {row["uai"] for row in sheets["formations"] if "apprentissage" in (row["voies"] or "")}
    with (source / "affelnet_2025_attractivite_capacite_62.csv").open(encoding="utf-8") as handle:
        offering = {row["Etablissement d'accueil"] for row in csv.DictReader(handle)
                    if row["Statut Offre de formation"] == "AP"}
    in_demo = {uai for uai in offering if kinds.get(uai) == "CFA"}
    assert len(in_demo) >= 10
    assert in_demo <= by_apprenticeship
    with (source / "parcoursup_francuniv_62.csv").open(encoding="utf-8") as handle:
        higher = {row["Code UAI de l etablissement"] for row in csv.DictReader(handle)}
    offered = {row["uai"] for row in sheets["formations"]}
    for uai, kind in kinds.items():
        if kind in ("IUT", "UNIVERSITE") and uai in higher:
            assert uai in offered, uai
