"""Importing catalogue workbooks, on SQLite and PostgreSQL: counts, upsert, history, archiving, refusal."""

from __future__ import annotations

import json
import shutil

import pytest
from catalogue_files import column, db_state, find_row, formation, read_sheets, write_xlsx
from sqlalchemy import func, select

from bouquet_desk.core.catalogue import CatalogueError, import_catalogue
from bouquet_desk.core.catalogue.history import history_of
from bouquet_desk.core.db.models import CatalogueEdition, ChangeLog, Contact, Establishment, Formation, Resource

DEV_COUNTS = {"etablissements": 22, "contacts": 63, "formations": 151, "ressources": 73}


def issue_tuples(exc: CatalogueError) -> set[tuple]:
    return {(issue.sheet, issue.row, issue.column, issue.value) for issue in exc.issues}


@pytest.fixture
def dev_sheets(dev_catalogue):
    return read_sheets(dev_catalogue)


def test_dev_catalogue_imports_cleanly(context, dev_catalogue):
    report = import_catalogue(context, dev_catalogue, operator="Sophie")
    assert {count.sheet: count.created for count in report.counts} == DEV_COUNTS
    assert report.changed and report.edition_id is not None and not report.dry_run
    assert report.warnings == ()
    # The status bar's line counts each kind of row, never a total of rows of different kinds.
    assert report.summary_line() == ("catalogue_dev.xlsx : créés " + ", ".join(
        f"{DEV_COUNTS[sheet]} {label}" for sheet, label in (("etablissements", "établissement(s)"),
                                                          ("contacts", "contact(s)"), ("formations", "formation(s)"),
                                                          ("ressources", "ressource(s)"))))
    with context.sessions() as session:
        for model, sheet in zip((Establishment, Contact, Formation, Resource), DEV_COUNTS):
            assert session.scalar(select(func.count(model.id)).where(model.archived.is_(False))) == DEV_COUNTS[sheet]
        edition = session.get(CatalogueEdition, report.edition_id)
        assert (edition.source, edition.operator, edition.sha256) == ("catalogue_dev.xlsx", "Sophie", report.sha256)
        assert json.loads(edition.summary)["counts"]["formations"]["created"] == 151
        creations = session.scalars(select(ChangeLog).where(ChangeLog.action == "create")).all()
        assert len(creations) == sum(DEV_COUNTS.values())
        assert {row.who for row in creations} == {"Sophie"}
        assert {row.edition_id for row in creations} == {report.edition_id}
        # References resolve, including a backup contact created by the same import.
        c001 = session.scalars(select(Contact).where(Contact.ref == "C001")).one()
        assert c001.backup.ref == "C002" and c001.establishment.uai == "0620027T"
        amphi = session.scalars(select(Resource).where(Resource.code == "AMPHI")).first()
        assert amphi.contact is not None and amphi.contact.ref.startswith("C")


def test_phones_stored_e164(context, dev_catalogue):
    import_catalogue(context, dev_catalogue)
    with context.sessions() as session:
        c001 = session.scalars(select(Contact).where(Contact.ref == "C001")).one()
    assert c001.phone == "+33321609316"  # typed "03 21 60 93 16"


def test_derived_rome_and_coordinates(context, dev_sheets, tmp_path):
    sheets = dev_sheets
    # One establishment without coordinates: it gets those of its commune (by code_insee).
    picasso = find_row(sheets, "etablissements", uai="0620027T")
    picasso[column(sheets, "etablissements", "latitude")] = None
    picasso[column(sheets, "etablissements", "longitude")] = None
    # One formation with ROME codes typed in: they are kept as given.
    bts = find_row(sheets, "formations", uai="0620027T", cfd="32031213")
    bts[column(sheets, "formations", "rome")] = "d1401, M1707"
    import_catalogue(context, write_xlsx(sheets, tmp_path / "edition.xlsx"))
    reference = context.reference
    avion = reference.commune_by_insee("62065")
    with context.sessions() as session:
        picasso_row = session.scalars(select(Establishment).where(Establishment.uai == "0620027T")).one()
        assert picasso_row.coordinates_derived
        assert (picasso_row.latitude, picasso_row.longitude) == (avion.lat, avion.lng)
        condorcet = session.scalars(select(Establishment).where(Establishment.uai == "0620108F")).one()
        assert not condorcet.coordinates_derived and condorcet.latitude == pytest.approx(50.43954)
        given = formation(session, "0620027T", "32031213")
        assert (given.rome_codes, given.rome_derived) == ("D1401 M1707", False)
        derived = formation(session, "0620059C", "40030001")
    assert derived.rome_derived
    assert derived.rome_codes == " ".join(reference.rome_for_cfd("40030001")) != ""


def test_reimport_changes_nothing(context, dev_catalogue):
    import_catalogue(context, dev_catalogue)
    before = db_state(context)
    report = import_catalogue(context, dev_catalogue)
    assert not report.changed and report.edition_id is None
    assert report.summary_line() == "catalogue_dev.xlsx : aucun changement"
    assert {count.sheet: count.unchanged for count in report.counts} == DEV_COUNTS
    assert db_state(context) == before


def test_new_edition_updates_in_place_archives_and_restores(context, dev_catalogue, dev_sheets, tmp_path):
    first = import_catalogue(context, dev_catalogue, operator="Sophie")
    with context.sessions() as session:
        changed = formation(session, "0620059C", "40031202")
        removed = formation(session, "0620059C", "50031224")
        other = formation(session, "0620027T", "32031213")
    sheets = dev_sheets
    row = find_row(sheets, "formations", uai="0620059C", cfd="40031202")
    row[column(sheets, "formations", "intitule")] = "COMMERCE (BAC PRO) - nouvelle édition"
    row[column(sheets, "formations", "capacite")] = 24
    sheets["formations"].remove(find_row(sheets, "formations", uai="0620059C", cfd="50031224"))
    edition = write_xlsx(sheets, tmp_path / "edition-2025.xlsx")

    report = import_catalogue(context, edition, operator="Karim")
    counts = report.count("formations")
    assert (counts.created, counts.updated, counts.archived, counts.unchanged) == (0, 1, 1, 149)
    assert report.count("contacts").changed == 0
    with context.sessions() as session:
        updated = session.get(Formation, changed.id)  # same row, updated in place
        assert updated.title == "COMMERCE (BAC PRO) - nouvelle édition" and updated.capacity == 24
        assert updated.version == changed.version + 1 and updated.edition_id == report.edition_id
        archived = session.get(Formation, removed.id)
        assert archived.archived and archived.version == removed.version + 1
        assert session.get(Formation, other.id).version == other.version  # untouched
        history = history_of(session, "formation", changed.id)
        assert [entry.action for entry in history] == ["create", "update"]
        assert history[-1].changes == {
            "title": ("COMMERCE (BAC PRO)", "COMMERCE (BAC PRO) - nouvelle édition"),
            "capacity": (None, 24),
        }
        assert (history[-1].who, history[-1].entity_key, history[-1].edition_id) == (
            "Karim", "0620059C/40031202", report.edition_id,
        )
        assert history_of(session, "formation", removed.id)[-1].action == "archive"
        editions = session.scalars(select(CatalogueEdition.id).order_by(CatalogueEdition.id)).all()
        assert editions == [first.edition_id, report.edition_id]

    # The first edition again: the changed row goes back, the archived one is restored.
    again = import_catalogue(context, dev_catalogue)
    counts = again.count("formations")
    assert (counts.updated, counts.restored, counts.archived) == (1, 1, 0)
    with context.sessions() as session:
        restored = session.get(Formation, removed.id)
        assert not restored.archived
        assert history_of(session, "formation", removed.id)[-1].action == "restore"


def test_partial_workbook_leaves_other_establishments_alone(context, dev_catalogue, dev_sheets, tmp_path):
    import_catalogue(context, dev_catalogue)
    before = db_state(context)
    sheets = {
        name: [rows[0]] + [row for row in rows[1:] if row[rows[0].index("uai")] == "0620027T"]
        for name, rows in dev_sheets.items()
    }
    # Contacts of other establishments are referenced through the database.
    find_row(sheets, "formations", cfd="32031213")[column(sheets, "formations", "contact")] = "C005"
    report = import_catalogue(context, write_xlsx(sheets, tmp_path / "picasso.xlsx"))
    assert report.count("formations").updated == 1
    assert all(count.archived == 0 for count in report.counts)
    after = db_state(context)
    assert after["establishments"] == before["establishments"]
    assert after["contacts"] == before["contacts"]


def test_removed_contact_is_archived_not_deleted(context, dev_catalogue, dev_sheets, tmp_path):
    import_catalogue(context, dev_catalogue)
    sheets = dev_sheets
    ref_col = column(sheets, "contacts", "ref")
    # C003 handles bookings of resources: they must point elsewhere once C003 leaves.
    sheets["contacts"].remove(find_row(sheets, "contacts", ref="C003"))
    contact_col = column(sheets, "ressources", "contact")
    for row in sheets["ressources"][1:]:
        if row[contact_col] == "C003":
            row[contact_col] = "C002"
    assert all(row[ref_col] != "C003" for row in sheets["contacts"][1:])
    report = import_catalogue(context, write_xlsx(sheets, tmp_path / "sans-c003.xlsx"))
    assert report.count("contacts").archived == 1
    with context.sessions() as session:
        c003 = session.scalars(select(Contact).where(Contact.ref == "C003")).one()
        assert c003.archived


def test_wrong_workbook_reports_every_error_and_writes_nothing(context, dev_catalogue, dev_sheets, tmp_path):
    import_catalogue(context, dev_catalogue)
    before = db_state(context)
    sheets = dev_sheets
    find_row(sheets, "etablissements", uai="0620059C")[column(sheets, "etablissements", "nom")] = None
    find_row(sheets, "etablissements", uai="0620027T")[0] = "0620027A"  # wrong check letter
    find_row(sheets, "contacts", ref="C001")[column(sheets, "contacts", "suppleant")] = "C999"
    find_row(sheets, "contacts", ref="C002")[column(sheets, "contacts", "email")] = "nadia.leclercq"
    find_row(sheets, "contacts", ref="C003")[column(sheets, "contacts", "role")] = "CONCIERGE"
    title = column(sheets, "formations", "intitule")
    for row in sheets["formations"]:
        del row[title]  # a required column missing
    capacity = column(sheets, "ressources", "capacite")
    sheets["ressources"][2][capacity] = "beaucoup"
    sheets["ressources"].append(list(sheets["ressources"][1]))  # a duplicate (uai, code)
    bad = write_xlsx(sheets, tmp_path / "faux.xlsx")

    with pytest.raises(CatalogueError) as caught:
        import_catalogue(context, bad)
    found = issue_tuples(caught.value)
    expected = {
        ("etablissements", 2, "uai", "0620027A"),
        ("etablissements", 3, "nom", ""),
        ("contacts", 2, "suppleant", "C999"),
        ("contacts", 3, "email", "nadia.leclercq"),
        ("contacts", 4, "role", "CONCIERGE"),
        ("formations", 1, "intitule", ""),
        ("ressources", 3, "capacite", "beaucoup"),
        ("ressources", len(sheets["ressources"]), "code", "AMPHI"),
    }
    assert expected <= found
    reasons = {(issue.sheet, issue.row, issue.column): issue.reason for issue in caught.value.issues}
    assert "lettre de contrôle devrait être T" in reasons[("etablissements", 2, "uai")]
    assert "contact inconnu" in reasons[("contacts", 2, "suppleant")]
    assert "colonne obligatoire absente" in reasons[("formations", 1, "intitule")]
    # The message lists every error in the documented format.
    message = str(caught.value)
    assert "feuille etablissements, ligne 2, colonne uai : 0620027A — code UAI invalide" in message
    assert "feuille ressources, ligne 3, colonne capacite : beaucoup — nombre entier attendu" in message
    assert message.count("\nfeuille ") == len(caught.value.issues)
    assert db_state(context) == before


def test_dangling_references_into_an_empty_database(context, dev_sheets, tmp_path):
    sheets = dev_sheets
    find_row(sheets, "formations", cfd="32031213")[column(sheets, "formations", "contact")] = "C404"
    find_row(sheets, "ressources", code="AMPHI")[0] = "0620113L"  # a valid UAI, but in no sheet and no base
    sheets["etablissements"].remove(find_row(sheets, "etablissements", uai="0620113L"))
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(context, write_xlsx(sheets, tmp_path / "refs.xlsx"))
    reasons = {(i.sheet, i.column, i.value): i.reason for i in caught.value.issues}
    assert "contact inconnu" in reasons[("formations", "contact", "C404")]
    assert "établissement inconnu" in reasons[("ressources", "uai", "0620113L")]
    assert db_state(context)["change_log"] == 0 and db_state(context)["editions"] == 0


def test_unknown_column_is_a_warning_and_empty_rows_are_ignored(context, dev_sheets, tmp_path):
    sheets = dev_sheets
    sheets["formations"][0].append("remarque interne")
    for row in sheets["formations"][1:]:
        row.append("à voir")
    sheets["contacts"].insert(5, [None] * len(sheets["contacts"][0]))  # an empty row: ignored, but counted
    find_row(sheets, "contacts", ref="C010")[column(sheets, "contacts", "telephone")] = "12"
    path = write_xlsx(sheets, tmp_path / "colonnes.xlsx")
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(context, path)
    # C010 is the 10th contact: row 11 without the empty row, 12 with it.
    assert [(i.sheet, i.row, i.column) for i in caught.value.issues] == [("contacts", 12, "telephone")]
    assert [(w.sheet, w.row, w.column, w.reason) for w in caught.value.warnings] == [
        ("formations", 1, "remarque interne", "colonne inconnue, ignorée")
    ]
    find_row(sheets, "contacts", ref="C010")[column(sheets, "contacts", "telephone")] = "03 21 00 00 10"
    report = import_catalogue(context, write_xlsx(sheets, path))
    assert report.count("contacts").created == 63
    assert [w.column for w in report.warnings] == ["remarque interne"]


def test_dry_run_counts_and_writes_nothing(context, dev_catalogue):
    report = import_catalogue(context, dev_catalogue, dry_run=True)
    assert report.dry_run and report.edition_id is None
    assert {count.sheet: count.created for count in report.counts} == DEV_COUNTS
    assert db_state(context) == {"establishments": [], "contacts": [], "formations": [], "resources": [],
                                 "change_log": 0, "editions": 0}


def test_unreadable_files_are_user_errors(context, tmp_path):
    from bouquet_desk.core.errors import UserError

    broken = tmp_path / "catalogue.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match="illisible"):
        import_catalogue(context, broken)
    with pytest.raises(UserError, match="introuvable"):
        import_catalogue(context, tmp_path / "absent.xlsx")
    old = shutil.copy(broken, tmp_path / "catalogue.xls")
    with pytest.raises(UserError, match=r"\.xls"):
        import_catalogue(context, old)


def test_absent_optional_columns_keep_what_is_stored(context, dev_catalogue, dev_sheets, tmp_path):
    import_catalogue(context, dev_catalogue)
    sheets = dev_sheets
    # Capacities typed once, then a workbook reduced to the required columns of the formations sheet.
    capacity = column(sheets, "formations", "capacite")
    find_row(sheets, "formations", uai="0620027T", cfd="32031213")[capacity] = 24
    import_catalogue(context, write_xlsx(sheets, tmp_path / "capacites.xlsx"))
    keep = [column(sheets, "formations", name) for name in ("uai", "cfd", "intitule")]
    sheets["formations"] = [[row[i] for i in keep] for row in sheets["formations"]]
    sheets["formations"].append(["0620027T", "40030001", "GESTION-ADMINISTRATION (BAC PRO)"])
    report = import_catalogue(context, write_xlsx(sheets, tmp_path / "reduit.xlsx"))
    counts = report.count("formations")
    assert (counts.created, counts.updated, counts.archived) == (1, 0, 0)
    with context.sessions() as session:
        kept = formation(session, "0620027T", "32031213")
        assert (kept.capacity, kept.diploma, kept.level, kept.rome_derived) == (24, "BTS", 5, True)
        new = formation(session, "0620027T", "40030001")
        assert (new.capacity, new.diploma, new.pathways, new.contact_id) == (None, None, "", None)
        assert new.rome_derived and new.rome_codes == " ".join(context.reference.rome_for_cfd("40030001"))


def test_a_row_saved_meanwhile_stops_the_import(context, dev_catalogue, dev_sheets, tmp_path, monkeypatch):
    from bouquet_desk.core.catalogue import importer
    from bouquet_desk.core.errors import UserError

    import_catalogue(context, dev_catalogue)
    find_row(dev_sheets, "formations", cfd="32031213")[column(dev_sheets, "formations", "capacite")] = 30
    edition = write_xlsx(dev_sheets, tmp_path / "edition.xlsx")
    load = importer.load_snapshot

    def stale_snapshot(session):
        # As if another operator saved the row between our read and our write.
        snapshot = load(session)
        for row in snapshot.rows["formations"].values():
            row["version"] -= 1
        return snapshot

    monkeypatch.setattr(importer, "load_snapshot", stale_snapshot)
    before = db_state(context)
    with pytest.raises(UserError, match="modifiée par un autre poste"):
        import_catalogue(context, edition)
    assert db_state(context) == before
