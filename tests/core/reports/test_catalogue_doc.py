"""The yearly catalogue document: every establishment and formation, both indexes, reproducible."""

from __future__ import annotations

import zipfile

import pytest
from activity_data import import_dev_catalogue
from docx import Document
from sqlalchemy import select, update

from bouquet_desk.core.db.models import Establishment, Formation
from bouquet_desk.core.labels import diploma_label, establishment_name, formation_title
from bouquet_desk.core.reports.catalogue_content import clean_title, load_catalogue_book
from bouquet_desk.core.reports.catalogue_docx import write_catalogue_document
from bouquet_desk.core.reports.nsf import domain_label, nsf_domain


def table_rows(document, first_header: str) -> list[list[str]]:
    rows = []
    for table in document.tables:
        if table.rows[0].cells[0].text == first_header:
            rows.extend([cell.text for cell in row.cells] for row in table.rows[1:])
    return rows


def stored_formations(context):
    with context.sessions() as session:
        return session.execute(
            select(Establishment.name, Formation.cfd, Formation.title, Formation.diploma, Formation.rome_codes)
            .join(Establishment).where(Formation.archived.is_(False), Establishment.archived.is_(False))
        ).all()


def test_lists_every_establishment_and_formation_with_both_indexes(context, tmp_path):
    import_dev_catalogue(context)
    book = load_catalogue_book(context.sessions, context.reference)
    document = Document(str(write_catalogue_document(tmp_path / "catalogue.docx", book)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    with context.sessions() as session:
        names = session.scalars(select(Establishment.name)).all()
    assert len(names) == 22
    for name in names:
        assert any(h.endswith(f". {establishment_name(name)}") for h in headings), name
    summary = table_rows(document, "N°")
    assert [row[0] for row in summary] == [str(n) for n in range(1, 23)]

    formations = stored_formations(context)
    assert len(formations) == 151
    listed = table_rows(document, "Diplôme")  # establishment tables, then the domain index
    per_establishment = [row for row in listed if len(row) == 5]
    assert len(per_establishment) == len(formations)
    shown = {(row[0], row[1].split("\n")[0]) for row in per_establishment}
    for _, _cfd, title, diploma, _rome in formations:
        assert (diploma_label(diploma), formation_title(clean_title(title, diploma), diploma)) in shown

    jobs = "\n".join(row[0] for row in table_rows(document, "Métier (code ROME)"))
    codes = {code for *_, rome in formations for code in rome.split()}
    assert codes, "the importer derives ROME codes from the CFD"
    for code in codes:
        assert code in jobs and (context.reference.rome_label(code) or code) in jobs

    domain_rows = [row for row in listed if len(row) == 3]
    levels = [row[0] for row in domain_rows if row[0] == row[1] == row[2]]  # a merged group row: a level
    assert levels and all(level.startswith("Niveau ") for level in levels)
    in_index = {(row[0], row[1]) for row in domain_rows if row[0] not in levels}
    assert {(diploma_label(d), formation_title(clean_title(t, d), d)) for _, _, t, d, _ in formations} == in_index
    domains = {p.text for p in document.paragraphs if p.style.name == "Heading 2"}
    assert {domain_label(nsf_domain(cfd)) for _, cfd, *_ in formations} <= domains


def test_same_database_same_document(sqlite_context, tmp_path):
    import_dev_catalogue(sqlite_context)
    paths = [write_catalogue_document(tmp_path / f"c{n}.docx", load_catalogue_book(
        sqlite_context.sessions, sqlite_context.reference)) for n in (1, 2)]
    parts = []
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            parts.append({name: archive.read(name) for name in ("word/document.xml", "docProps/core.xml")})
    assert parts[0] == parts[1]


def test_archived_rows_leave_the_document(sqlite_context, tmp_path):
    import_dev_catalogue(sqlite_context)
    with sqlite_context.sessions.begin() as session:
        target = session.scalars(select(Establishment).where(Establishment.uai == "0620027T")).one()
        session.execute(update(Establishment).where(Establishment.id == target.id).values(archived=True))
        name = target.name
    book = load_catalogue_book(sqlite_context.sessions, sqlite_context.reference)
    assert len(book.establishments) == 21
    assert name not in {e.name for e in book.establishments}
    assert [e.number for e in book.establishments] == list(range(1, 22))


def test_titles_lose_only_a_bracket_that_repeats_the_diploma():
    assert clean_title("ELECTROTECHNIQUE (BTS)", "BTS") == "ELECTROTECHNIQUE"
    assert clean_title("AIDE A DOMICILE (MC NIVEAU III)", "MC") == "AIDE A DOMICILE"
    assert clean_title("ASSISTANT(E) TECHNIQUE (CAP)", "CAP") == "ASSISTANT(E) TECHNIQUE"
    assert clean_title("SOUDAGE (OPTION A)", "CAP") == "SOUDAGE (OPTION A)"


@pytest.mark.parametrize("cfd, domain", [("32025515", "25"), ("40031202", "31"), ("50033411", "33"),
                                         ("ABC", None), ("99999999", None)])
def test_nsf_domain_is_read_from_the_diploma_code(cfd, domain):
    assert nsf_domain(cfd) == domain
