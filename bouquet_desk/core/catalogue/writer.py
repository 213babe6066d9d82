"""Writing a plan: one bulk statement per table and kind of change, never a query per row.

Updates and archives check the version read in the snapshot, so a row another operator saved meanwhile stops
the import (rolled back) instead of being overwritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from ..errors import UserError
from ..progress import Progress
from . import history
from .planning import Plan, SheetPlan
from .sheets import REFERENCE_COLUMNS, SPECS, SheetSpec
from .snapshot import Snapshot

WRITE_LABEL = "Écriture du catalogue"


class _Writer:
    def __init__(self, session: Session, snapshot: Snapshot, *, edition_id: int, who: str, now: datetime,
                 progress: Progress, total: int):
        self.session = session
        self.establishment_ids = dict(snapshot.establishment_ids)
        self.contact_ids = dict(snapshot.contact_ids)
        self.edition_id = edition_id
        self.who = who
        self.now = now
        self.progress = progress
        self.total = total
        self.done = 0
        self.log: list[dict] = []

    def advance(self, count: int) -> None:
        self.done += count
        self.progress(self.done, self.total, WRITE_LABEL)

    def change(self, spec: SheetSpec, entity_id: int, key: tuple, action: str, changes: dict) -> None:
        self.log.append(
            history.change_row(
                entity=spec.entity, entity_id=entity_id, key="/".join(key), action=action, changes=changes,
                who=self.who, at=self.now, edition_id=self.edition_id,
            )
        )

    # -------------------------------------------------------------- values

    def db_values(self, spec: SheetSpec, record: dict, names, pending: list | None = None) -> dict:
        values = {}
        for name in names:
            value = record[name]
            if name == "establishment":
                value = self.establishment_ids[value]
            elif name == "contact":
                value = None if value is None else self.contact_ids[value]
            elif name == "backup" and value is not None:
                backup_id = self.contact_ids.get(value)
                if backup_id is None and pending is not None:
                    # The backup is a contact created by this same import, later in the list.
                    pending.append((record["ref"], value))
                value = backup_id
            values[REFERENCE_COLUMNS.get(name, name)] = value
        return values

    # -------------------------------------------------------------- statements

    def create(self, plan: SheetPlan) -> None:
        spec = plan.spec
        if not plan.creates:
            return
        table = spec.model.__table__
        names = list(dict.fromkeys((*spec.key, *spec.fields)))
        pending: list[tuple[str, str]] = []
        base = {"version": 1, "created_at": self.now, "updated_at": self.now, "archived": False,
                "edition_id": self.edition_id}
        rows = [self.db_values(spec, record, names, pending) | base for record in plan.creates]
        # A plain executemany then one SELECT of the new ids: INSERT .. RETURNING row by row is several
        # times slower on PostgreSQL for large catalogues.
        self.session.execute(insert(table), rows)
        key_columns = [REFERENCE_COLUMNS.get(name, name) for name in spec.key]
        new_ids = {
            tuple(found[1:]): found[0]
            for found in self.session.execute(
                select(table.c.id, *(table.c[column] for column in key_columns))
                .where(table.c.edition_id == self.edition_id)
            )
        }
        for record, row in zip(plan.creates, rows):
            entity_id = new_ids[tuple(row[column] for column in key_columns)]
            key = tuple(record[name] for name in spec.key)
            if spec.name == "etablissements":
                self.establishment_ids[record["uai"]] = entity_id
            elif spec.name == "contacts":
                self.contact_ids[record["ref"]] = entity_id
            changes = {name: [None, record[name]] for name in names if record[name] not in (None, "")}
            self.change(spec, entity_id, key, history.CREATE, changes)
        if pending:
            # Not an update of the contacts' content: the version stays at 1, like the rest of the creation.
            self.session.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values(backup_id=bindparam("b_backup"), updated_at=self.now),
                [{"b_id": self.contact_ids[ref], "b_backup": self.contact_ids[backup]} for ref, backup in pending],
            )
        self.advance(len(rows))

    def update(self, plan: SheetPlan) -> None:
        spec = plan.spec
        if not plan.changes:
            return
        table = spec.model.__table__
        columns = [REFERENCE_COLUMNS.get(name, name) for name in spec.fields]
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(
                {column: bindparam(f"v_{column}") for column in columns}
                | {"archived": False, "version": bindparam("v_version"), "updated_at": self.now,
                   "edition_id": self.edition_id}
            )
        )
        rows = []
        for change in plan.changes:
            values = self.db_values(spec, change.record, spec.fields)
            row = {f"v_{column}": value for column, value in values.items()}
            row |= {"b_id": change.stored["id"], "b_version": change.stored["version"],
                    "v_version": change.stored["version"] + 1}
            rows.append(row)
            key = tuple(change.record[name] for name in spec.key)
            self.change(spec, change.stored["id"], key, change.action, change.changes)
        self.execute_checked(statement, rows, spec)

    def archive(self, plan: SheetPlan) -> None:
        spec = plan.spec
        if not plan.archives:
            return
        table = spec.model.__table__
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(archived=True, version=bindparam("v_version"), updated_at=self.now, edition_id=self.edition_id)
        )
        rows = []
        for stored in plan.archives:
            rows.append({"b_id": stored["id"], "b_version": stored["version"], "v_version": stored["version"] + 1})
            key = tuple(stored[name] for name in spec.key)
            self.change(spec, stored["id"], key, history.ARCHIVE, {"archived": [False, True]})
        self.execute_checked(statement, rows, spec)

    def execute_checked(self, statement, rows: list[dict], spec: SheetSpec) -> None:
        result = self.session.execute(statement, rows)
        if self.session.get_bind().dialect.supports_sane_multi_rowcount and result.rowcount != len(rows):
            raise UserError(
                f"La feuille {spec.name} a été modifiée par un autre poste pendant l'import : rien n'a été "
                "importé, relancez l'import."
            )
        self.advance(len(rows))


def write_plan(
    session: Session, plan: Plan, snapshot: Snapshot, *, edition_id: int, who: str, now: datetime,
    progress: Progress,
) -> None:
    """Apply `plan` inside the caller's transaction and log every change under `edition_id`."""
    writer = _Writer(session, snapshot, edition_id=edition_id, who=who, now=now, progress=progress,
                     total=plan.size)
    # Parents first: contacts need establishment ids, formations and resources need contact ids.
    for spec in SPECS:
        sheet_plan = plan.sheets[spec.name]
        writer.create(sheet_plan)
        writer.update(sheet_plan)
        writer.archive(sheet_plan)
    history.write_changes(session, writer.log)
