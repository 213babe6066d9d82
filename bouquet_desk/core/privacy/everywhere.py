"""Erasure beyond the live database: every place of the data folder where a person's details can remain.

- call drafts (drafts/*.json) naming the person: removed;
- the automatic SQLite backups (backups/*.db): each is rewritten with the same erasure or purge applied in it,
  then vacuumed, so that restoring one never brings the person back. A backup that cannot be rewritten (a
  schema this version cannot open) is deleted rather than kept with the person inside;
- the live SQLite file itself: secure_delete zeroes freed rows (engine pragma), the WAL is checkpointed and
  truncated, so the old versions of the rows leave the disk too.

docs/privacy.md says why backups are rewritten rather than journalled. Manual backups written elsewhere
(`backup PATH`) and the PostgreSQL server's own dumps are outside the data folder: the message of `privacy
erase` reminds their keeper.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import UserError
from ..paths import user_data_dir
from .scrub import Identifiers

log = logging.getLogger("bouquet_desk.privacy")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _national(phone: str) -> str:
    digits = _digits(phone)
    return "0" + digits[2:] if digits.startswith("33") else digits


def _mentions(value, pattern, phones: set[str]) -> bool:
    if isinstance(value, str):
        if pattern is not None and pattern.search(value):
            return True
        digits = _national(value) if value.strip().startswith("+") else _digits(value)
        return len(digits) >= 9 and any(phone in digits for phone in phones)
    if isinstance(value, dict):
        return any(_mentions(item, pattern, phones) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_mentions(item, pattern, phones) for item in value)
    return False


def remove_drafts(identifiers: Identifiers, folder: Path | None = None) -> int:
    """Drafts naming the person (name, number however typed, e-mail): deleted. The number removed."""
    folder = folder or user_data_dir() / "drafts"
    if identifiers.empty or not folder.is_dir():
        return 0
    pattern = identifiers.pattern()
    phones = {_national(phone) for phone in identifiers.phones if _digits(phone)}
    removed = 0
    for path in folder.iterdir():
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
            try:
                content = json.loads(text)
            except ValueError:
                content = text
            if _mentions(content, pattern, phones):
                path.unlink()
                removed += 1
        except OSError as exc:
            log.warning("cannot remove the draft %s: %s", path.name, exc)
    return removed


def identifiers_of(session, caller_ids: Iterable[int], phones: Iterable[str] = ()) -> Identifiers:
    from sqlalchemy import select

    from ..db.models import Caller

    rows = session.execute(select(Caller.name, Caller.phone, Caller.email)
                           .where(Caller.id.in_(set(caller_ids) or {-1}))).all()
    return Identifiers.of([tuple(row) for row in rows] + [(None, phone, None) for phone in phones])


def compact_sqlite(engine) -> None:
    """Old row versions out of the WAL, freed pages out of the file."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def rewrite_backups(context, apply: Callable[[object], None]) -> int:
    """Applies `apply(copy_context)` (the same erasure or purge) in every automatic backup; vacuums each.
    A backup in which the person does not appear is left as it was. The number rewritten or deleted."""
    if context.engine.dialect.name != "sqlite":
        return 0
    from ..context import AppContext
    from ..db.engine import make_engine, make_sessionmaker
    from ..db.migrate import head_revision
    from ..ops.backup import backups_dir

    folder = backups_dir()
    if not folder.is_dir():
        return 0
    changed = 0
    for path in sorted(folder.glob("*.db")):
        engine = make_engine(f"sqlite:///{path}")
        try:
            with engine.connect() as connection:
                revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if revision != head_revision():
                raise UserError(f"schema {revision}")
            copy = AppContext(url=str(engine.url), engine=engine, sessions=make_sessionmaker(engine),
                              settings=context.settings)
            try:
                apply(copy)
            except UserError:
                continue  # the person is not in this backup
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.exec_driver_sql("VACUUM")
            changed += 1
        except Exception as exc:  # noqa: BLE001 - whatever stops the rewrite, the person must not stay
            engine.dispose()
            log.warning("backup %s could not be rewritten (%s): deleted", path.name, exc.__class__.__name__)
            for companion in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
                companion.unlink(missing_ok=True)
            changed += 1
        finally:
            engine.dispose()
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    return changed
