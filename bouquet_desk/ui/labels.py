"""Plain French names for what the window shows of its own setup (the database it works on)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def plain_database_name(url: str) -> str:
    """« fichier bouquet-desk.db » or « PostgreSQL bouquet sur serveur-lycee », never a sqlite:////… URL."""
    from sqlalchemy.engine import make_url  # here: the status bar shows it once the database is open

    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an odd URL is still shown, without its password
        return _t("base de données")
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return _t("base en mémoire")
        return _t("fichier %1").replace("%1", Path(parsed.database).name)
    where = parsed.host or "localhost"
    return _t("PostgreSQL « %1 » sur %2").replace("%1", parsed.database or "").replace("%2", where)


def database_tooltip(url: str) -> str:
    """The full place, for the tooltip (password hidden)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return str(Path(parsed.database))
    return parsed.render_as_string(hide_password=True)
