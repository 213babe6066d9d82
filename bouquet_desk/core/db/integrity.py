"""`db check`: is the database sound? Integrity, foreign keys, schema at head, models matching migrations."""

from __future__ import annotations

from dataclasses import dataclass, field

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from . import models  # noqa: F401  (the tables must be on the metadata to compare)
from .base import Base
from .models import SEARCH_STRUCTURES
from .migrate import alembic_head_revision, current_revision


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        return not self.problems


def _sqlite_checks(engine: Engine, report: CheckReport) -> None:
    with engine.connect() as connection:
        rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            report.problems.extend(f"intégrité SQLite : {r}" for r in rows[:20])
        for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()[:20]:
            report.problems.append(f"clé étrangère rompue : {table} ligne {rowid} → {parent}")
        report.facts["journal"] = connection.exec_driver_sql("PRAGMA journal_mode").scalar() or ""


def _postgres_checks(engine: Engine, report: CheckReport) -> None:
    # PostgreSQL enforces foreign keys itself; an invalid (NOT VALID) constraint is the one way round it.
    with engine.connect() as connection:
        invalid = connection.execute(
            text("SELECT conname FROM pg_constraint WHERE NOT convalidated AND connamespace = current_schema()::regnamespace")
        ).scalars().all()
        report.problems.extend(f"contrainte non validée : {name}" for name in invalid)
        report.facts["server"] = connection.execute(text("SHOW server_version")).scalar() or ""


def _compared(name, type_, _parent_names) -> bool:
    # The full-text search structures of migration 0002 have no model (see models.SEARCH_STRUCTURES).
    return not (type_ in ("table", "index") and name in SEARCH_STRUCTURES)


def check(engine: Engine) -> CheckReport:
    report = CheckReport()
    current, head = current_revision(engine), alembic_head_revision()
    report.facts["schema"] = current or "(vide)"
    report.facts["head"] = head or ""
    if current != head:
        report.problems.append(
            f"schéma à la version {current or 'aucune'} au lieu de {head} : lancez « bouquet-desk db upgrade »"
        )
        return report
    if engine.dialect.name == "sqlite":
        _sqlite_checks(engine, report)
    elif engine.dialect.name == "postgresql":
        _postgres_checks(engine, report)
    with engine.connect() as connection:
        comparing = MigrationContext.configure(connection, opts={"include_name": _compared})
        diff = compare_metadata(comparing, Base.metadata)
    report.problems.extend(f"schéma différent des modèles : {d}" for d in diff[:20])
    return report
