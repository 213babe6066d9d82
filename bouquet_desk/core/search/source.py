"""Search records read from the database: live (not archived) catalogue rows, with their establishment.

Plain column selects rather than ORM objects: the index needs values only, and 100,000 rows load several
times faster this way. One short read-only session per call, as for any other action.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ..db.models import Contact, Establishment, Formation, Resource
from .records import SearchRecord

_CHUNK = 500


def load_records(sessions, uais: Iterable[str] | None = None) -> list[SearchRecord]:
    """Every searchable record, or only those of the given establishments."""
    wanted = sorted(set(uais)) if uais is not None else None
    with sessions() as session:
        establishments = {}
        query = select(
            Establishment.id, Establishment.uai, Establishment.name, Establishment.type, Establishment.commune,
            Establishment.latitude, Establishment.longitude, Establishment.territory,
        ).where(Establishment.archived.is_(False))
        for chunk in _chunks(wanted):
            rows = session.execute(query if chunk is None else query.where(Establishment.uai.in_(chunk)))
            for row in rows:
                establishments[row.id] = row
        records: list[SearchRecord] = []
        names: dict[str, str] = {}
        for row in establishments.values():
            records.append(SearchRecord(
                kind="establishment", uai=row.uai, title=row.name, establishment=row.name, commune=row.commune,
                lat=row.latitude, lng=row.longitude, establishment_type=row.type or "",
                description=row.territory or "", db_id=row.id,
            ))
        if not establishments:
            return records
        ids = list(establishments) if wanted is not None else None
        for row in _select(session, ids, select(
            Formation.id, Formation.establishment_id, Formation.cfd, Formation.title, Formation.diploma,
            Formation.level, Formation.pathways, Formation.rome_codes, Formation.description,
        ).where(Formation.archived.is_(False)), Formation.establishment_id):
            place = establishments.get(row.establishment_id)
            if place is None:
                continue
            records.append(SearchRecord(
                kind="formation", uai=place.uai, title=_shared(names, row.title), establishment=place.name,
                commune=place.commune, lat=place.latitude, lng=place.longitude,
                establishment_type=place.type or "", cfd=row.cfd, diploma=row.diploma, level=row.level,
                pathways=row.pathways or "", rome_codes=tuple((row.rome_codes or "").replace(",", " ").split()),
                description=row.description or "", db_id=row.id,
            ))
        for row in _select(session, ids, select(
            Resource.id, Resource.establishment_id, Resource.code, Resource.name, Resource.type,
            Resource.capacity, Resource.description, Resource.equipment, Resource.services,
        ).where(Resource.archived.is_(False)), Resource.establishment_id):
            place = establishments.get(row.establishment_id)
            if place is None:
                continue
            equipment = " ".join(part for part in (row.equipment, row.services) if part)
            records.append(SearchRecord(
                kind="resource", uai=place.uai, title=row.name, establishment=place.name, commune=place.commune,
                lat=place.latitude, lng=place.longitude, establishment_type=place.type or "", code=row.code,
                resource_type=row.type, capacity=row.capacity, description=row.description or "", db_id=row.id,
                equipment=equipment,
            ))
        for row in _select(session, ids, select(
            Contact.id, Contact.establishment_id, Contact.ref, Contact.first_name, Contact.last_name,
            Contact.role, Contact.categories,
        ).where(Contact.archived.is_(False)), Contact.establishment_id):
            place = establishments.get(row.establishment_id)
            if place is None:
                continue
            name = " ".join(part for part in (row.first_name, row.last_name) if part)
            records.append(SearchRecord(
                kind="contact", uai=place.uai, title=name, establishment=place.name, commune=place.commune,
                lat=place.latitude, lng=place.longitude, establishment_type=place.type or "", ref=row.ref,
                role=row.role, categories=row.categories or "", db_id=row.id,
            ))
        return records


def _chunks(values: list[str] | None):
    if values is None:
        yield None
        return
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _select(session, ids: list[int] | None, query, column):
    if ids is None:
        yield from session.execute(query)
        return
    for start in range(0, len(ids), _CHUNK):
        yield from session.execute(query.where(column.in_(ids[start:start + _CHUNK])))


def _shared(names: dict[str, str], text: str) -> str:
    # Thousands of formations share a few hundred titles: one string each keeps the index small.
    return names.setdefault(text, text)
