"""Calls the telephone logs by itself, through the call services, on SQLite and PostgreSQL: missed calls
(direction missed), their queue (settled by a later call with the number, or marked seen), dialled calls."""

from __future__ import annotations

from datetime import datetime, timedelta

from bouquet_desk.core.calls.calls import NewCall, get_call, list_calls, log_call
from bouquet_desk.core.calls.codes import UNQUALIFIED
from bouquet_desk.core.telephony import logged

RANG = datetime(2026, 12, 1, 8, 30)
NOW = RANG + timedelta(hours=2)


def test_missed_call_is_logged_and_queued_until_called_back(context):
    known = log_call(context, NewCall(category="PFMP", phone="03 53 73 01 01", company_name="Menuiserie Fictive",
                                      started_at=RANG - timedelta(days=3)))
    missed = logged.log_missed_call(context, "+33353730101", RANG, RANG + timedelta(seconds=25), "cancel")
    assert (missed.direction, missed.category, missed.outcome) == ("missed", UNQUALIFIED, "callback")
    assert missed.duration_s == 25 and missed.company == "Menuiserie Fictive" and "raccroché" in missed.notes
    assert missed.category_label == "À qualifier"
    queue = logged.missed_queue(context, now=NOW)
    assert [(m.id, m.phone_display, m.company) for m in queue] == [(missed.id, "03 53 73 01 01", "Menuiserie Fictive")]
    assert logged.missed_count(context) == 1
    assert logged.missed_count(context, RANG + timedelta(minutes=1)) == 0
    # The operator calls back: the missed call leaves the queue, and stays in the log.
    log_call(context, NewCall(category="PFMP", phone="0353730101", direction="outgoing",
                              started_at=RANG + timedelta(minutes=5)))
    assert logged.missed_queue(context, now=NOW) == []
    assert get_call(context, missed.id).direction == "missed"
    assert known.id != missed.id


def test_a_ring_heard_on_several_pcs_is_one_missed_call(context):
    first = logged.log_missed_call(context, "0353730107", RANG, RANG + timedelta(seconds=9))
    again = logged.log_missed_call(context, "03 53 73 01 07", RANG + timedelta(seconds=1), RANG + timedelta(seconds=9))
    later = logged.log_missed_call(context, "0353730107", RANG + timedelta(minutes=10), RANG + timedelta(minutes=11))
    assert again.id == first.id and later.id != first.id


def test_hidden_numbers_and_marking_seen(context):
    hidden = logged.log_missed_call(context, "anonymous", RANG, RANG + timedelta(seconds=3), "noAnswer")
    assert hidden.phone is None and "anonymous" in hidden.notes
    other = logged.log_missed_call(context, "0353730102", RANG + timedelta(minutes=1), RANG + timedelta(minutes=2))
    assert [m.id for m in logged.missed_queue(context, now=NOW)] == [other.id, hidden.id]
    assert logged.missed_queue(context, now=NOW)[1].phone_display == "numéro masqué"
    assert logged.last_missed_id(context) == other.id
    assert logged.missed_queue(context, after_id=other.id, now=NOW) == []
    # Two weeks on, an unreturned ring has left the queue (it stays in the log).
    assert logged.missed_queue(context, now=RANG + timedelta(days=15)) == []


def test_dialled_call_is_outgoing_and_listed(context):
    info = logged.log_dialled_call(context, "03 53 73 01 03", "Mme Fictive (Lycée Fictif)")
    assert info.direction == "outgoing" and info.category == UNQUALIFIED and "Mme Fictive" in info.notes
    assert [c.direction for c in list_calls(context, phone="0353730103")] == ["outgoing"]
    assert list_calls(context, category=UNQUALIFIED)[0].id == info.id
    assert logged.log_dialled_call(context, "0353730104", category="TAXE").category == "TAXE"


def test_missed_calls_are_counted_in_the_activity_figures(context):
    from bouquet_desk.core.reports.activity import compute_activity
    from bouquet_desk.core.reports.period import Period

    logged.log_missed_call(context, "0353730105", RANG, RANG + timedelta(seconds=9), "busy")
    log_call(context, NewCall(category="LOCAUX", phone="0353730106", started_at=RANG))
    figures = compute_activity(context.sessions, Period(RANG.date(), RANG.date()), context.reference)
    assert (figures.summary.calls, figures.summary.missed_calls) == (2, 1)
    assert {row.code: row.label for row in figures.categories if row.calls}["A_QUALIFIER"] == "À qualifier"
