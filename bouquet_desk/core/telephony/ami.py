"""Asterisk Manager Interface, just enough to dial: Login, Originate (ring the operator's own phone, then
call the number from it), Logoff. Plain TCP, the manager's text protocol ("Key: value" lines, a blank line
ends a message). The secret lives in the OS keyring, never in the settings file."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from ..errors import UserError

KEYRING_SERVICE = "bouquet-desk-ami"


@dataclass(frozen=True)
class AmiServer:
    host: str
    port: int
    user: str
    channel: str  # the operator's phone, e.g. PJSIP/201
    context: str = "from-internal"

    @classmethod
    def from_settings(cls, settings) -> AmiServer:
        return cls(settings.ami_host, settings.ami_port, settings.ami_user, settings.ami_channel,
                   settings.ami_context or "from-internal")


def secret_key(server: AmiServer) -> str:
    return f"{server.user}@{server.host}:{server.port}"


def load_secret(server: AmiServer) -> str:
    import keyring

    secret = keyring.get_password(KEYRING_SERVICE, secret_key(server))
    if not secret:
        raise UserError("Le mot de passe AMI n'est pas enregistré : saisissez-le dans les Préférences (Téléphonie).")
    return secret


def store_secret(server: AmiServer, secret: str) -> None:
    import keyring

    keyring.set_password(KEYRING_SERVICE, secret_key(server), secret)


def _message(fields: dict[str, str]) -> bytes:
    for value in fields.values():
        if "\r" in value or "\n" in value:
            raise UserError("Un paramètre AMI contient un saut de ligne.")
    return "".join(f"{key}: {value}\r\n" for key, value in fields.items()).encode() + b"\r\n"


class _Reader:
    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buffer = sock, b""

    def line(self) -> str:
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise UserError("Le serveur Asterisk a fermé la connexion.")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.rstrip(b"\r").decode("utf-8", "replace")

    def message(self) -> dict[str, str]:
        fields: dict[str, str] = {}
        while True:
            line = self.line()
            if not line:
                if fields:
                    return fields
                continue
            key, _, value = line.partition(":")
            fields[key.strip().lower()] = value.strip()

    def response(self, action_id: str) -> dict[str, str]:
        while True:  # events may come first; the answer carries our ActionID
            fields = self.message()
            if "response" in fields and fields.get("actionid", action_id) == action_id:
                return fields


def originate(server: AmiServer, secret: str, number: str, *, timeout_s: float = 5.0) -> None:
    """Ask Asterisk to ring server.channel and connect it to `number`; UserError with the manager's reason."""
    if not (server.host and server.user and server.channel):
        raise UserError("Asterisk AMI : renseignez le serveur, l'utilisateur et le poste dans les Préférences.")
    try:
        sock = socket.create_connection((server.host, server.port), timeout=timeout_s)
    except OSError as exc:
        raise UserError(f"Asterisk AMI injoignable ({server.host}:{server.port}) : {exc.strerror or exc}.") from None
    with sock:
        sock.settimeout(timeout_s)
        reader = _Reader(sock)
        try:
            banner = reader.line()
            if not banner.startswith("Asterisk Call Manager"):
                raise UserError(f"{server.host}:{server.port} ne parle pas AMI (« {banner[:40]} »).")
            sock.sendall(_message({"Action": "Login", "Username": server.user, "Secret": secret,
                                   "Events": "off", "ActionID": "bd-login"}))
            answer = reader.response("bd-login")
            if answer.get("response", "").lower() != "success":
                raise UserError(f"Asterisk AMI a refusé la connexion : {answer.get('message', 'refus')}.")
            sock.sendall(_message({"Action": "Originate", "Channel": server.channel, "Exten": number,
                                   "Context": server.context, "Priority": "1", "CallerID": "Bouquet Desk",
                                   "Async": "true", "ActionID": "bd-dial"}))
            answer = reader.response("bd-dial")
            if answer.get("response", "").lower() != "success":
                raise UserError(f"Asterisk n'a pas lancé l'appel : {answer.get('message', 'refus')}.")
            sock.sendall(_message({"Action": "Logoff", "ActionID": "bd-bye"}))
        except (TimeoutError, socket.timeout):
            raise UserError("Asterisk AMI ne répond pas.") from None
        except OSError as exc:
            raise UserError(f"Asterisk AMI : {exc.strerror or exc}.") from None
