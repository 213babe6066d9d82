"""Asterisk's manager interface in the tests: a small real TCP server speaking AMI (Login, Originate,
Logoff) that records what it was asked, and a keyring backend in memory (no desktop session needed)."""

from __future__ import annotations

import socket
import threading

from keyring.backend import KeyringBackend


class AmiServer:
    """Asterisk's manager, as far as Login/Originate/Logoff go; records what it was asked."""

    def __init__(self, secret: str = "s3cret", originate_ok: bool = True) -> None:
        self.secret, self.originate_ok = secret, originate_ok
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.actions: list[dict] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        with self.listener:
            connection, _ = self.listener.accept()
        with connection:
            connection.sendall(b"Asterisk Call Manager/7.0.3\r\n")
            buffer = b""
            while True:
                data = connection.recv(4096)
                if not data:
                    return
                buffer += data
                while b"\r\n\r\n" in buffer:
                    raw, buffer = buffer.split(b"\r\n\r\n", 1)
                    fields = dict(line.split(": ", 1) for line in raw.decode().split("\r\n"))
                    self.actions.append(fields)
                    reply = self._reply(fields)
                    connection.sendall(reply.encode())
                    if fields["Action"] == "Logoff":
                        return

    def _reply(self, fields: dict) -> str:
        action_id = fields.get("ActionID", "")
        if fields["Action"] == "Login":
            ok = fields.get("Secret") == self.secret
            # An event before the answer, as a real manager may send: the client must skip it.
            event = "Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n"
            return event + (f"Response: {'Success' if ok else 'Error'}\r\nActionID: {action_id}\r\n"
                            f"Message: {'Authentication accepted' if ok else 'Authentication failed'}\r\n\r\n")
        if fields["Action"] == "Originate":
            ok = self.originate_ok
            return (f"Response: {'Success' if ok else 'Error'}\r\nActionID: {action_id}\r\n"
                    f"Message: {'Originate successfully queued' if ok else 'Extension does not exist.'}\r\n\r\n")
        return f"Response: Goodbye\r\nActionID: {action_id}\r\nMessage: Thanks for all the fish.\r\n\r\n"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)
