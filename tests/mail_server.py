"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1): it keeps what it receives, refuses the
recipients it is told to (550 5.1.1), can drop the connection in the middle of a message, can require a login,
and can be stopped and started again on the same port (the server down, then back)."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Handler:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refused: set[str] = set()
        self.drop_next = 0  # messages to cut off in the middle of DATA

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_next:
            self.drop_next -= 1
            server.transport.close()
            return "421 4.4.2 connection dropped"
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 2.0.0 Ok: queued"


class Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.attempts: list[str] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            self.attempts.append(auth_data.login.decode())
            if auth_data.login.decode() == self.user and auth_data.password.decode() == self.password:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


class MailServer:
    def __init__(self, authenticator: Authenticator | None = None) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.authenticator = authenticator
        self.controller: Controller | None = None

    def start(self) -> MailServer:
        kwargs = {}
        if self.authenticator is not None:
            kwargs = {"authenticator": self.authenticator, "auth_require_tls": False}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _rcpt, message in self.handler.received]

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpt, message in self.handler.received if address in rcpt]


def configure(context, server: MailServer, *, user: str = "", password: str | None = None) -> None:
    from bouquet_desk.core.mail.config import setup

    setup(context, host="127.0.0.1", port=server.port, security="none", sender="accueil@bouquet-demo.invalid",
          user=user, password=password, reply_to="")
    context.settings.smtp_timeout_s = 5
