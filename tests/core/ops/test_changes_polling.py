"""The poll a window runs every few seconds: what others changed since its marker (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from sqlalchemy import insert

from bouquet_desk.core.calls.calls import NewCall, log_call, update_call
from bouquet_desk.core.calls.referrals import refer, update_referral
from bouquet_desk.core.catalogue import import_catalogue
from bouquet_desk.core.db.base import utcnow
from bouquet_desk.core.db.models import ChangeLog
from bouquet_desk.core.ops.changes import GAP_TIMEOUT_S, ChangeMarker, changes_since, current_marker


def test_a_colleague_s_calls_and_referrals_show_up_once(two_operators, add_contact):
    alice, bruno = two_operators
    add_contact(alice, ref="C900")
    marker = current_marker(bruno.sessions)
    marker, nothing = changes_since(bruno.sessions, marker)
    assert nothing.empty and not nothing

    call = log_call(alice, NewCall(category="PFMP", phone="03 21 77 88 99", caller_name="Marie Lenoir",
                                   company_name="Garage du Centre"))
    marker, changes = changes_since(bruno.sessions, marker)
    assert changes.call_ids == {call.id}
    assert changes.caller_ids == {call.caller_id} and changes.company_ids == {call.company_id}
    assert not changes.catalogue_changed and changes.operators == {"Alice"}

    referral = refer(alice, call.id, "C900")
    update_referral(alice, referral.id, status="acknowledged")
    update_call(alice, call.id, notes="rappel")
    marker, changes = changes_since(bruno.sessions, marker)
    assert changes.referral_ids == {referral.id} and changes.call_ids == {call.id}
    assert not changes.catalogue_changed

    marker, again = changes_since(bruno.sessions, marker)
    assert again.empty


def test_an_import_marks_the_catalogue_changed(two_operators, dev_catalogue):
    alice, bruno = two_operators
    marker = current_marker(bruno.sessions)
    import_catalogue(alice, dev_catalogue)
    marker, changes = changes_since(bruno.sessions, marker)
    assert changes.catalogue_changed and changes.contact_ids and not changes.call_ids
    marker, changes = changes_since(bruno.sessions, marker)
    assert changes.empty
    import_catalogue(alice, dev_catalogue)  # the same workbook again changes nothing
    assert changes_since(bruno.sessions, marker)[1].empty


def _log_row(session, entity="call", entity_id=1, who="x"):
    session.execute(insert(ChangeLog), [{"at": utcnow(), "who": who, "entity": entity, "entity_id": entity_id,
                                         "entity_key": "", "action": "update", "changes": json.dumps({})}])


def test_a_transaction_committed_late_is_not_missed(pg_url, open_ctx):
    """PostgreSQL hands out ids at insert time but transactions commit in any order: the poll remembers
    the ids it skipped and finds them when they commit."""
    context = open_ctx(pg_url)
    marker = current_marker(context.sessions)
    slow = context.sessions()
    slow.begin()
    _log_row(slow, entity_id=1, who="slow")  # takes the lower id, not committed yet
    with context.sessions.begin() as fast:
        _log_row(fast, entity_id=2, who="fast")
    marker, changes = changes_since(context.sessions, marker)
    assert changes.call_ids == {2} and len(marker.gaps) == 1
    slow.commit()
    slow.close()
    marker, changes = changes_since(context.sessions, marker)
    assert changes.call_ids == {1} and changes.operators == {"slow"}
    assert marker.gaps == ()


def test_gaps_are_split_and_forgotten_after_the_timeout(sqlite_context):
    sessions = sqlite_context.sessions
    with sessions.begin() as session:
        for entity_id in range(1, 6):
            _log_row(session, entity_id=entity_id)
    # Pretend ids 2..4 had been skipped by an earlier poll: 3 has committed since, 2 and 4 have not.
    with sessions.begin() as session:
        session.query(ChangeLog).filter(ChangeLog.id.in_([2, 4])).delete()
    marker = ChangeMarker(last_id=5, gaps=((2, 4, 0.0),))
    marker, changes = changes_since(sessions, marker, now=1.0)
    assert changes.call_ids == {3}
    assert [(low, high) for low, high, _ in marker.gaps] == [(2, 2), (4, 4)]
    marker, changes = changes_since(sessions, marker, now=GAP_TIMEOUT_S + 1)
    assert changes.empty and marker.gaps == ()


def test_first_poll_from_nothing_reads_everything(sqlite_context):
    log_call(sqlite_context, NewCall(category="PFMP"))
    marker, changes = changes_since(sqlite_context.sessions, None, others_only=False)
    assert changes.call_ids == {1} and marker.last_id >= 1


def test_a_program_s_own_writes_are_never_a_colleague_s(sqlite_context, open_ctx):
    """One PC, one database: the window's own save must not come back through its poll as another post's."""
    colleague = open_ctx(sqlite_context.url)
    marker = current_marker(sqlite_context.sessions)
    mine = log_call(sqlite_context, NewCall(category="PFMP", phone="03 53 73 00 01"))
    marker, changes = changes_since(sqlite_context.sessions, marker)
    assert changes.empty
    theirs = log_call(colleague, NewCall(category="PFMP", phone="03 53 73 00 02"))
    marker, changes = changes_since(sqlite_context.sessions, marker)
    assert changes.call_ids == {theirs.id} and mine.id not in changes.call_ids
