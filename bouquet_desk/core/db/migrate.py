"""Schema migrations (Alembic scripts shipped in the package as bouquet_desk.migrations).

Alembic itself is imported only when a migration runs or a command inspects the scripts: it costs ~0.3 s, and
every start of the window has to know whether the schema is at head. That question is one query
(`schema_revision`) compared with the head read from the scripts' own `revision`/`down_revision` lines
(`head_revision`), which a test checks against Alembic's answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from ..paths import migrations_path

_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]*)['\"]|None)", re.MULTILINE)


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The head of the migration scripts, read from their text (no Alembic): the revision no script revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (migrations_path() / "versions").glob("*.py"):
        found = dict((key, value) for key, value in _REVISION.findall(path.read_text(encoding="utf-8")))
        if found.get("revision"):
            revisions.add(found["revision"])
            if found.get("down_revision"):
                revised.add(found["down_revision"])
    heads = sorted(revisions - revised)
    if len(heads) > 1:
        raise RuntimeError(f"several migration heads: {heads}")
    return heads[0] if heads else None


def alembic_head_revision() -> str | None:
    """Alembic's own reading of the head (for `db check` and the test of head_revision)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at, in one query; None when it has no alembic_version table (new database).
    An unreachable server still raises."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError as exc:
            if not _missing_table(exc):
                raise
            return None


def _missing_table(exc: DBAPIError) -> bool:
    message = str(exc.orig).lower()
    return "no such table" in message or "undefinedtable" in type(exc.orig).__name__.lower() or (
        "does not exist" in message and "alembic_version" in message)


def current_revision(engine: Engine) -> str | None:
    return schema_revision(engine)


def upgrade(engine: Engine) -> bool:
    """Bring the schema to head; True when something was applied."""
    if schema_revision(engine) == head_revision():
        return False
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
