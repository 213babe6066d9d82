"""Engines and sessions. Only the composition root (app.py) and tests call make_engine."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import sessionmaker

from ..errors import UserError
from ..ops.failures import os_reason


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Deleted or overwritten rows are zeroed, not left in free pages: an erased person is gone from the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"Adresse de base de données invalide : {url!r}. Exemple : sqlite:///chemin/base.db") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):  # the schema, its migrations and its text indexes know these two
        raise UserError(f"Base de données non prise en charge : « {backend} ». Donnez une adresse "
                        "sqlite:///chemin/base.db ou postgresql+psycopg://utilisateur@serveur/base.")
    if backend == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise UserError("Une base SQLite en mémoire n'est pas prise en charge : donnez un fichier.")
        folder = Path(database).expanduser().resolve().parent
        if not folder.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"Impossible de créer le dossier de la base {folder} : {os_reason(exc)}") from exc
        # hide_parameters: a failed statement's values (names, phones) never reach a log or a message.
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except ModuleNotFoundError as exc:
        raise UserError(
            f"Le pilote de base de données manque ({exc.name}). Pour PostgreSQL : pip install 'bouquet-desk[postgres]'"
        ) from exc


def make_sessionmaker(engine: Engine) -> sessionmaker:
    """One per program. Its origin token stamps the ChangeLog rows it writes, and what each transaction
    wrote is reported to core.ops.changes.tracked() (the window's one route for changes)."""
    from ..ops.changes import session_info, watch

    # expire_on_commit=False: services hand out plain values read inside the session, never lazy loads.
    return watch(sessionmaker(engine, expire_on_commit=False, info=session_info()))
