"""Opening a database: reach it, bring its schema to head, and seed the embedded default with the demo."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from ..errors import UserError
from ..ops.failures import SERVER_LOST, explain
from .migrate import head_revision, schema_revision, upgrade as upgrade_schema

log = logging.getLogger("bouquet_desk.db")


def describe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def ping(engine: Engine) -> None:
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except (OperationalError, DBAPIError) as exc:
        refusal = explain(exc)
        if refusal is not None and (engine.dialect.name == "sqlite" or refusal.args[0] != SERVER_LOST):
            raise refusal from exc  # a full disk or a read-only folder is no wrong password
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if engine.dialect.name == "sqlite":
            raise UserError(f"Base de données SQLite inutilisable ({describe(str(engine.url))}) : {reason}.") from exc
        raise UserError(
            f"Base de données injoignable ({describe(str(engine.url))}) : {reason}. "
            "Vérifiez l'adresse donnée par --db ou BOUQUET_DESK_DB, que le serveur tourne et le mot de passe."
        ) from exc


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


def sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)


def sqlite_file_exists(engine: Engine) -> bool:
    path = sqlite_file(engine)
    return path is not None and path.exists() and path.stat().st_size > 0


def prepare(engine: Engine, *, migrate: bool = True) -> bool:
    """Reach the database and migrate it to head; True when the schema was created from nothing.

    A database already at head (every start but the first after an update) costs one query; only a new or an
    older database pays for the inspection and Alembic.
    """
    try:
        revision = schema_revision(engine)
    except (OperationalError, DBAPIError):
        ping(engine)  # says in French why the database cannot be reached
        raise
    if revision is not None and revision == head_revision():
        return False
    fresh = revision is None and is_empty(engine)
    if not migrate:
        return False
    if upgrade_schema(engine):
        log.info("schema upgraded to %s", head_revision())
    return fresh
