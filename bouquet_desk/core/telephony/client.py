"""The telephone system's side, for `bouquet-desk telephony test`: posts Zammad CTI events to the endpoint
of the running window, form-encoded like the PBX scripts of docs/telephony.md."""

from __future__ import annotations

import http.client
import time
import uuid
from urllib.parse import urlencode, urlsplit

from ..errors import UserError


def post_event(url: str, fields: dict, *, timeout_s: float = 5.0) -> int:
    """The HTTP status the endpoint answered; UserError when nothing listens there."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout_s)
    try:
        connection.request("POST", parts.path, body=urlencode(fields, doseq=True),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        return connection.getresponse().status
    except OSError as exc:
        raise UserError(f"Aucune fenêtre Bouquet Desk ne répond sur {parts.hostname}:{parts.port} ({exc.strerror or exc}) : "
                        "ouvrez la fenêtre (même dossier de données), ou vérifiez que la téléphonie est activée "
                        "dans les Préférences.") from None
    finally:
        connection.close()


def play_call(url: str, number: str, *, to: str = "", ring_s: float = 1.0, talk_s: float = 2.0,
              answered: bool = True, report=None) -> list[tuple[str, int]]:
    """A ring, then an answer and a hang-up (or a cancel when not answered); (event, status) of each."""
    call_id = f"test-{uuid.uuid4().hex[:12]}"
    base = {"from": number, "to": to or "bouquet-desk", "direction": "in", "callId": call_id}
    steps = [("newCall", {}, ring_s)]
    if answered:
        steps += [("answer", {"answeringNumber": to or "bouquet-desk"}, talk_s),
                  ("hangup", {"cause": "normalClearing"}, 0)]
    else:
        steps += [("hangup", {"cause": "cancel"}, 0)]
    done = []
    for event, extra, pause in steps:
        status = post_event(url, {"event": event, **base, **extra})
        done.append((event, status))
        if report is not None:
            report(event, status)
        if status != 200:
            break
        time.sleep(pause)
    return done
