"""Personal data by the rules: erasure leaves no trace anywhere in the database, purge follows the retention
period, exports hold everything, and every act is in the audit log."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

import pytest
from activity_data import TODAY, activity, activity_template, build_activity  # noqa: F401
from sqlalchemy import select

from bouquet_desk.core.db.base import Base
from bouquet_desk.core.db.models import Call, Caller, ChangeLog, Letter, SearchLog
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.phones import format_phone
from bouquet_desk.core.privacy import audit
from bouquet_desk.core.privacy.retention import purge, years_before
from bouquet_desk.core.privacy.subject import erase_person, export_person
from bouquet_desk.core.reports.activity import compute_activity
from bouquet_desk.core.reports.period import Period

EVERYTHING = Period(date(2024, 1, 1), date(2026, 12, 31))


def dump(context) -> str:
    """Every value of every table as text; archived Word letters unzipped so their words are searchable."""
    parts = []
    with context.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        parts.append(_blob_text(bytes(value)))
                    elif value is not None:
                        parts.append(str(value))
    return "\n".join(parts)


def _blob_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    except zipfile.BadZipFile:
        return data.decode("latin-1")


def traces(person) -> list[str]:
    return [person.name, person.phone, format_phone(person.phone), format_phone(person.phone).replace(" ", ""),
            person.email]


def busiest_caller(context, generated):
    """A caller with several calls, a referral note and an archived letter: the hardest one to erase."""
    with context.sessions() as session:
        with_letters = set(session.scalars(select(Call.caller_id).join(Letter, Letter.call_id == Call.id)))
    scored = sorted(generated.callers, key=lambda p: (
        -(p.id in with_letters), -sum(1 for c in generated.calls if c.caller_id == p.id), p.id))
    return scored[0]


def test_an_erased_person_appears_nowhere_but_their_calls_still_count(context):
    generated = build_activity(context)
    person = busiest_caller(context, generated)
    before = compute_activity(context.sessions, EVERYTHING, context.reference, today=TODAY)
    text = dump(context)
    written = [person.name, person.phone, format_phone(person.phone), person.email]
    assert all(trace in text for trace in written), "the generator must have written the person"

    result = erase_person(context, format_phone(person.phone))

    text = dump(context)
    for trace in traces(person):
        assert trace not in text, trace
    after = compute_activity(context.sessions, EVERYTHING, context.reference, today=TODAY)
    assert after.summary == before.summary
    assert after.categories == before.categories
    own_calls = [c for c in generated.calls if c.caller_id == person.id]
    assert result.anonymised.callers == 1 and result.anonymised.calls == len(own_calls)
    assert result.anonymised.letters >= 1
    with context.sessions() as session:
        caller = session.get(Caller, person.id)
        assert caller.anonymised_at is not None and caller.name is caller.phone is caller.email is None
        notes = session.scalars(select(Call.notes).where(Call.caller_id == person.id)).all()
        assert notes and all("[nom]" in n and "[téléphone]" in n and "[e-mail]" in n for n in notes)
        others = session.scalar(select(Caller).where(Caller.id != person.id, Caller.name.is_not(None)).limit(1))
        assert others is not None, "nobody else was touched"
    entries = [e for e in audit.audit_log(context.sessions) if e.action == audit.ERASE]
    assert len(entries) == 1 and entries[0].caller_id == person.id
    with pytest.raises(UserError, match="Aucune donnée personnelle"):
        erase_person(context, person.phone)  # nothing left to find by that number


def test_purge_respects_the_retention_period(activity):
    context, generated = activity
    today = date(2027, 10, 1)  # three years back: 1 October 2024, inside the generated activity
    cutoff = years_before(today, context.settings.retention_years)
    assert cutoff == date(2024, 10, 1)
    old = [p for p in generated.callers if p.last_contact_at < datetime(2024, 10, 1)]
    recent = [p for p in generated.callers if p.last_contact_at >= datetime(2024, 10, 1)]
    assert old and recent
    calls_before = compute_activity(context.sessions, EVERYTHING, context.reference, today=TODAY).summary

    dry = purge(context, today=today, dry_run=True)
    assert dry.anonymised.callers == len(old)
    with context.sessions() as session:
        assert session.scalar(select(Caller.name).where(Caller.id == old[0].id)) == old[0].name  # nothing written

    result = purge(context, today=today)
    assert result.cutoff == cutoff and result.anonymised.callers == len(old)
    text = dump(context)
    for person in old:
        assert person.email not in text and person.phone not in text and person.name not in text
    for person in recent:
        assert person.email in text and person.phone in text
    with context.sessions() as session:
        old_calls = session.scalars(select(Call).where(Call.caller_id.in_([p.id for p in old]))).all()
        assert all(call.phone is None for call in old_calls)
        recent_phones = session.scalars(select(Call.phone).where(Call.caller_id.in_([p.id for p in recent]))).all()
        assert all(recent_phones)
    assert compute_activity(context.sessions, EVERYTHING, context.reference, today=TODAY).summary == calls_before

    again = purge(context, today=today)
    assert again.anonymised.as_dict() == {k: 0 for k in again.anonymised.as_dict()}
    purges = [e for e in audit.audit_log(context.sessions) if e.action == audit.PURGE]
    assert len(purges) == 2  # the dry run wrote nothing, both real runs are logged
    assert purges[-1].details["appelants"] == [None, len(old)]


def test_purge_before_a_chosen_date_and_refuses_the_future(activity):
    context, generated = activity
    result = purge(context, before=date(2025, 3, 1), today=TODAY)
    assert result.anonymised.callers == sum(1 for p in generated.callers if p.last_contact_at < datetime(2025, 3, 1))
    with pytest.raises(UserError, match="futur"):
        purge(context, before=date(2027, 1, 1), today=TODAY)


def test_export_holds_everything_about_the_person_and_is_audited(activity, tmp_path):
    context, generated = activity
    person = busiest_caller(context, generated)
    out = tmp_path / f"{person.name}.json"
    result = export_person(context, person.phone, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    own = [c for c in generated.calls if c.caller_id == person.id]
    assert [c["numero"] for c in data["appels"]] == [c.id for c in sorted(own, key=lambda c: (c.started_at, c.id))]
    assert len(data["orientations"]) == sum(len(c.referrals) for c in own) == result.referrals
    assert data["appelants"][0]["nom"] == person.name and data["appelants"][0]["email"] == person.email
    with context.sessions() as session:
        letters = session.scalar(select(Letter.id).join(Call).where(Call.caller_id == person.id).limit(1))
    assert letters is not None and data["courriers"] and "taille_docx_octets" in data["courriers"][0]
    assert any(entry["objet"] == "caller" for entry in data["historique"])
    assert "trois ans" in data["duree_de_conservation"]
    entry = audit.audit_log(context.sessions)[0]
    assert entry.action == audit.EXPORT and entry.caller_id == person.id
    with context.sessions() as session:
        logged = session.scalars(select(ChangeLog).where(ChangeLog.entity == audit.ENTITY)).one()
    assert person.name not in logged.entity_key + logged.changes and str(out) not in logged.changes


def test_a_shared_number_needs_the_name(activity, tmp_path):
    context, generated = activity
    first, second = generated.callers[0], generated.callers[1]
    with context.sessions.begin() as session:
        session.get(Caller, second.id).phone = first.phone  # two people behind one switchboard
    with pytest.raises(UserError, match="Plusieurs personnes"):
        erase_person(context, first.phone)
    with pytest.raises(UserError, match="Personne au nom"):
        export_person(context, first.phone, tmp_path / "x.json", name="Personne Inconnue")
    erase_person(context, first.phone, name=second.name)
    with context.sessions() as session:
        assert session.get(Caller, second.id).name is None
        assert session.get(Caller, first.id).name == first.name


@pytest.mark.parametrize("phone, message", [("12", "Numéro de téléphone invalide"),
                                            ("03 21 99 99 99", "Aucune donnée personnelle")])
def test_unknown_or_invalid_numbers_are_refused(activity, tmp_path, phone, message):
    context, _ = activity
    with pytest.raises(UserError, match=message):
        export_person(context, phone, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
    assert audit.audit_log(context.sessions) == []


def test_a_typed_name_leaves_the_search_log(activity):
    context, generated = activity
    person = generated.callers[3]
    with context.sessions.begin() as session:
        session.add(SearchLog(query=f"{person.name} stage", results=0))
    erase_person(context, person.phone)
    with context.sessions() as session:
        queries = session.scalars(select(SearchLog.query)).all()
    assert f"{person.name} stage" not in queries and "[nom] stage" in queries
