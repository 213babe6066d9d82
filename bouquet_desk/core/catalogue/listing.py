"""Read-only views of the catalogue for browsing: plain frozen rows, never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ..db.models import Contact, Establishment, Formation, Resource
from ..labels import diploma_label, establishment_name, formation_title
from ..phones import format_phone


@dataclass(frozen=True)
class EstablishmentRow:
    id: int
    uai: str
    name: str
    type: str
    commune: str
    territory: str
    formations: int
    resources: int
    contacts: int


@dataclass(frozen=True)
class FormationRow:
    id: int
    cfd: str
    title: str
    diploma: str
    level: int | None
    pathways: str
    capacity: int | None
    pfmp_periods: str
    rome_codes: str
    contact: str


@dataclass(frozen=True)
class ResourceRow:
    id: int
    code: str
    name: str
    type: str
    capacity: int | None
    conditions: str
    price: str
    availability: str
    contact: str


@dataclass(frozen=True)
class ContactRow:
    id: int
    ref: str
    name: str
    role: str
    phone: str
    email: str
    categories: str
    availability: str
    backup: str


@dataclass(frozen=True)
class CatalogueCounts:
    """What the catalogue holds, as the catalogue tab and the README say it."""

    establishments: int
    formations: int
    apprenticeship: int  # formations taught by apprenticeship
    continuing: int  # ... and in continuing education


def counts(sessions: sessionmaker) -> CatalogueCounts:
    with sessions() as session:
        live = select(Establishment.id).where(Establishment.archived.is_(False))

        def formations(*where) -> int:
            return session.scalar(select(func.count()).select_from(Formation).where(
                Formation.archived.is_(False), Formation.establishment_id.in_(live), *where)) or 0

        return CatalogueCounts(
            establishments=session.scalar(select(func.count()).select_from(live.subquery())) or 0,
            formations=formations(),
            apprenticeship=formations(Formation.pathways.contains("apprentissage")),
            continuing=formations(Formation.pathways.contains("continue")),
        )


def contact_name(contact: Contact | None) -> str:
    if contact is None:
        return ""
    return " ".join(part for part in (contact.first_name, contact.last_name) if part)


def _count(session: Session, model, column) -> dict[int, int]:
    rows = session.execute(
        select(column, func.count()).where(model.archived.is_(False)).group_by(column)
    ).all()
    return dict(rows)


def establishments(sessions: sessionmaker) -> list[EstablishmentRow]:
    with sessions() as session:
        formations = _count(session, Formation, Formation.establishment_id)
        resources = _count(session, Resource, Resource.establishment_id)
        contacts = _count(session, Contact, Contact.establishment_id)
        rows = session.scalars(
            select(Establishment).where(Establishment.archived.is_(False)).order_by(Establishment.commune, Establishment.name)
        )
        return [
            EstablishmentRow(
                id=e.id,
                uai=e.uai,
                name=establishment_name(e.name),
                type=e.type,
                commune=e.commune or "",
                territory=e.territory or "",
                formations=formations.get(e.id, 0),
                resources=resources.get(e.id, 0),
                contacts=contacts.get(e.id, 0),
            )
            for e in rows
        ]


def formations_of(sessions: sessionmaker, establishment_id: int) -> list[FormationRow]:
    with sessions() as session:
        rows = session.scalars(
            select(Formation)
            .where(Formation.establishment_id == establishment_id, Formation.archived.is_(False))
            .order_by(Formation.level, Formation.title)
        )
        return [
            FormationRow(
                id=f.id,
                cfd=f.cfd,
                title=formation_title(f.title, f.diploma),
                diploma=diploma_label(f.diploma),
                level=f.level,
                pathways=f.pathways,
                capacity=f.capacity,
                pfmp_periods=f.pfmp_periods or "",
                rome_codes=f.rome_codes,
                contact=contact_name(f.contact),
            )
            for f in rows
        ]


def resources_of(sessions: sessionmaker, establishment_id: int) -> list[ResourceRow]:
    with sessions() as session:
        rows = session.scalars(
            select(Resource)
            .where(Resource.establishment_id == establishment_id, Resource.archived.is_(False))
            .order_by(Resource.type, Resource.name)
        )
        return [
            ResourceRow(
                id=r.id,
                code=r.code,
                name=r.name,
                type=r.type,
                capacity=r.capacity,
                conditions=r.conditions or "",
                price=r.price or "",
                availability=r.availability or "",
                contact=contact_name(r.contact),
            )
            for r in rows
        ]


def contacts_of(sessions: sessionmaker, establishment_id: int) -> list[ContactRow]:
    with sessions() as session:
        rows = session.scalars(
            select(Contact)
            .where(Contact.establishment_id == establishment_id, Contact.archived.is_(False))
            .order_by(Contact.role, Contact.last_name)
        )
        return [
            ContactRow(
                id=c.id,
                ref=c.ref,
                name=contact_name(c),
                role=c.role,
                phone=format_phone(c.phone) if c.phone else "",
                email=c.email or "",
                categories=c.categories,
                availability=c.availability or "",
                backup=contact_name(c.backup),
            )
            for c in rows
        ]
