"""One typed settings registry: every preference with its default, description and version upgrades.

Stored as JSON in the user's data folder. Widgets and services read typed attributes, never string keys.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .paths import user_data_dir

log = logging.getLogger("bouquet_desk.settings")

SETTINGS_VERSION = 1


@dataclass
class Settings:
    # Who answers the phone on this PC; recorded on calls, referrals and history.
    operator: str = ""
    # Working days a contact has to answer a referral before it is overdue.
    referral_deadline_days: int = 2
    # RGPD: personal data of callers is anonymised this many years after the last contact.
    retention_years: int = 3
    # Debounce of search-as-you-type, in milliseconds.
    search_delay_ms: int = 120
    # How many results the search panel shows.
    search_limit: int = 50
    # Window geometry and splitter states (base64 from Qt), keyed by widget objectName.
    window_state: dict[str, str] = field(default_factory=dict)
    # Pause after the last digit typed before the caller is looked up, in milliseconds.
    recognise_delay_ms: int = 250
    # Pause after the last change (category, search, selection, commune) before the routing is recomputed.
    routing_delay_ms: int = 300
    # Pause after the last change before the call being typed is written to its draft file.
    draft_delay_ms: int = 400
    # How often the window asks what other operators changed, in milliseconds (0: never).
    poll_interval_ms: int = 5000
    # Rows the call log reads at a time as the operator scrolls.
    call_log_page: int = 200
    # The call screen's search filters, as last chosen: kind ("" for all), pathway ("" for all).
    search_kind: str = ""
    search_pathway: str = ""
    # The telephone system's call events (Zammad generic CTI): where the window listens for them. Another
    # address than 127.0.0.1 exposes the endpoint to the network: only when the operator sets it.
    telephony_enabled: bool = True
    telephony_address: str = "127.0.0.1"
    telephony_port: int = 8739
    # The endpoint's secret, in its URL; made on first use (core/telephony/endpoint.token).
    telephony_token: str = ""
    # Other machines (the PBX) allowed to send events, comma-separated addresses or subnets.
    telephony_allowed_clients: str = ""
    # Click to dial: a command ("microsip.exe %n", %n the number) instead of opening a tel: link.
    dial_command: str = ""
    # Click to dial through Asterisk AMI Originate (used when ami_host is set); the secret is in the keyring.
    ami_host: str = ""
    ami_port: int = 5038
    ami_user: str = ""
    ami_channel: str = ""  # the operator's own phone, e.g. PJSIP/201
    ami_context: str = "from-internal"
    # Missed calls up to this call id were marked as seen on this PC (« tout marquer comme vu »).
    missed_seen_call_id: int = 0
    # Outgoing mail (SMTP). The password is never here: it lives in the OS keyring (core/mail/secrets.py).
    smtp_host: str = ""
    smtp_port: int = 587
    # "none", "starttls" or "ssl" (SMTP over TLS, usually port 465).
    smtp_security: str = "starttls"
    smtp_user: str = ""
    # The From address of every message, and the Reply-To when answers should go elsewhere.
    smtp_sender: str = ""
    smtp_reply_to: str = ""
    # Seconds the server has to answer before the message waits in the outbox for the next attempt.
    smtp_timeout_s: int = 20
    # When the operator refers a call, queue the notice to each contact at once.
    mail_notices_on_refer: bool = False
    version: int = SETTINGS_VERSION

    @classmethod
    def path(cls, folder: Path | None = None) -> Path:
        return (folder or user_data_dir()) / "settings.json"

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        path = cls.path(folder)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s): defaults used", path, exc)
            return cls()
        raw = _upgrade(raw)
        known = {f.name: f for f in fields(cls)}
        values = {}
        for name, value in raw.items():
            spec = known.get(name)
            if spec is None:
                log.warning("unknown setting %r ignored", name)
                continue
            default = getattr(cls(), name)
            if type(value) is not type(default):
                log.warning("setting %r has the wrong type (%r): default used", name, value)
                continue
            values[name] = value
        return cls(**values)

    def save(self, folder: Path | None = None) -> None:
        path = self.path(folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)


def _upgrade(raw: dict) -> dict:
    """Upgrade steps from older versions of the settings file go here, one per version."""
    raw = dict(raw)
    raw["version"] = SETTINGS_VERSION
    return raw
