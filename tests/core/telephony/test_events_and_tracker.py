"""Call events parsed as Zammad's generic CTI sends them, and each call's state through rings, answers and
hang-ups, including what real telephone systems get wrong (repeats, lost or late events)."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

import pytest

from bouquet_desk.core.telephony.events import EventRejected, parse_body
from bouquet_desk.core.telephony.tracker import CallTracker

T0 = datetime(2026, 12, 1, 9, 0, 0)


def test_form_encoded_event_with_php_style_user_list():
    event = parse_body(b"event=newCall&from=%2B33353730101&to=0353730000&direction=in&callId=abc"
                       b"&user%5B%5D=Sandrine&user%5B%5D=Karim&queue=accueil",
                       "application/x-www-form-urlencoded")
    assert event.event == "newCall" and event.call_id == "abc" and event.outside_number == "+33353730101"
    assert event.users == ("Sandrine", "Karim") and event.queue == "accueil"


def test_json_event_and_outgoing_direction():
    body = json.dumps({"event": "hangup", "callId": 7, "direction": "out", "from": "201", "to": "0353730101",
                       "cause": "busy", "user": "Sandrine", "answeringNumber": ""}).encode()
    event = parse_body(body, "application/json; charset=utf-8")
    assert event.call_id == "7" and event.outside_number == "0353730101" and event.cause == "busy"
    assert event.users == ("Sandrine",)


def test_asterisk_dialstatus_is_read_as_a_zammad_cause():
    assert parse_body(b"event=hangup&callId=1&cause=NOANSWER").cause == "noAnswer"
    assert parse_body(b"event=hangup&callId=1&cause=ANSWER").cause == "normalClearing"
    assert parse_body(b"event=hangup&callId=1&cause=answeredElsewhere").cause == "answeredElsewhere"


def test_numbers_as_telephone_systems_write_them():
    from bouquet_desk.core.telephony.events import number_e164

    assert number_e164("0353730101") == number_e164("+33353730101") == number_e164("33353730101") == "+33353730101"
    assert number_e164("anonymous") is None and number_e164("") is None and number_e164("201") is None


def test_json_without_content_type_is_recognised():
    assert parse_body(b'{"event":"answer","callId":"x"}', "").event == "answer"


@pytest.mark.parametrize("body, kind, said", [
    (b"event=ring&callId=1", "", "événement inconnu"),
    (b"from=0353730101&callId=1", "", "« event » manquant"),
    (b"event=newCall&from=0353730101", "", "« callId » manquant"),
    (b"event=newCall&callId=1&direction=sideways", "", "sens inconnu"),
    (b"[1, 2]", "application/json", "objet JSON"),
    (b"{not json", "application/json", "JSON illisible"),
    (b'{"event": "newCall", "callId": {"a": 1}}', "application/json", "texte attendu"),
    (b"event=newCall&callId=" + b"9" * 251, "", "trop long"),
    (b"\xff\xfe", "", "UTF-8"),
    (b"", "", "« event » manquant"),
])
def test_malformed_or_unknown_events_are_refused_with_the_reason(body, kind, said):
    with pytest.raises(EventRejected, match=said):
        parse_body(body, kind)


def _event(kind, call_id, number="0353730101", direction="in", cause=""):
    fields = {"event": kind, "callId": call_id, "direction": direction, "cause": cause,
              "from": number if direction == "in" else "201", "to": "201" if direction == "in" else number}
    return parse_body(json.dumps(fields).encode(), "application/json")


def test_ring_answer_hangup_measures_the_talk_from_the_answer():
    tracker = CallTracker()
    assert tracker.apply(_event("newCall", "a"), T0).kind == "ring"
    answered = tracker.apply(_event("answer", "a"), T0 + timedelta(seconds=5))
    assert answered.kind == "answer" and answered.call.answered_at == T0 + timedelta(seconds=5)
    ended = tracker.apply(_event("hangup", "a", cause="normalClearing"), T0 + timedelta(seconds=65))
    assert ended.kind == "hangup" and ended.call.talk_seconds == 60 and tracker.active() == []


@pytest.mark.parametrize("cause", ["cancel", "noAnswer", "busy", "congestion", "notFound", ""])
def test_a_hangup_before_any_answer_is_a_missed_call(cause):
    tracker = CallTracker()
    tracker.apply(_event("newCall", "a"), T0)
    step = tracker.apply(_event("hangup", "a", cause=cause), T0 + timedelta(seconds=20))
    assert step.kind == "missed" and step.call.rang_at == T0 and step.call.cause == cause


def test_forwarded_or_outgoing_unanswered_calls_are_not_missed():
    tracker = CallTracker()
    tracker.apply(_event("newCall", "taken"), T0)  # a PBX that sends no answer event (3CX's call journal)
    taken = tracker.apply(_event("hangup", "taken", cause="normalClearing"), T0 + timedelta(seconds=90))
    assert taken.kind == "hangup" and taken.call.talk_seconds is None
    tracker.apply(_event("newCall", "f"), T0)
    assert tracker.apply(_event("hangup", "f", cause="forwarded"), T0).kind == "unanswered"
    tracker.apply(_event("newCall", "o", direction="out"), T0)
    assert tracker.apply(_event("hangup", "o", direction="out", cause="noAnswer"), T0).kind == "unanswered"


def test_late_repeated_and_unknown_events_are_ignored_with_a_reason(caplog):
    caplog.set_level(logging.INFO, logger="bouquet_desk.telephony")
    tracker = CallTracker()
    assert tracker.apply(_event("hangup", "ghost"), T0).reason == "appel inconnu"
    assert tracker.apply(_event("answer", "ghost"), T0).kind == "ignored"
    tracker.apply(_event("newCall", "a"), T0)
    assert tracker.apply(_event("newCall", "a"), T0).reason == "sonnerie répétée"
    tracker.apply(_event("answer", "a"), T0)
    assert tracker.apply(_event("answer", "a"), T0).reason == "appel déjà décroché"
    tracker.apply(_event("hangup", "a"), T0)
    for kind in ("answer", "hangup", "newCall"):
        step = tracker.apply(_event(kind, "a"), T0)
        assert step.kind == "ignored" and step.reason == "appel déjà terminé"
    assert "ignored" in caplog.text


def test_a_callid_reused_for_a_later_call_rings_again():
    tracker = CallTracker()
    tracker.apply(_event("newCall", "0353730101"), T0)
    tracker.apply(_event("hangup", "0353730101", cause="noAnswer"), T0 + timedelta(seconds=10))
    assert tracker.apply(_event("newCall", "0353730101"), T0 + timedelta(seconds=20)).kind == "ignored"
    assert tracker.apply(_event("newCall", "0353730101"), T0 + timedelta(minutes=5)).kind == "ring"


def test_two_rings_at_once_are_tracked_apart():
    tracker = CallTracker()
    tracker.apply(_event("newCall", "a", "0353730101"), T0)
    tracker.apply(_event("newCall", "b", "0353730102"), T0 + timedelta(seconds=1))
    assert [c.number for c in tracker.active()] == ["0353730101", "0353730102"]
    tracker.apply(_event("answer", "b", "0353730102"), T0 + timedelta(seconds=2))
    assert tracker.apply(_event("hangup", "a", "0353730101", cause="cancel"), T0).kind == "missed"
    assert tracker.apply(_event("hangup", "b", "0353730102"), T0 + timedelta(seconds=9)).kind == "hangup"


def test_calls_that_lost_their_hangup_are_forgotten():
    tracker = CallTracker()
    tracker.apply(_event("newCall", "talking"), T0)
    tracker.apply(_event("answer", "talking"), T0)
    tracker.apply(_event("newCall", "announced"), T0)  # a PBX that only announces calls
    assert [c.call_id for c in tracker.forget_stale(T0 + timedelta(minutes=4))] == ["announced"]
    assert [c.call_id for c in tracker.active()] == ["talking"]
    tracker.apply(_event("newCall", "new"), T0 + timedelta(hours=13))
    assert [c.call_id for c in tracker.active()] == ["new"]
