"""The SMTP password, kept in the operating system's keyring (Windows Credential Manager, macOS Keychain,
the Secret Service on a Linux desktop), never in settings.json nor in a log line.

Where the system has no keyring (a headless Linux PC, CI), keyring falls back to nothing or to a file of its
own in the home folder; the password then goes to an owner-only file in the application's data folder instead,
so that --data-dir keeps everything of one installation together. PYTHON_KEYRING_BACKEND (keyring's own
variable) still chooses the backend explicitly.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..errors import UserError
from ..paths import user_data_dir

log = logging.getLogger("bouquet_desk.mail")

SERVICE = "bouquet-desk-smtp"


def _account(host: str, user: str) -> str:
    return f"{user or '-'}@{host.strip().lower()}"


def _data_folder_store():
    from keyrings.alt.file import PlaintextKeyring

    store = PlaintextKeyring()
    folder = user_data_dir() / "keyring"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass
    store.file_path = str(folder / "mail.cfg")  # an instance attribute replaces keyrings.alt's default path
    return store


def password_store():
    """The keyring backend the password goes to."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    module = type(backend).__module__
    if isinstance(backend, fail.Keyring) or module.startswith("keyrings.alt.file"):
        return _data_folder_store()
    return backend


def _protect(store) -> None:
    path = getattr(store, "file_path", None)
    if path and Path(path).exists():
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass


def save_password(host: str, user: str, password: str) -> None:
    from keyring.errors import KeyringError

    store = password_store()
    try:
        if password:
            store.set_password(SERVICE, _account(host, user), password)
        else:
            try:
                store.delete_password(SERVICE, _account(host, user))
            except KeyringError:
                pass  # nothing stored: nothing to forget
    except KeyringError as exc:
        # The exception text is the backend's, never the password: safe to show.
        raise UserError(f"Le trousseau du système a refusé le mot de passe SMTP : {exc}") from exc
    _protect(store)
    log.info("SMTP password %s for %s (%s)", "stored" if password else "removed", _account(host, user),
             type(store).__name__)


def load_password(host: str, user: str) -> str:
    """The stored password, "" when none (a server without authentication)."""
    from keyring.errors import KeyringError

    try:
        return password_store().get_password(SERVICE, _account(host, user)) or ""
    except KeyringError as exc:
        log.warning("SMTP password unreadable from the keyring: %s", type(exc).__name__)
        return ""
