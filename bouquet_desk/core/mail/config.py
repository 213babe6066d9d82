"""Where mail goes out: the SMTP settings of this PC, checked, with the password from the keyring."""

from __future__ import annotations

from dataclasses import dataclass, replace
from email.headerregistry import Address

from ..errors import UserError
from . import secrets

SECURITY = ("none", "starttls", "ssl")
SECURITY_LABELS = {"none": "aucune", "starttls": "STARTTLS", "ssl": "SSL/TLS"}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    user: str
    sender: str
    reply_to: str
    timeout_s: int
    password: str = ""

    def __repr__(self) -> str:  # a config printed in a log or a traceback never shows the password
        return (f"SmtpConfig(host={self.host!r}, port={self.port}, security={self.security!r}, user={self.user!r}, "
                f"sender={self.sender!r}, password={'***' if self.password else ''!r})")

    __str__ = __repr__

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)

    def describe(self) -> str:
        who = f"{self.user} sur " if self.user else ""
        return f"{who}{self.host}:{self.port} ({SECURITY_LABELS.get(self.security, self.security)})"


def check_address(text: str, what: str) -> str:
    address = text.strip()
    try:
        parsed = Address(addr_spec=address)
    except Exception as exc:  # noqa: BLE001 - email's parser raises several kinds on bad input
        raise UserError(f"{what} invalide : « {address} » (attendu : nom@domaine.fr).") from exc
    if not parsed.username or "." not in parsed.domain:
        raise UserError(f"{what} invalide : « {address} » (attendu : nom@domaine.fr).")
    return address


def checked(host: str, port: int, security: str, user: str, sender: str, reply_to: str) -> dict:
    """The settings' values, refused with a French message naming the field when wrong."""
    host = host.strip()
    if not host or any(char.isspace() for char in host):
        raise UserError(f"Serveur SMTP invalide : « {host} » (exemple : smtp.ac-lille.fr).")
    if not 0 < int(port) < 65536:
        raise UserError(f"Port SMTP invalide : {port} (entre 1 et 65535 ; 587 pour STARTTLS, 465 pour SSL).")
    if security not in SECURITY:
        raise UserError(f"Sécurité inconnue : « {security} ». Valeurs possibles : none, starttls, ssl.")
    sender = check_address(sender, "Adresse de l'expéditeur")
    reply_to = check_address(reply_to, "Adresse de réponse") if reply_to.strip() else ""
    return {"smtp_host": host, "smtp_port": int(port), "smtp_security": security, "smtp_user": user.strip(),
            "smtp_sender": sender, "smtp_reply_to": reply_to}


def smtp_config(settings, *, with_password: bool = True) -> SmtpConfig:
    config = SmtpConfig(settings.smtp_host.strip(), settings.smtp_port, settings.smtp_security,
                        settings.smtp_user.strip(), settings.smtp_sender.strip(), settings.smtp_reply_to.strip(),
                        max(1, settings.smtp_timeout_s))
    if with_password and config.host:
        config = replace(config, password=secrets.load_password(config.host, config.user))
    return config


def require_config(settings) -> SmtpConfig:
    config = smtp_config(settings)
    if not config.configured:
        raise UserError("Aucun serveur d'envoi configuré : bouquet-desk mail setup --host SERVEUR --port 587 "
                        "--security starttls --sender ADRESSE (ou Préférences, onglet Courriel).")
    return config


def setup(context, *, host: str, port: int, security: str, sender: str, user: str = "", reply_to: str = "",
          password: str | None = None) -> SmtpConfig:
    """Saves the SMTP settings (settings.json) and the password (keyring). password None keeps the stored one."""
    values = checked(host, port, security, user, sender, reply_to)
    if password is not None:
        secrets.save_password(values["smtp_host"], values["smtp_user"], password)
    for name, value in values.items():
        setattr(context.settings, name, value)
    try:
        context.settings.save()
    except OSError as exc:
        raise UserError(f"Réglages non enregistrés : {exc.strerror or exc}") from exc
    return smtp_config(context.settings)
