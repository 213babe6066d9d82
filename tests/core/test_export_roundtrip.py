"""Export: the exchange format again, so that export → import changes nothing and export → import → export
gives the same cells."""

from __future__ import annotations

import pytest
from catalogue_files import db_state, find_row, read_sheets, write_xlsx
from sqlalchemy import select, update

from bouquet_desk.core.catalogue import export_catalogue, import_catalogue
from bouquet_desk.core.catalogue.sheets import SPECS
from bouquet_desk.core.db.models import Contact, Formation
from bouquet_desk.core.errors import UserError


def test_export_then_import_changes_nothing(context, dev_catalogue, tmp_path):
    import_catalogue(context, dev_catalogue)
    first = tmp_path / "export-1.xlsx"
    report = export_catalogue(context.sessions, first)
    assert dict(report.rows) == {"etablissements": 22, "contacts": 63, "formations": 151, "ressources": 73}
    before = db_state(context)
    again = import_catalogue(context, first)
    assert not again.changed and again.warnings == ()
    assert db_state(context) == before
    second = export_catalogue(context.sessions, tmp_path / "export-2.xlsx")
    assert read_sheets(first) == read_sheets(second.path)


def test_export_import_export_is_identical_in_a_fresh_database(context, dev_catalogue, tmp_path, open_ctx):
    import_catalogue(context, dev_catalogue)
    first = tmp_path / "export-1.xlsx"
    export_catalogue(context.sessions, first)
    fresh = open_ctx(f"sqlite:///{tmp_path / 'fresh.db'}")
    import_catalogue(fresh, first)
    second = tmp_path / "export-2.xlsx"
    export_catalogue(fresh.sessions, second)
    assert read_sheets(first) == read_sheets(second)


def test_exported_cells(context, dev_sheets_with_rome, tmp_path):
    import_catalogue(context, dev_sheets_with_rome)
    sheets = read_sheets(export_catalogue(context.sessions, tmp_path / "export.xlsx").path)
    assert list(sheets) == [spec.name for spec in SPECS]
    for spec in SPECS:
        assert sheets[spec.name][0] == [column.name for column in spec.columns]
    # Phones in the French way, CFD as text with its leading zero.
    assert find_row(sheets, "contacts", ref="C001")[5] == "03 21 60 93 16"
    assert find_row(sheets, "formations", uai="0620059C", cfd="01033001")[2] == "AIDE A DOMICILE (MC NIVEAU III)"
    # Derived values are written empty (derived again on import); typed ones are kept.
    assert find_row(sheets, "formations", uai="0620059C", cfd="40030001")[9] is None
    assert find_row(sheets, "formations", uai="0620027T", cfd="32031213")[9] == "D1401,M1707"
    picasso = find_row(sheets, "etablissements", uai="0620027T")
    assert picasso[7:9] == [None, None]
    assert find_row(sheets, "etablissements", uai="0620108F")[7:9] == [pytest.approx(50.43954), pytest.approx(2.8191)]


@pytest.fixture
def dev_sheets_with_rome(dev_catalogue, tmp_path):
    """The dev catalogue with typed ROME codes on one formation and no coordinates on one establishment."""
    sheets = read_sheets(dev_catalogue)
    find_row(sheets, "formations", uai="0620027T", cfd="32031213")[9] = "D1401, M1707"
    find_row(sheets, "etablissements", uai="0620027T")[7:9] = [None, None]
    return write_xlsx(sheets, tmp_path / "dev-rome.xlsx")


def test_archived_rows_are_not_exported(context, dev_catalogue, tmp_path):
    import_catalogue(context, dev_catalogue)
    with context.sessions.begin() as session:
        session.execute(update(Contact).where(Contact.ref == "C063").values(archived=True))
        session.execute(update(Formation).where(Formation.cfd == "32031213").values(archived=True))
    sheets = read_sheets(export_catalogue(context.sessions, tmp_path / "export.xlsx").path)
    assert "C063" not in {row[0] for row in sheets["contacts"][1:]}
    assert "32031213" not in {row[1] for row in sheets["formations"][1:]}
    with context.sessions() as session:
        assert session.scalar(select(Contact.archived).where(Contact.ref == "C063"))


def test_text_that_looks_like_a_formula_stays_text(context, dev_catalogue, tmp_path):
    import_catalogue(context, dev_catalogue)
    with context.sessions.begin() as session:
        session.execute(update(Formation).where(Formation.cfd == "32031213").values(description="=2+2 places"))
    path = export_catalogue(context.sessions, tmp_path / "export.xlsx").path
    assert find_row(read_sheets(path), "formations", cfd="32031213")[11] == "=2+2 places"
    assert not import_catalogue(context, path).changed


def test_export_needs_an_xlsx_name(context, tmp_path):
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_catalogue(context.sessions, tmp_path / "catalogue.csv")
