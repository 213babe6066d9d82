"""Talking to the SMTP server: one connection for a batch of messages, and every answer sorted into what it
means for the outbox.

    sent       the server took the message (250)
    failed     the server refused it for good (5xx on a recipient or on the data: 550 5.1.1 no such user)
    retry      try again later (4xx, the server down or unreachable, the connection dropped, a timeout)

A refused login or sender is the configuration's fault, not the message's: the message waits (retry) and the
error is raised to the operator once. The password is handed to smtplib only; no message built here contains it.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from ..errors import UserError
from .config import SmtpConfig


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "failed" or "retry"
    answer: str  # the server's reply, or what went wrong, in French for the operator


class ServerUnavailable(Exception):
    """The server cannot be reached or dropped the connection: every message of the batch waits."""

    def __init__(self, answer: str) -> None:
        super().__init__(answer)
        self.answer = answer


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _unreachable(config: SmtpConfig, exc: BaseException) -> str:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"Le serveur {config.host}:{config.port} ne répond pas (délai de {config.timeout_s} s dépassé)."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"Le serveur {config.host}:{config.port} a coupé la connexion."
    if isinstance(exc, ssl.SSLError):
        return f"Échec de la connexion chiffrée avec {config.host}:{config.port} : {exc.reason or exc}."
    if isinstance(exc, socket.gaierror):
        return f"Serveur {config.host} introuvable (pas de réseau, ou nom mal écrit)."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Le serveur {config.host} refuse la connexion : {_reply(exc.smtp_code, exc.smtp_error)}."
    reason = getattr(exc, "strerror", None) or exc.__class__.__name__
    return f"Serveur {config.host}:{config.port} injoignable : {reason}."


class Connection:
    """A logged-in SMTP session: `with Connection(config) as smtp: smtp.send(message)`."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        config = self.config
        try:
            if config.security == "ssl":
                smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout_s,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout_s)
            self._smtp = smtp
            smtp.ehlo_or_helo_if_needed()
            if config.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise UserError(f"Le serveur {config.host} ne propose pas STARTTLS : choisissez une autre "
                                    "sécurité (ssl sur le port 465), ou « none » sur un réseau de confiance.")
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if config.user:
                smtp.login(config.user, config.password)
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            # The server's answer names the account at most; the password is nowhere in it.
            raise UserError(f"Le serveur {config.host} refuse l'identifiant « {config.user} » ou son mot de passe "
                            f"({_reply(exc.smtp_code, exc.smtp_error)}).") from None
        except smtplib.SMTPNotSupportedError:
            self._close()
            raise UserError(f"Le serveur {config.host} ne propose pas l'authentification : laissez l'utilisateur "
                            "vide ou choisissez la sécurité STARTTLS/SSL.") from None
        except UserError:
            self._close()
            raise
        except (OSError, smtplib.SMTPException) as exc:
            self._close()
            raise ServerUnavailable(_unreachable(config, exc)) from None
        return self

    def __exit__(self, *_exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._close()

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            except OSError:
                pass
        self._smtp = None

    def send(self, message: bytes, to_address: str) -> Outcome:
        """Sends one stored message. Raises ServerUnavailable when the connection is gone (the batch stops)."""
        smtp, config = self._smtp, self.config
        assert smtp is not None, "send() outside of `with Connection(...)`"
        try:
            refused = smtp.sendmail(config.sender, [to_address], message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(to_address, (550, b"refused"))
            return Outcome("failed" if code >= 500 else "retry", _reply(code, text))
        except smtplib.SMTPSenderRefused as exc:
            raise UserError(f"Le serveur {config.host} refuse l'expéditeur {config.sender} "
                            f"({_reply(exc.smtp_code, exc.smtp_error)}) : vérifiez l'adresse d'expéditeur.") from None
        except smtplib.SMTPDataError as exc:
            return Outcome("failed" if exc.smtp_code >= 500 else "retry", _reply(exc.smtp_code, exc.smtp_error))
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500 and exc.smtp_code != 554:
                return Outcome("failed", _reply(exc.smtp_code, exc.smtp_error))
            raise ServerUnavailable(_unreachable(config, exc)) from None
        except (OSError, smtplib.SMTPException) as exc:
            self._close()
            raise ServerUnavailable(_unreachable(config, exc)) from None
        if refused:
            code, text = refused.get(to_address, (550, b"refused"))
            return Outcome("failed" if code >= 500 else "retry", _reply(code, text))
        return Outcome("sent", "250 accepté par le serveur")


def send_now(config: SmtpConfig, message: EmailMessage) -> Outcome:
    """One message straight away, outside the outbox (the test message of `mail test`)."""
    to_address = message["To"].addresses[0].addr_spec
    with Connection(config) as connection:
        return connection.send(message.as_bytes(), to_address)
