"""Two operators save the same record: the second save is refused with what the first one changed, and
nothing is overwritten silently (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from bouquet_desk.core.calls.calls import NewCall, get_call, log_call, update_call
from bouquet_desk.core.db.models import Call, Contact
from bouquet_desk.core.errors import UserError
from bouquet_desk.core.ops.changes import current_marker
from bouquet_desk.core.ops.conflicts import ConflictError, conflict_guard, find_conflict, guarded_edit


def _notes(context, call_id: int) -> str:
    with context.sessions() as session:
        return session.get(Call, call_id).notes


def test_second_save_of_a_call_is_refused_with_what_changed(two_operators):
    alice, bruno = two_operators
    call = log_call(alice, NewCall(category="PFMP", phone="03 21 77 88 99", notes="premier appel"))
    # Both open the call in their window.
    seen_by_alice, seen_by_bruno = get_call(alice, call.id), get_call(bruno, call.id)
    bruno_since = current_marker(bruno.sessions).last_id
    with conflict_guard(alice, "call", call.id, seen_by_alice.version):
        update_call(alice, call.id, expected_version=seen_by_alice.version, notes="rappeler jeudi",
                    outcome="callback")

    with pytest.raises(ConflictError) as refused:
        with conflict_guard(bruno, "call", call.id, seen_by_bruno.version, since_change_id=bruno_since):
            update_call(bruno, call.id, expected_version=seen_by_bruno.version, notes="stage trouvé")
    conflict = refused.value.conflict
    assert isinstance(refused.value, UserError)  # the command line shows it and exits with 2
    assert conflict.who == ("Alice",)
    assert conflict.expected_version == seen_by_bruno.version
    assert conflict.current_version == seen_by_bruno.version + 1
    changed = {change.field: (change.before, change.now, change.by) for change in conflict.fields}
    assert changed["notes"] == ("premier appel", "rappeler jeudi", ("Alice",))
    assert changed["outcome"][1] == "callback"
    assert conflict.current["notes"] == "rappeler jeudi"
    assert "Alice" in str(refused.value) and "notes" in str(refused.value)
    # Nothing of Bruno's was written.
    assert _notes(alice, call.id) == "rappeler jeudi"

    # Bruno chooses to keep his text: a save against the version he has now seen goes through.
    update_call(bruno, call.id, expected_version=conflict.retry_version, notes="stage trouvé")
    assert _notes(alice, call.id) == "stage trouvé"


def test_without_a_marker_the_latest_versions_are_explained(two_operators):
    alice, bruno = two_operators
    call = log_call(alice, NewCall(category="PFMP", notes="a"))
    opened = get_call(bruno, call.id)
    update_call(alice, call.id, notes="b")
    update_call(alice, call.id, notes="c")
    conflict = find_conflict(bruno, "call", call.id, opened.version)
    assert conflict.current_version == opened.version + 2
    assert [(c.field, c.before, c.now) for c in conflict.fields] == [("notes", "a", "c")]
    assert find_conflict(bruno, "call", call.id, conflict.current_version) is None


def test_a_plain_refusal_is_not_a_conflict(two_operators):
    alice, _ = two_operators
    call = log_call(alice, NewCall(category="PFMP"))
    with pytest.raises(UserError) as refused:
        with conflict_guard(alice, "call", call.id, call.version):
            update_call(alice, call.id, expected_version=call.version, category="pas une catégorie")
    assert not isinstance(refused.value, ConflictError)


def test_contact_saved_meanwhile_raises_stale_data_and_keeps_the_first_save(two_operators, add_contact):
    alice, bruno = two_operators
    contact_id = add_contact(alice)
    with alice.sessions() as session:
        version = session.get(Contact, contact_id).version

    with pytest.raises(ConflictError) as refused:
        with guarded_edit(bruno, "contact", contact_id, version) as row:
            # Bruno has read the row; Alice saves it before he does (the true race: StaleDataError at flush).
            with guarded_edit(alice, "contact", contact_id, version) as theirs:
                theirs.phone = "+33321111111"
            row.phone = "+33322222222"
    conflict = refused.value.conflict
    assert conflict.entity == "contact" and conflict.key == "C900" and conflict.who == ("Alice",)
    assert [(c.field, c.before, c.now) for c in conflict.fields] == [("phone", "+33321000000", "+33321111111")]
    with alice.sessions() as session:
        row = session.get(Contact, contact_id)
        assert (row.phone, row.version) == ("+33321111111", version + 1)

    # An editor opened on the old version is refused at once, before its body runs.
    with pytest.raises(ConflictError):
        with guarded_edit(bruno, "contact", contact_id, version) as row:
            raise AssertionError("the body must not run on a stale version")
    # With the version now seen, Bruno's change goes through, with its history.
    with guarded_edit(bruno, "contact", contact_id, conflict.retry_version) as row:
        row.phone = "+33322222222"
    from bouquet_desk.core.calls.history import history

    last = history(bruno.sessions, "contact", contact_id)[-1]
    assert (last.who, last.action, last.changes["phone"]) == ("Bruno", "update", ("+33321111111", "+33322222222"))


def test_a_deleted_record_is_a_conflict_too(two_operators, add_contact):
    alice, bruno = two_operators
    contact_id = add_contact(alice)
    conflict = find_conflict(bruno, "contact", contact_id + 1000, 1)
    assert conflict.deleted and "supprimé" in conflict.message()
