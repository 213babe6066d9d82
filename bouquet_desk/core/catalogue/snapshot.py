"""The stored catalogue read in one pass per table, keyed by natural key, in the same terms as workbook records
(references as UAI and contact `ref`), so that an import compares without a query per row."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .sheets import REFERENCE_COLUMNS, SPECS, SheetSpec


@dataclass
class Snapshot:
    # Sheet name -> natural key -> row dict (fields as in records, plus "id", "version", "archived").
    rows: dict[str, dict[tuple, dict]] = field(default_factory=dict)
    establishment_ids: dict[str, int] = field(default_factory=dict)  # uai -> id
    contact_ids: dict[str, int] = field(default_factory=dict)  # ref -> id

    def establishment(self, uai: str) -> dict | None:
        return self.rows["etablissements"].get((uai,))

    def contact(self, ref: str) -> dict | None:
        return self.rows["contacts"].get((ref,))


def load_snapshot(session: Session) -> Snapshot:
    snapshot = Snapshot()
    uai_by_id: dict[int, str] = {}
    ref_by_id: dict[int, str] = {}
    for spec in SPECS:
        table = spec.model.__table__
        names = _stored_fields(spec)
        columns = [table.c.id, table.c.version, table.c.archived, *(table.c[_column(name)] for name in names)]
        rows: dict[tuple, dict] = {}
        raw_rows = session.execute(select(*columns)).all()
        if spec.name == "contacts":
            # A backup can be any contact, read before or after this one: resolve refs once all are known.
            ref_index = 3 + names.index("ref")
            ref_by_id = {values[0]: values[ref_index] for values in raw_rows}
        for values in raw_rows:
            row = {"id": values[0], "version": values[1], "archived": values[2]}
            for name, value in zip(names, values[3:]):
                if name == "establishment":
                    value = uai_by_id[value]
                elif name in ("contact", "backup"):
                    value = None if value is None else ref_by_id[value]
                row[name] = value
            rows[tuple(row[name] for name in spec.key)] = row
        snapshot.rows[spec.name] = rows
        if spec.name == "etablissements":
            uai_by_id = {row["id"]: row["uai"] for row in rows.values()}
            snapshot.establishment_ids = {uai: id_ for id_, uai in uai_by_id.items()}
        elif spec.name == "contacts":
            snapshot.contact_ids = {ref: id_ for id_, ref in ref_by_id.items()}
    return snapshot


def _stored_fields(spec: SheetSpec) -> list[str]:
    return list(dict.fromkeys((*spec.key, *spec.fields)))


def _column(name: str) -> str:
    return REFERENCE_COLUMNS.get(name, name)
