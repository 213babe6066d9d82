"""The rules of the call-event endpoint, apart from the HTTP server that applies them: where it listens,
its secret token (made on first use and kept in the settings), who may talk to it, and what each request
gets back. The window's server (ui/telephony/server.py) only moves bytes; every decision is made here.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import secrets
from dataclasses import dataclass

from ..errors import UserError
from .events import CallEvent, EventRejected, parse_body

log = logging.getLogger("bouquet_desk.telephony")

PATH_PREFIX = "/api/v1/cti/"
MAX_BODY = 64 * 1024
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict
    event: CallEvent | None = None


def token(settings, save=None) -> str:
    """The endpoint's token, made and saved the first time it is asked for."""
    if not settings.telephony_token:
        settings.telephony_token = secrets.token_urlsafe(24)
        (save or settings.save)()
        log.info("telephony token created")
    return settings.telephony_token


def url(settings, save=None, *, local: bool = False) -> str:
    """The URL to give the telephone system; `local`: the one this PC itself reaches."""
    host = settings.telephony_address or LOOPBACK
    if host in ("0.0.0.0", "::"):
        # Any address of this PC: the telephone system needs one it can reach, this PC uses loopback.
        host = LOOPBACK if local else "ADRESSE-DE-CE-POSTE"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.telephony_port}{PATH_PREFIX}{token(settings, save)}"


def listens_beyond_loopback(settings) -> bool:
    try:
        return not ipaddress.ip_address(settings.telephony_address or LOOPBACK).is_loopback
    except ValueError:
        return True


def check_settings(settings) -> None:
    """UserError with a French message when the endpoint's settings cannot work."""
    address = settings.telephony_address or LOOPBACK
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise UserError(f"Adresse d'écoute de la téléphonie invalide : « {address} » (exemple : 127.0.0.1).") from None
    if not 1 <= settings.telephony_port <= 65535:
        raise UserError(f"Port de la téléphonie invalide : {settings.telephony_port} (entre 1 et 65535).")
    allowed_networks(settings.telephony_allowed_clients)


def allowed_networks(text: str) -> list:
    networks = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise UserError(f"Adresse autorisée invalide pour la téléphonie : « {part} » "
                            "(exemples : 192.168.1.20, 192.168.1.0/24).") from None
    return networks


def _address(text: str):
    try:
        address = ipaddress.ip_address((text or "").split("%", 1)[0])
    except ValueError:
        return None
    if getattr(address, "ipv4_mapped", None) is not None:
        address = address.ipv4_mapped
    return address


def client_allowed(remote: str, allowed_text: str) -> bool:
    """Loopback always; another machine only when the operator listed it (the PBX's address or subnet)."""
    address = _address(remote)
    if address is None:
        return False
    if address.is_loopback:
        return True
    try:
        networks = allowed_networks(allowed_text)
    except UserError:
        return False
    return any(address in network for network in networks)


def answer(settings, *, path: str, method: str, remote: str, content_type: str, body: bytes) -> Answer:
    """What one HTTP request gets: 200 {} with the event, or the refusal and why."""
    if not client_allowed(remote, settings.telephony_allowed_clients):
        log.warning("telephony request from %s refused: not an allowed client", remote)
        return Answer(403, {"error": "client non autorisé"})
    given = path[len(PATH_PREFIX):] if path.startswith(PATH_PREFIX) else ""
    expected = settings.telephony_token
    if not given or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        log.warning("telephony request from %s refused: wrong token", remote)
        return Answer(401, {"error": "jeton invalide"})
    if method != "POST":
        return Answer(405, {"error": "POST attendu"})
    if len(body) > MAX_BODY:
        return Answer(413, {"error": "corps trop grand"})
    try:
        event = parse_body(body, content_type)
    except EventRejected as exc:
        log.warning("telephony request from %s refused: %s", remote, exc)
        return Answer(422, {"error": str(exc)})
    return Answer(200, {}, event)


def encode(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
