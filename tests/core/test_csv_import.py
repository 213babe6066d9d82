"""A catalogue as CSV files: a folder or a .zip, UTF-8 (with or without BOM) or Windows-1252, `;` or `,`."""

from __future__ import annotations

import pytest
from catalogue_files import (
    column,
    db_state,
    find_row,
    formation,
    read_sheets,
    write_csv_folder,
    write_csv_zip,
    write_xlsx,
)
from sqlalchemy import select

from bouquet_desk.core.catalogue import CatalogueError, import_catalogue
from bouquet_desk.core.catalogue.workbook import decode_csv, detect_separator
from bouquet_desk.core.db.models import Establishment, Resource
from bouquet_desk.core.errors import UserError


@pytest.fixture
def accented_sheets(dev_catalogue):
    """The dev catalogue with the accents and ligatures Windows-1252 must carry."""
    sheets = read_sheets(dev_catalogue)
    territory = column(sheets, "etablissements", "territoire")
    for row in sheets["etablissements"][1:]:
        row[territory] = "CA Lens-Liévin"
    find_row(sheets, "etablissements", uai="0620027T")[territory] = "CA Hénin-Carvin"
    find_row(sheets, "ressources", uai="0620027T", code="AMPHI")[column(sheets, "ressources", "conditions")] = (
        "convention signée avec la mairie d'Hénin-Beaumont"
    )
    find_row(sheets, "formations", uai="0620027T", cfd="32031213")[column(sheets, "formations", "description")] = (
        "Cœur de métier : la relation client ; « stage » en œuvre dès la 1re année"
    )
    return sheets


def _check_accents(context) -> None:
    with context.sessions() as session:
        def establishment(uai: str) -> Establishment:
            return session.scalars(select(Establishment).where(Establishment.uai == uai)).one()

        assert establishment("0620027T").territory == "CA Hénin-Carvin"
        assert establishment("0620113L").commune == "Liévin"
        amphi = session.scalars(select(Resource).where(Resource.code == "AMPHI")).first()
        assert amphi.name == "Amphithéâtre"
        conditions = session.scalar(
            select(Resource.conditions).join(Establishment)
            .where(Establishment.uai == "0620027T", Resource.code == "AMPHI")
        )
        assert "Hénin-Beaumont" in conditions
        description = formation(session, "0620027T", "32031213").description
        assert description.startswith("Cœur de métier") and "œuvre" in description


def test_windows_1252_semicolon_folder(context, accented_sheets, tmp_path):
    folder = write_csv_folder(accented_sheets, tmp_path / "catalogue", encoding="cp1252", separator=";",
                              decimal_comma=True)
    assert "é".encode("cp1252") in (folder / "etablissements.csv").read_bytes()
    report = import_catalogue(context, folder)
    assert {count.sheet: count.created for count in report.counts} == {
        "etablissements": 22, "contacts": 63, "formations": 151, "ressources": 73,
    }
    assert report.warnings == ()
    _check_accents(context)
    with context.sessions() as session:
        condorcet = session.scalars(select(Establishment).where(Establishment.uai == "0620108F")).one()
    assert condorcet.latitude == pytest.approx(50.43954)  # written "50,43954"
    # The same catalogue as a workbook is the same catalogue: nothing to change.
    before = db_state(context)
    assert not import_catalogue(context, write_xlsx(accented_sheets, tmp_path / "same.xlsx")).changed
    assert db_state(context) == before


def test_zip_of_utf8_bom_comma_csv(context, accented_sheets, tmp_path):
    archive = write_csv_zip(accented_sheets, tmp_path / "catalogue.zip", inner_folder="export/",
                            encoding="utf-8-sig", separator=",")
    report = import_catalogue(context, archive)
    assert report.count("formations").created == 151
    _check_accents(context)
    assert not import_catalogue(context, write_xlsx(accented_sheets, tmp_path / "same.xlsx")).changed


def test_csv_names_compared_without_case_or_accents(context, accented_sheets, tmp_path):
    renamed = {("Établissements" if name == "etablissements" else name.upper()): rows
               for name, rows in accented_sheets.items()}
    renamed["Établissements"][0] = [header.upper() for header in renamed["Établissements"][0]]
    folder = write_csv_folder(renamed, tmp_path / "noms", encoding="utf-8", separator=";")
    (folder / "lisez-moi.csv").write_text("rien;ici\n", encoding="utf-8")
    report = import_catalogue(context, folder)
    assert report.count("etablissements").created == 22
    assert [(w.sheet, w.reason) for w in report.warnings] == [("lisez-moi.csv", "fichier inconnu, ignoré")]


def test_csv_errors_give_the_spreadsheet_row(context, accented_sheets, tmp_path):
    find_row(accented_sheets, "formations", cfd="32031213")[column(accented_sheets, "formations", "niveau")] = "cinq"
    row_number = 1 + next(
        i for i, row in enumerate(accented_sheets["formations"]) if row[1] == "32031213"
    )
    folder = write_csv_folder(accented_sheets, tmp_path / "faux", encoding="cp1252", separator=";")
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(context, folder)
    assert [(i.sheet, i.row, i.column, i.value) for i in caught.value.issues] == [
        ("formations", row_number, "niveau", "cinq")
    ]


def test_missing_csv_file_is_an_error(context, accented_sheets, tmp_path):
    del accented_sheets["ressources"]
    folder = write_csv_folder(accented_sheets, tmp_path / "trois", encoding="utf-8", separator=";")
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(context, folder)
    assert [(i.sheet, i.reason) for i in caught.value.issues] == [("ressources", "feuille obligatoire absente")]
    empty = tmp_path / "vide"
    empty.mkdir()
    with pytest.raises(UserError, match="aucun fichier CSV"):
        import_catalogue(context, empty)


def test_encoding_and_separator_detection():
    assert decode_csv("\ufeffuai;nom\n".encode("utf-8")) == "uai;nom\n"
    assert decode_csv("Liévin;œuvre".encode("cp1252")) == "Liévin;œuvre"
    assert decode_csv("Liévin".encode("utf-8")) == "Liévin"
    assert detect_separator("uai;nom;commune\n0620027T;Lycée, polyvalent;Avion") == ";"
    assert detect_separator('\n\nuai,nom,commune\n0620027T,"Lycée; polyvalent",Avion') == ","
