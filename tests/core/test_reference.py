"""The shipped reference tables and their lookups (no Qt)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from bouquet_desk.core.paths import resource_path
from bouquet_desk.core.reference import ReferenceData, default_reference, distance_km, normalize_place


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return ReferenceData()


def test_cfd_keeps_leading_zeros(ref):
    diploma = ref.diploma("01022103")
    assert diploma is not None
    assert diploma.cfd == "01022103"
    assert diploma.diploma == "MC"
    assert diploma.level == 3
    assert ref.rome_for_cfd("01022103") == ("D1103", "D1106")
    assert ref.diploma("1022103") is None


def test_diploma_families_and_levels(ref):
    cap = ref.diploma("50025524")
    assert (cap.title, cap.diploma, cap.level, cap.closed) == ("ELECTRICIEN (CAP)", "CAP", 3, None)
    assert ref.diploma("32031213").diploma == "BTS"
    assert ref.diploma("32031213").level == 5
    assert ref.diploma("40025411").diploma == "BAC PRO"
    assert ref.diploma("nope") is None


def test_known_cfd_maps_to_rome_codes(ref):
    # Bac pro technicien en chaudronnerie industrielle: boiler-making first, welding among its jobs.
    codes = ref.rome_for_cfd("40025411")
    assert codes[0] == "H2902"
    assert "H2913" in codes
    assert ref.rome_label("H2913") == "Soudeur / Soudeuse"
    assert ref.rome_for_cfd("99999999") == ()


# Indirect links (see resources/reference/PROVENANCE.md): CFD without a Certif Info link of their own.

# "Métiers de la construction durable, du bâtiment et des travaux publics" 2nde commune and its specialities
# in familles_de_metiers_2nde_pro.csv: travaux publics, patrimoine bâti options A/B/C, gros oeuvre, menuiserie
# aluminium-verre, aménagement et finitions, métallerie.
CONSTRUCTION_2NDE_COMMUNE = "40020006"
CONSTRUCTION_SPECIALITIES = ("40023102", "40023203", "40023205", "40023206", "40023207", "40023303", "40023304",
                             "40025406")


def test_common_first_year_gets_its_specialities_codes(ref):
    common = ref.rome_for_cfd(CONSTRUCTION_2NDE_COMMUNE)
    specialities = {code for cfd in CONSTRUCTION_SPECIALITIES for code in ref.rome_for_cfd(cfd)}
    assert all(ref.rome_for_cfd(cfd) for cfd in CONSTRUCTION_SPECIALITIES)
    assert len(common) == len(set(common))
    assert set(common) == specialities
    assert "F1703" in common  # maçon, through the "maçonnerie" option of Interventions sur le patrimoine bâti
    assert ref.rome_label("F1703") == "Maçon / Maçonne"


def test_bts_common_first_year_gets_its_options_codes(ref):
    # SIO BTS 1re année: the codes of its options SISR and SLAM (same first six CFD characters and title stem).
    first_year = set(ref.rome_for_cfd("32032612"))
    assert set(ref.rome_for_cfd("32032613")) | set(ref.rome_for_cfd("32032614")) <= first_year
    assert "M1805" in first_year  # développeur web


def test_common_second_year_of_one_bac_pro_gets_its_options_codes(ref):
    # Maintenance des véhicules 2nde commune: cars, lorries, motorcycles, not the farm machinery of the
    # other "maintenance" bac pro sharing the same first six digits.
    assert ref.rome_for_cfd("40025218") == ("I1604",)
    assert "I1603" not in ref.rome_for_cfd("40025218")


@pytest.mark.parametrize(("cfd", "other"), [
    ("40025413", "40025410"),  # Construction et aménagement de véhicules replaces Construction des carrosseries
    ("40022310", "40022303"),  # Fonderie (bac pro), renewed under the same title
])
def test_renewed_code_gets_its_predecessors_codes(ref, cfd, other):
    assert ref.rome_for_cfd(cfd) == ref.rome_for_cfd(other) != ()


@pytest.mark.parametrize(("cfd", "other"), [
    ("50023217", "50023224"),  # CAP maçon, closed in 2022
    ("32025515", "32025520"),  # BTS électrotechnique, closed in 2021
    ("40030001", "40030004"),  # Gestion-administration, replaced by AGORA
])
def test_closed_code_gets_its_successors_codes(ref, cfd, other):
    assert ref.rome_for_cfd(cfd) == ref.rome_for_cfd(other) != ()


def test_direct_links_are_kept_as_they_are(ref):
    # Mention complémentaire employé traiteur has its own links; its older code (MC4) has none.
    assert ref.rome_for_cfd("01022103") == ("D1103", "D1106")
    assert ref.rome_for_cfd("01022101") == ()


def test_cfd_rome_file_keeps_two_columns_and_stays_small():
    path = resource_path("reference", "cfd_rome.csv")
    assert path.stat().st_size < 400_000
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["cfd", "rome"]
    cfds = [row[0] for row in rows[1:]]
    assert cfds == sorted(set(cfds))
    rome = re.compile(r"[A-N][0-9]{4}")
    for row in rows[1:]:
        assert len(row) == 2 and row[1], row
        codes = row[1].split(" ")
        assert len(codes) == len(set(codes)) and all(rome.fullmatch(code) for code in codes), row


def test_demo_formations_nearly_all_have_rome_codes(ref):
    workbook = load_workbook(resource_path("demo", "catalogue_demo.xlsx"), read_only=True)
    try:
        rows = workbook["formations"].iter_rows(values_only=True)
        column = list(next(rows)).index("cfd")
        cfds = [str(row[column]).strip() for row in rows if row[column]]
    finally:
        workbook.close()
    missing = {cfd for cfd in cfds if not ref.rome_for_cfd(cfd)}
    # Among the BCN codes of the secondary offer only the hotel-school "classe de mise à niveau" before the
    # BTS has no sound path to a job; the higher-education courses of Parcoursup and Trouver mon master
    # (generated codes "Z…", two BTS) may have none: the workbook then gives their jobs where it can.
    assert {cfd for cfd in missing if not cfd.startswith("Z")} <= {"32033421", "32033112", "32033115"}
    assert len(missing) < len(cfds) / 10
    assert len(cfds) > 500


@pytest.mark.parametrize(("word", "code"), [
    ("soudeur", "H2913"), ("cariste", "N1101"), ("aide à domicile", "K1304"), ("développeuse web", "M1805"),
])
def test_job_words_reach_a_rome_code(ref, word, code):
    matches = {rome for title, rome in ref.job_titles() if word in title.lower()}
    assert code in matches


def test_job_titles_include_rome_labels(ref):
    titles = ref.job_titles()
    assert ("Soudeur / Soudeuse", "H2913") in titles
    assert len(titles) == len(set(titles)) > 10000


@pytest.mark.parametrize(("query", "insee"), [
    ("eleu dit leauwette", "62291"),
    ("Éleu-dit-Leauwette", "62291"),
    ("HENIN BEAUMONT", "62427"),
    ("Hénin-Beaumont", "62427"),
    ("Liévin", "62510"),
    ("LIEVIN", "62510"),
    ("62300", "62498"),
    ("Lens", "62498"),
    ("St-Omer", "62765"),
    ("saint omer", "62765"),
    ("noeux les mines", "62617"),
    ("Hesdin labbe", "62448"),
    ("Portel", "62667"),
])
def test_commune_lookup_forgives_spelling(ref, query, insee):
    commune = ref.commune(query)
    assert commune is not None and commune.insee == insee


def test_commune_codes(ref):
    lens = ref.commune("62300")
    assert (lens.name, lens.postal_code) == ("Lens", "62300")
    assert ref.commune("62498") == lens  # not a postcode, so an INSEE code
    assert ref.commune_by_insee("62300").name == "Équihen-Plage"
    assert ref.commune("Atlantis") is None
    assert ref.commune("") is None
    assert len(ref.communes()) == 891


def test_distance_lens_lievin(ref):
    lens, lievin = ref.commune("Lens"), ref.commune("Liévin")
    assert 3 <= distance_km(lens.lat, lens.lng, lievin.lat, lievin.lng) <= 5
    assert distance_km(50.0, 2.0, 50.0, 2.0) == 0


def test_normalize_place():
    assert normalize_place("Nœux-les-Mines") == "noeux les mines"
    assert normalize_place("  Hesdin-l'Abbé ") == "hesdin l abbe"
    assert normalize_place("Lætitia--ÉLEU") == "laetitia eleu"


def test_tables_load_lazily_from_a_given_folder(tmp_path):
    (tmp_path / "communes.csv").write_text(
        "insee,name,postal_code,lat,lng,population\n62498,Lens,62300,50.43954,2.8191,32618\n", encoding="utf-8")
    ref = ReferenceData(tmp_path)
    assert ref.commune("lens").insee == "62498"  # diplomas.csv is absent and never needed
    with pytest.raises(FileNotFoundError):
        ref.diploma("50025524")


def test_default_reference_is_shared():
    assert default_reference() is default_reference()


def test_module_is_qt_free():
    code = ("import sys, bouquet_desk.core.reference as r; r.ReferenceData().commune('Lens'); "
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
