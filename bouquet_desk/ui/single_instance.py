"""One window per user and database: a second start hands its request (a ringing number) to the running
window through a local socket, then exits. The telephone hook runs `bouquet-desk --incoming NUMBER`."""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("bouquet_desk.ui.instance")


def server_name(url: str) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a service account): one name for all
        user = "user"
    digest = hashlib.sha1(f"{user}|{url}".encode()).hexdigest()[:16]
    return f"bouquet-desk-{digest}"


def send(name: str, message: dict, timeout_ms: int = 1000) -> bool:
    """True when a running window received the message (it answers "ok")."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write((json.dumps(message) + "\n").encode())
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)  # False when flush() already wrote everything: not a failure
    answer = bytes(socket.readAll()).strip() if socket.waitForReadyRead(timeout_ms) else b""
    socket.disconnectFromServer()
    return answer == b"ok"


class InstanceServer(QObject):
    message = Signal(dict)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self, name: str) -> bool:
        if self.server.listen(name):
            return True
        # A socket file left by a window that crashed: nobody answers on it, so it can be taken over.
        QLocalServer.removeServer(name)
        ok = self.server.listen(name)
        if not ok:
            log.warning("single-instance server %s not started: %s", name, self.server.errorString())
        return ok

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine()).decode("utf-8", "replace").strip()
        try:
            message = json.loads(line)
        except ValueError:
            socket.write(b"bad\n")
            return
        socket.write(b"ok\n")
        socket.flush()
        if isinstance(message, dict):
            self.message.emit(message)
