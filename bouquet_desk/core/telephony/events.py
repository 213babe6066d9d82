"""Call events as Zammad's generic CTI interface sends them, so that existing PBX scripts and providers'
webhooks work unchanged: POST fields `event` (newCall | answer | hangup), `from`, `to`, `direction`
(in | out), `callId`, `user` (list), `queue`, `answeringNumber`, and `cause` on hangup.

The body is JSON or form-encoded (curl -d, PHP scripts); anything else, or an event that cannot be
understood, is refused with an EventRejected naming the problem (the endpoint answers 422).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs

EVENTS = ("newCall", "answer", "hangup")
DIRECTIONS = ("in", "out")
# Zammad's hangup causes; others (a provider's own words) are kept as sent and treated like a plain end.
CAUSES = ("normalClearing", "busy", "cancel", "noAnswer", "congestion", "notFound", "forwarded")
# Asterisk's ${DIALSTATUS}, sent as it is by a dialplan (docs/telephony.md), in Zammad's words.
DIALSTATUS_CAUSES = {"ANSWER": "normalClearing", "BUSY": "busy", "NOANSWER": "noAnswer", "CANCEL": "cancel",
                     "CONGESTION": "congestion", "CHANUNAVAIL": "notFound"}
# Zammad allows callIds of 250 characters; a longer value is a client speaking something else.
MAX_FIELD = 250


class EventRejected(ValueError):
    """The body is not a call event this endpoint understands (HTTP 422)."""


@dataclass(frozen=True)
class CallEvent:
    event: str  # newCall | answer | hangup
    call_id: str
    direction: str = "in"
    from_number: str = ""
    to_number: str = ""
    users: tuple[str, ...] = ()
    queue: str = ""
    answering_number: str = ""
    cause: str = ""

    @property
    def outside_number(self) -> str:
        """The other party's number: who rings us, or whom we call."""
        return self.to_number if self.direction == "out" else self.from_number


def number_e164(text: str) -> str | None:
    """The telephone system's writing of a number in E.164: "0353730101", "+33353730101", and the
    international digits without "+" that providers send ("33353730101"); None for "anonymous"."""
    from ..phones import parse_phone

    e164 = parse_phone(text) if text else None
    if e164 is None and text and text.isdigit() and not text.startswith("0"):
        e164 = parse_phone("+" + text)
    return e164


def _text(value, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise EventRejected(f"champ « {name} » : texte attendu")
    text = str(value).strip()
    if len(text) > MAX_FIELD:
        raise EventRejected(f"champ « {name} » trop long ({len(text)} caractères)")
    return text


def _fields_from_form(text: str) -> dict:
    try:
        raw = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=100)
    except ValueError as exc:
        raise EventRejected(f"formulaire illisible ({exc})") from None
    fields: dict = {}
    for key, values in raw.items():
        name = key[:-2] if key.endswith("[]") else key  # PHP-style user[]=…
        if name == "user":
            fields.setdefault("user", []).extend(values)
        else:
            fields[name] = values[-1]
    return fields


def _fields_from_json(text: str) -> dict:
    try:
        fields = json.loads(text)
    except ValueError as exc:
        raise EventRejected(f"JSON illisible ({exc.args[0] if exc.args else exc})") from None
    if not isinstance(fields, dict):
        raise EventRejected("un objet JSON est attendu")
    return fields


def parse_body(body: bytes, content_type: str = "") -> CallEvent:
    """The event in a request body; EventRejected when it is malformed or unknown."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise EventRejected("le corps n'est pas en UTF-8") from None
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" or (kind not in ("application/x-www-form-urlencoded",)
                                      and text.lstrip().startswith("{")):
        fields = _fields_from_json(text)
    else:
        fields = _fields_from_form(text)
    return event_from_fields(fields)


def event_from_fields(fields: dict) -> CallEvent:
    event = _text(fields.get("event"), "event")
    if event not in EVENTS:
        raise EventRejected(f"événement inconnu : « {event} » (attendu : {', '.join(EVENTS)})" if event
                            else "champ « event » manquant")
    call_id = _text(fields.get("callId"), "callId")
    if not call_id:
        raise EventRejected("champ « callId » manquant")
    direction = _text(fields.get("direction"), "direction") or "in"
    if direction not in DIRECTIONS:
        raise EventRejected(f"sens inconnu : « {direction} » (attendu : in, out)")
    users = fields.get("user")
    if users is None:
        users = []
    elif not isinstance(users, list):
        users = [users]
    if len(users) > 50:
        raise EventRejected("trop de valeurs pour « user »")
    return CallEvent(
        event=event, call_id=call_id, direction=direction,
        from_number=_text(fields.get("from"), "from"), to_number=_text(fields.get("to"), "to"),
        users=tuple(_text(user, "user") for user in users), queue=_text(fields.get("queue"), "queue"),
        answering_number=_text(fields.get("answeringNumber"), "answeringNumber"),
        cause=DIALSTATUS_CAUSES.get(_text(fields.get("cause"), "cause"), _text(fields.get("cause"), "cause")),
    )
