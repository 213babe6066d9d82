"""The call-event endpoint (Zammad generic CTI) served by the window with QtHttpServer.

PySide6's QHttpServer.route() takes a callable returning text, answered 200 text/plain; it has no
placeholders and no way to set a status. So one route matches every /api/v1/cti/… path (the pattern is a
regular expression), returns "<status>\\n<json>", and an after-request handler swaps in the real response
with that status and application/json. Bodies over 64 KB are refused by Qt itself (413) before any of
this runs. Every decision is core/telephony/endpoint.answer's; events are delivered queued, after the
telephone system has its answer.
"""

from __future__ import annotations

import http.client
import logging
import threading

from PySide6.QtCore import QLoggingCategory, QObject, Qt, QTimer, Signal
from PySide6.QtHttpServer import (
    QHttpServer,
    QHttpServerConfiguration,
    QHttpServerRequest,
    QHttpServerResponder,
    QHttpServerResponse,
)
from PySide6.QtNetwork import QHostAddress, QSslSocket, QTcpServer

from ...core.telephony import endpoint

log = logging.getLogger("bouquet_desk.ui.telephony")

_METHODS = {QHttpServerRequest.Method.Post: "POST", QHttpServerRequest.Method.Get: "GET"}
_MARK = "bouquet-desk-cti "
WARM_UP_AFTER_MS = 1500  # once the window is up and drawn


def plain_http_only() -> None:
    """Qt's TLS left to its certificate-only backend. QHttpServer makes a TLS configuration for every
    connection it accepts; with the OpenSSL backend, the first one reads the whole system CA store: 0.25 s with
    the window frozen, a few seconds after the start or on the first ring. The endpoint speaks plain HTTP and
    nothing else in the window uses Qt's TLS (mail goes through Python's ssl), so no certificate is needed.
    Its warnings that this backend makes no TLS keys are about the unused TLS half: silenced."""
    if QSslSocket.activeBackend() != "cert-only" and "cert-only" in QSslSocket.availableBackends():
        if QSslSocket.setActiveBackend("cert-only"):
            QLoggingCategory.setFilterRules("qt.network.ssl.warning=false")


class CtiServer(QObject):
    event_received = Signal(object)  # core.telephony.events.CallEvent
    _deliver = Signal(object)

    def __init__(self, settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        plain_http_only()
        self.http = QHttpServer(self)
        config = QHttpServerConfiguration()
        config.setMaximumBodySize(endpoint.MAX_BODY)
        self.http.setConfiguration(config)
        # PySide6 keeps no reference to these callables (a bound method made on the fly would be freed and
        # the next request would crash the window): they live as long as this object.
        self._route_hook = self._handle
        self._after_hook = self._finish
        self.http.route(endpoint.PATH_PREFIX + ".*", self._route_hook)
        self.http.addAfterRequestHandler(self.http, self._after_hook)
        self.tcp: QTcpServer | None = None
        self.error = ""
        self._deliver.connect(self.event_received, Qt.ConnectionType.QueuedConnection)

    @property
    def port(self) -> int:
        return self.tcp.serverPort() if self.tcp is not None else 0

    def start(self) -> bool:
        """Listen where the settings say (127.0.0.1 unless the operator chose otherwise); False with
        self.error when the port is taken or the address is not this PC's."""
        self.stop()
        settings = self.settings
        endpoint.token(settings)  # made on first start, so that `telephony url` and the window agree
        tcp = QTcpServer(self)
        address = QHostAddress(settings.telephony_address or endpoint.LOOPBACK)
        if not tcp.listen(address, settings.telephony_port):
            self.error = tcp.errorString()
            log.warning("telephony endpoint not started on %s:%s: %s", settings.telephony_address,
                        settings.telephony_port, self.error)
            tcp.deleteLater()
            return False
        if not self.http.bind(tcp):
            self.error = "bind"
            tcp.deleteLater()
            return False
        self.tcp, self.error = tcp, ""
        log.info("telephony endpoint listening on %s:%s", settings.telephony_address, tcp.serverPort())
        QTimer.singleShot(WARM_UP_AFTER_MS, self._warm_up)
        return True

    def _warm_up(self) -> None:
        """Qt spends time on the first connection it accepts (its MIME database, and the system CA certificates
        unless plain_http_only took effect): one request to itself shortly after the start pays it then, not on
        the first ring of the day."""
        if self.tcp is None:
            return
        host = self.settings.telephony_address or endpoint.LOOPBACK
        host = endpoint.LOOPBACK if host in ("0.0.0.0", "::") else host
        port = self.tcp.serverPort()

        def knock() -> None:
            connection = http.client.HTTPConnection(host, port, timeout=5)
            try:
                connection.request("GET", "/")  # not the endpoint: Qt answers 404 by itself, nothing logged
                connection.getresponse().read()
            except OSError as exc:
                log.debug("telephony warm-up: %s", exc)
            finally:
                connection.close()

        threading.Thread(target=knock, name="cti-warm-up", daemon=True).start()

    def stop(self) -> None:
        if self.tcp is not None:
            self.tcp.close()
            self.tcp.deleteLater()
            self.tcp = None

    def _handle(self, request: QHttpServerRequest) -> str:
        try:
            answer = endpoint.answer(
                self.settings, path=request.url().path(), method=_METHODS.get(request.method(), "OTHER"),
                remote=request.remoteAddress().toString(),
                content_type=bytes(request.value(b"content-type")).decode("latin-1"),
                body=bytes(request.body()),
            )
        except Exception:  # noqa: BLE001 - a bug must not take the window down with the telephone
            log.exception("telephony request failed")
            return f"{_MARK}500\n{{}}"
        if answer.event is not None:
            self._deliver.emit(answer.event)
        return f"{_MARK}{answer.status}\n" + endpoint.encode(answer.body).decode("utf-8")

    def _finish(self, _request: QHttpServerRequest, response: QHttpServerResponse) -> None:
        data = bytes(response.data()).decode("utf-8", "replace")
        if not data.startswith(_MARK):
            return  # Qt's own answers (404, 413) stay as they are
        head, _, body = data[len(_MARK):].partition("\n")
        status = QHttpServerResponder.StatusCode(int(head))
        response.swap(QHttpServerResponse(b"application/json", body.encode("utf-8"), status))
