"""Erasure means gone: a person logged in every way the program offers (calls with notes and searches, a
referral, an archived letter, a search that found nothing, a draft, a failed command, a backup taken while
they were in the database), then erased with `privacy erase`. Every file of the data folder is searched
afterwards, as bytes, inside SQLite (every value of every table, Word and PDF blobs unzipped) and inside zip
members, for any trace of them."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

NAME = "Gaëlle Trémoustier"
PHONE = "03 53 73 12 34"
MOBILE = "06 53 73 98 76"
EMAIL = "gaelle.tremoustier@demo-bouquet.invalid"
# Every spelling a trace could take.
NEEDLES = [
    "trémoustier", "tremoustier", "gaëlle", "0353731234", "03 53 73 12 34", "+33353731234", "33353731234",
    "0653739876", "06 53 73 98 76", "gaelle.tremoustier",
]


def cli(db: str, data: Path, *args: str, expect: int | None = 0) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", db, "--data-dir", str(data), *args],
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    if expect is not None:
        assert result.returncode == expect, (args, result.stdout, result.stderr)
    return result


def texts_of(path: Path) -> list[tuple[str, str]]:
    """(where, text) for a file: its bytes, and what a SQLite database or a zip holds inside."""
    data = path.read_bytes()
    found = [(str(path), data.decode("utf-8", "replace")), (f"{path} (utf-16)", data.decode("utf-16-le", "replace"))]
    if data.startswith(b"SQLite format 3\x00"):
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for table in tables:
                for row in connection.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from the file
                    for value in row:
                        if isinstance(value, bytes):
                            found += [(f"{path}:{table} blob", text) for _, text in blob_texts(value)]
                        elif value is not None:
                            found.append((f"{path}:{table}", str(value)))
        finally:
            connection.close()
    found += [(f"{path}!{member}", text) for member, text in blob_texts(data)]
    return found


def blob_texts(data: bytes) -> list[tuple[str, str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(name, archive.read(name).decode("utf-8", "replace")) for name in archive.namelist()]
    except zipfile.BadZipFile:
        return [("", data.decode("latin-1"))]


def test_an_erased_person_leaves_no_trace_in_the_data_folder(tmp_path, dev_catalogue):
    data = tmp_path / "donnees"
    db = f"sqlite:///{data / 'bouquet-desk.db'}"
    cli(db, data, "import", str(dev_catalogue))
    call = cli(db, data, "call", "add", "--phone", PHONE, "--caller-name", NAME, "--email", EMAIL,
               "--company", "Fonderie Fictive du Bassin", "--category", "PFMP", "--outcome", "referred",
               "--note", f"Mme Trémoustier, joignable aussi au {MOBILE} ou {EMAIL}",
               "--query", "soudeur tremoustier", "--refer", "C001", "--json")
    call_id = json.loads(call.stdout)["id"]
    cli(db, data, "call", "add", "--phone", PHONE.replace(" ", "."), "--category", "LOCAUX",
        "--note", "rappel de Gaëlle", "--query", f"salle {NAME}")
    cli(db, data, "letter", str(call_id), "--out", str(tmp_path / "courrier.docx"))
    cli(db, data, "search", f"{NAME} {MOBILE}", "--json")  # found nothing: recorded in the search log
    cli(db, data, "call", "add", "--phone", PHONE, "--caller-name", NAME, "--category", "INCONNUE", expect=2)
    drafts = data / "drafts"
    drafts.mkdir(exist_ok=True)
    (drafts / "draft-20261201-101010-abcdef.json").write_text(json.dumps(
        {"phone": PHONE, "caller": NAME, "email": EMAIL, "notes": "rappeler"}, ensure_ascii=False), "utf-8")
    (drafts / "draft-20261201-101011-bcdefa.json").write_text(json.dumps(
        {"phone": "03 21 00 00 00", "caller": "Autre Personne", "notes": ""}), "utf-8")
    # Today's backups were taken before she called: take them again with her inside.
    for old in (data / "backups").glob("*.db"):
        old.unlink()
    cli(db, data, "call", "list", "--json")
    backups = list((data / "backups").glob("*.db"))
    assert backups and any("Trémoustier" in text for b in backups for _, text in texts_of(b))  # the test can fail

    erased = cli(db, data, "privacy", "erase", "--phone", PHONE)
    assert "anonymisée" in erased.stdout

    places, traces = 0, []
    files = sorted(p for p in data.rglob("*") if p.is_file())
    for path in files:
        for where, text in texts_of(path):
            places += 1
            folded = text.casefold()
            traces += [(where, needle) for needle in NEEDLES if needle in folded]
    print(f"searched {len(files)} files ({', '.join(p.relative_to(data).as_posix() for p in files)}), "
          f"{places} texts in them; traces: {len(traces)}")
    assert not traces, traces[:10]
    assert (drafts / "draft-20261201-101011-bcdefa.json").exists()  # someone else's draft stays
    # The calls stay, for the statistics.
    assert len(json.loads(cli(db, data, "call", "list", "--json").stdout)) == 2
    assert not re.search(r"\.tmp$", " ".join(p.name for p in data.rglob("*")))


def test_reports_and_the_search_log_show_terms_not_people(sqlite_context):
    from datetime import date

    from sqlalchemy import select

    from bouquet_desk.core.calls.calls import NewCall, log_call
    from bouquet_desk.core.db.models import SearchLog
    from bouquet_desk.core.reports.activity import compute_activity
    from bouquet_desk.core.reports.period import Period
    from bouquet_desk.core.search.unmet import record_unmet

    context = sqlite_context
    log_call(context, NewCall(category="PFMP", phone=PHONE, caller_name=NAME, outcome="uncovered",
                              search_terms=f"cordonnier {NAME} {MOBILE}\nMme Trémoustier cordonnier"))
    assert record_unmet(context.sessions, f"cordonnier gaelle tremoustier {EMAIL}")
    assert not record_unmet(context.sessions, "Gaëlle Trémoustier")  # nothing but a person: not recorded
    with context.sessions() as session:
        assert session.scalars(select(SearchLog.query)).all() == ["cordonnier"]
    today = date.today()
    figures = compute_activity(context.sessions, Period(date(today.year - 1, 1, 1), today), context.reference)
    shown = " ".join([row.label for row in figures.terms]
                     + [t.label + " " + " ".join(t.examples) for t in figures.unmet.themes]).casefold()
    assert "cordonnier" in shown
    assert not [needle for needle in NEEDLES if needle in shown], shown


def test_logs_hold_no_sql_values_and_no_phone_numbers(sqlite_url, open_ctx, data_dir):
    import logging

    from sqlalchemy import text

    from bouquet_desk.app import setup_logging

    setup_logging(verbose=False)
    context = open_ctx(sqlite_url)
    log = logging.getLogger("bouquet_desk.cli")
    try:
        with context.engine.begin() as connection:  # a statement failing with a person's details as values
            connection.execute(text("INSERT INTO callers (id, name, phone) VALUES (:id, :name, :phone)"),
                               {"id": "pas un nombre", "name": NAME, "phone": "+33353731234"})
    except Exception:  # noqa: BLE001 - what the runner logs for a bug
        log.exception("unexpected failure in call")
    log.warning("appel de %s au %s, %s", "Mme Trémoustier", MOBILE, EMAIL)
    for handler in logging.getLogger("bouquet_desk").handlers:
        handler.flush()
    written = (data_dir / "logs" / "bouquet-desk.log").read_text(encoding="utf-8").casefold()
    assert "insert into callers" in written  # the failure is there, its values are not
    assert not [needle for needle in NEEDLES if needle in written], written[-2000:]
