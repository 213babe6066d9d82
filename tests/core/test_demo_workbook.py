"""The shipped demo catalogue respects the catalogue workbook format and keeps its fictional data fictional."""

from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import load_workbook

from bouquet_desk.core.paths import resource_path
from bouquet_desk.core.reference import normalize_place

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
REQUIRED = {
    "etablissements": {"uai", "nom", "type"},
    "contacts": {"ref", "uai", "nom", "role"},
    "formations": {"uai", "cfd", "intitule"},
    "ressources": {"uai", "code", "nom", "type"},
}
ESTABLISHMENT_TYPES = {"LP", "LGT", "LPO", "EREA", "UNIVERSITE", "IUT", "GRETA", "CFA", "AUTRE"}
ROLES = {"BDE", "DDFPT", "PROVISEUR", "GESTIONNAIRE", "ENSEIGNANT", "GRETA", "CFA", "RELATIONS_ENTREPRISES", "AUTRE"}
CATEGORIES = {"PFMP", "APPRENTISSAGE", "RECRUTEMENT", "FORMATION_CONTINUE", "LOCAUX", "TAXE", "PARTENARIAT"}
DIPLOMAS = {"CAP", "BAC PRO", "BTS", "MC", "BP", "CS", "BUT", "LICENCE PRO", "LICENCE", "MASTER", "TITRE PRO", "AUTRE"}
RESOURCE_TYPES = {"SALLE", "AMPHITHEATRE", "ATELIER", "PLATEAU_TECHNIQUE", "EQUIPEMENT", "RESTAURATION",
                  "HEBERGEMENT", "SPORT", "AUTRE"}
TERRITORIES = {"CA Lens-Liévin", "CA Hénin-Carvin", "CA Béthune-Bruay Artois Lys Romane"}
UNIVERSITY_SEAT = "0623957P"  # the Université d'Artois in Arras, for the masters and licences in its name


def uai_is_valid(uai: str) -> bool:
    return (isinstance(uai, str) and len(uai) == 8 and uai[:7].isdigit()
            and uai[7] == UAI_LETTERS[int(uai[:7]) % 23])


@pytest.fixture(scope="module")
def sheets() -> dict[str, list[dict]]:
    workbook = load_workbook(resource_path("demo", "catalogue_demo.xlsx"), read_only=True)
    result = {}
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = [normalize_place(str(cell)).replace(" ", "_") for cell in next(rows)]
        result[normalize_place(sheet.title)] = [dict(zip(header, row, strict=False)) for row in rows
                                                if any(cell not in (None, "") for cell in row)]
        result[f"{normalize_place(sheet.title)}:header"] = header
    workbook.close()
    return result


def test_uai_check_letter_rule_on_real_codes():
    for uai in ("0620006V", "0620027T", "0623864N", "0622114L", "0623985V", "0623619X"):
        assert uai_is_valid(uai), uai
    assert not uai_is_valid("0620027U")
    assert not uai_is_valid("062002T")


def test_four_sheets_with_required_columns(sheets):
    for name, required in REQUIRED.items():
        assert name in sheets
        assert required <= set(sheets[f"{name}:header"]), name
        assert len(sheets[name]) > 0


def test_establishments(sheets):
    rows = sheets["etablissements"]
    assert len(rows) >= 40
    assert all(uai_is_valid(row["uai"]) for row in rows)
    assert len({row["uai"] for row in rows}) == len(rows)
    assert {row["type"] for row in rows} <= ESTABLISHMENT_TYPES
    assert {row["territoire"] for row in rows if row["uai"] != UNIVERSITY_SEAT} == TERRITORIES
    assert all(isinstance(row["code_insee"], str) and len(row["code_insee"]) == 5 for row in rows)
    # The open data has no switchboards: nothing may be invented for real establishments.
    for column in ("telephone", "email", "site_web"):
        assert all(row[column] in (None, "") for row in rows), column
    # Coordinates only where Parcoursup places courses, and then inside the Pas-de-Calais.
    placed = [row for row in rows if row["latitude"] not in (None, "")]
    assert placed and all(row["longitude"] not in (None, "") for row in placed)
    assert all(50.0 < float(row["latitude"]) < 51.1 and 1.5 < float(row["longitude"]) < 3.2 for row in placed)


def test_every_university_site_and_apprenticeship_cfa_shows_courses(sheets):
    offered = Counter(row["uai"] for row in sheets["formations"])
    by_uai = {row["uai"]: row for row in sheets["etablissements"]}
    # The IUT of Lens and Béthune, the UFR of Lens, Liévin and Béthune, and the university itself.
    for uai in ("0623985V", "0622238W", "0623911P", "0624139M", "0624055W", UNIVERSITY_SEAT):
        assert offered[uai] > 0, by_uai[uai]["nom"]
    apprenticeship = {row["uai"] for row in sheets["formations"] if "apprentissage" in row["voies"]}
    # The CFA antennas inside lycées (Affelnet 2025, status AP) teach their courses by apprenticeship.
    for uai in ("0622320K", "0624476D", "0624487R", "0622318H", "0623965Y", "0623130R", "0624092L", "0624370N"):
        assert uai in apprenticeship and by_uai[uai]["type"] == "CFA", uai
    masters = [row for row in sheets["formations"] if row["diplome"] == "MASTER"]
    assert masters and all(row["uai"] == UNIVERSITY_SEAT for row in masters)
    assert any("apprentissage" in row["voies"] for row in masters)
    assert any("continue" in row["voies"] for row in masters)


def test_contacts_are_fictional_and_resolve(sheets):
    contacts = sheets["contacts"]
    uais = {row["uai"] for row in sheets["etablissements"]}
    refs = [row["ref"] for row in contacts]
    assert len(refs) == len(set(refs))
    by_ref = {row["ref"]: row for row in contacts}
    phones = [row["telephone"] for row in contacts]
    assert all(phone.startswith("03 53 73") for phone in phones)
    assert len(phones) == len(set(phones))
    assert all(row["email"].endswith(".invalid") for row in contacts)
    assert len({row["email"] for row in contacts}) == len(contacts)
    for row in contacts:
        assert row["uai"] in uais
        assert row["role"] in ROLES
        assert set(row["categories"].split(",")) <= CATEGORIES
        backup = by_ref[row["suppleant"]]
        assert backup["uai"] == row["uai"] and backup["ref"] != row["ref"]
    per_establishment = Counter(row["uai"] for row in contacts)
    assert set(per_establishment) == uais
    assert all(3 <= count <= 6 for count in per_establishment.values())


def test_formations(sheets):
    formations = sheets["formations"]
    refs = {row["ref"] for row in sheets["contacts"]}
    uais = {row["uai"] for row in sheets["etablissements"]}
    # The real offer files give 533 (UAI, code) pairs for the territory.
    assert len(formations) >= 500
    assert len({(row["uai"], row["cfd"]) for row in formations}) == len(formations)
    for row in formations:
        assert row["uai"] in uais
        assert isinstance(row["cfd"], str) and len(row["cfd"]) == 8
        # A course without a BCN code gets one of the documented scheme (docs/catalogue-format.md).
        assert not row["cfd"].startswith("Z") or "code attribué" in row["description"]
        assert row["intitule"]
        assert row["diplome"] in DIPLOMAS
        assert row["niveau"] is None or 3 <= int(row["niveau"]) <= 8
        assert set(row["voies"].split(",")) <= {"scolaire", "apprentissage", "continue"}
        assert row["contact"] in refs
        # Jobs come from the CFD; a generated code borrows those of its mention's parcours.
        assert row["rome"] in (None, "") or (row["cfd"].startswith("Z") and all(
            len(code) == 5 and code[0].isalpha() and code[1:].isdigit() for code in row["rome"].split(",")))


def test_resources(sheets):
    resources = sheets["ressources"]
    refs = {row["ref"]: row for row in sheets["contacts"]}
    assert len({(row["uai"], row["code"]) for row in resources}) == len(resources)
    for row in resources:
        assert row["type"] in RESOURCE_TYPES
        assert refs[row["contact"]]["uai"] == row["uai"]
    per_establishment = Counter(row["uai"] for row in resources)
    assert set(per_establishment) == {row["uai"] for row in sheets["etablissements"]}
    assert all(1 <= count <= 5 for count in per_establishment.values())
