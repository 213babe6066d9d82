"""The shipped reference tables and their lookups (no Qt)."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
