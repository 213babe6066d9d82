"""A telephone system in the tests: plays Zammad generic-CTI sequences against an endpoint over real HTTP
(http.client, one connection per event, like curl in a dialplan), from a thread so that the window under
test keeps its event loop turning. Also sends what no PBX should (bad bodies, wrong tokens)."""

from __future__ import annotations

import http.client
import json
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str

    def json(self):
        return json.loads(self.body)


def post(url: str, body: bytes, content_type: str = "application/x-www-form-urlencoded", *,
         source: str | None = None, method: str = "POST") -> Reply:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10,
                                            source_address=(source, 0) if source else None)
    try:
        headers = {"Content-Type": content_type} if content_type else {}
        connection.request(method, parts.path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.read(), response.getheader("Content-Type") or "")
    finally:
        connection.close()


class Pbx:
    """Sends events to `url` from a worker thread; each call returns a Future of its Reply."""

    def __init__(self, url: str, *, as_json: bool = False) -> None:
        self.url = url
        self.as_json = as_json
        self.pool = ThreadPoolExecutor(max_workers=1)  # one line: events arrive in the order sent

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    def event(self, event: str, call_id: str, number: str, *, direction: str = "in", **extra) -> Future:
        fields = {"event": event, "callId": call_id, "direction": direction,
                  "from": number if direction == "in" else "0353730000",
                  "to": "0353730000" if direction == "in" else number, **extra}
        if self.as_json:
            body, kind = json.dumps(fields).encode(), "application/json"
        else:
            body, kind = urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded"
        return self.pool.submit(post, self.url, body, kind)

    def raw(self, body: bytes, content_type: str = "application/x-www-form-urlencoded", *, url: str | None = None,
            **kwargs) -> Future:
        return self.pool.submit(post, url or self.url, body, content_type, **kwargs)

    # -- sequences (each returns the Futures in the order sent)
    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def ring(self, number: str, call_id: str | None = None, **extra) -> tuple[str, Future]:
        call_id = call_id or self.new_id()
        return call_id, self.event("newCall", call_id, number, user=["Sandrine"], queue="accueil", **extra)

    def answer(self, call_id: str, number: str) -> Future:
        return self.event("answer", call_id, number, answeringNumber="201", user=["Sandrine"])

    def hangup(self, call_id: str, number: str, cause: str = "normalClearing") -> Future:
        return self.event("hangup", call_id, number, cause=cause, answeringNumber="201")
