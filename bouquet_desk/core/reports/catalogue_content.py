"""The yearly catalogue ("who does what and where") as plain rows read from the database, with its indexes.

Everything is ordered by stable keys (commune, name, UAI, CFD, code) and dated by the catalogue's own last
change, never by the clock: the same database always gives the same document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, sessionmaker

from ..calls.codes import CATEGORIES
from ..catalogue.listing import contact_name
from ..db.models import CatalogueEdition, Contact, Establishment, Formation, Resource
from ..labels import diploma_label, establishment_name, formation_title
from ..letters.wording import PATHWAYS, RESOURCE_TYPES, ROLE_TITLES
from ..phones import format_phone
from ..search.normalize import fold
from .nsf import domain_label, level_label, nsf_domain
from .period import Period, utc_to_local

ESTABLISHMENT_TYPES = {
    "LP": "Lycée professionnel",
    "LGT": "Lycée général et technologique",
    "LPO": "Lycée polyvalent",
    "EREA": "Établissement régional d'enseignement adapté",
    "UNIVERSITE": "Université",
    "IUT": "Institut universitaire de technologie",
    "GRETA": "GRETA (formation continue)",
    "CFA": "Centre de formation d'apprentis",
    "AUTRE": "Autre établissement",
}
# National lists end titles with the diploma in brackets ("ELECTROTECHNIQUE (BTS)"): said once is enough.
_TRAILING_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*$")


@dataclass(frozen=True)
class BookContact:
    name: str
    role: str
    phone: str
    email: str
    handles: str  # enquiry categories, readable
    availability: str
    backup: str


@dataclass(frozen=True)
class BookFormation:
    cfd: str
    title: str
    diploma: str
    level: int | None
    pathways: str
    duration: str
    capacity: int | None
    pfmp_periods: str
    jobs: tuple[tuple[str, str], ...]  # (ROME code, label)
    contact: str
    description: str


@dataclass(frozen=True)
class BookResource:
    name: str
    type: str
    capacity: int | None
    description: str
    equipment: str
    services: str
    conditions: str
    price: str
    availability: str
    contact: str


@dataclass(frozen=True)
class BookEstablishment:
    number: int
    uai: str
    name: str
    type: str
    address: str
    commune: str
    territory: str
    phone: str
    email: str
    website: str
    contacts: tuple[BookContact, ...]
    formations: tuple[BookFormation, ...]
    resources: tuple[BookResource, ...]


@dataclass(frozen=True)
class IndexEntry:
    """One diploma (a CFD) and the establishments, by number, that offer it."""

    diploma: str
    title: str
    level: int | None
    establishments: tuple[int, ...]


@dataclass(frozen=True)
class JobHeading:
    code: str
    label: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class LevelGroup:
    label: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class DomainHeading:
    label: str
    levels: tuple[LevelGroup, ...]


@dataclass(frozen=True)
class CatalogueBook:
    edition: str
    data_date: datetime | None  # local time of the catalogue's last change
    establishments: tuple[BookEstablishment, ...]
    jobs: tuple[JobHeading, ...]
    domains: tuple[DomainHeading, ...]

    @property
    def formation_count(self) -> int:
        return sum(len(e.formations) for e in self.establishments)

    @property
    def resource_count(self) -> int:
        return sum(len(e.resources) for e in self.establishments)

    @property
    def contact_count(self) -> int:
        return sum(len(e.contacts) for e in self.establishments)


def clean_title(title: str, diploma: str | None) -> str:
    """The title without a trailing "(BTS)" or "(MC NIVEAU III)" that repeats the diploma column."""
    match = _TRAILING_BRACKETS.search(title or "")
    if match and diploma and diploma.split()[0].upper() in match.group(1).upper():
        return title[: match.start()].strip()
    return (title or "").strip()


def load_catalogue_book(sessions: sessionmaker, reference, *, edition: str | None = None) -> CatalogueBook:
    with sessions() as session:
        establishments = session.scalars(
            select(Establishment)
            .where(Establishment.archived.is_(False))
            .order_by(func.coalesce(Establishment.commune, ""), Establishment.name, Establishment.uai)
            .options(
                selectinload(Establishment.contacts).selectinload(Contact.backup),
                selectinload(Establishment.formations).selectinload(Formation.contact),
                selectinload(Establishment.resources).selectinload(Resource.contact),
            )
        ).all()
        data_date = _data_date(session)
        book = [_establishment(number, row, reference) for number, row in enumerate(establishments, start=1)]
    local_date = utc_to_local(data_date) if data_date else None
    title = edition or (f"Édition {_school_year(local_date)}" if local_date else "Édition")
    return CatalogueBook(title, local_date, tuple(book), _job_index(book), _domain_index(book))


def _data_date(session) -> datetime | None:
    stamps = [
        session.scalar(select(func.max(CatalogueEdition.imported_at))),
        *(session.scalar(select(func.max(model.updated_at))) for model in (Establishment, Contact, Formation, Resource)),
    ]
    stamps = [stamp for stamp in stamps if stamp is not None]
    return max(stamps) if stamps else None


def _school_year(moment: datetime) -> str:
    period = Period.school_year(moment.date())
    return f"{period.start.year}-{period.end.year}"


def _establishment(number: int, row: Establishment, reference) -> BookEstablishment:
    place = " ".join(part for part in (row.postal_code, row.commune) if part)
    return BookEstablishment(
        number=number, uai=row.uai, name=establishment_name(row.name), type=ESTABLISHMENT_TYPES.get(row.type, row.type),
        address=", ".join(part for part in (row.address, place) if part), commune=row.commune or "",
        territory=row.territory or "", phone=format_phone(row.phone), email=row.email or "",
        website=row.website or "",
        contacts=tuple(_contact(c) for c in sorted(
            (c for c in row.contacts if not c.archived), key=lambda c: (_role_rank(c.role), c.last_name, c.ref))),
        formations=tuple(_formation(f, reference) for f in sorted(
            (f for f in row.formations if not f.archived), key=lambda f: (f.level or 99, f.diploma or "", f.title, f.cfd))),
        resources=tuple(_resource(r) for r in sorted(
            (r for r in row.resources if not r.archived), key=lambda r: (r.type, r.name, r.code))),
    )


_ROLE_ORDER = ("BDE", "DDFPT", "PROVISEUR", "GESTIONNAIRE", "CFA", "GRETA", "RELATIONS_ENTREPRISES", "ENSEIGNANT")


def _role_rank(role: str) -> int:
    # The single entry point for companies (bureau des entreprises) first, as the network asks callers to use it.
    return _ROLE_ORDER.index(role) if role in _ROLE_ORDER else len(_ROLE_ORDER)


def _contact(row: Contact) -> BookContact:
    handles = [CATEGORIES.get(code.strip(), code.strip()) for code in row.categories.split(",") if code.strip()]
    return BookContact(
        name=contact_name(row), role=ROLE_TITLES.get(row.role, row.role.capitalize()), phone=format_phone(row.phone),
        email=row.email or "", handles=", ".join(handles), availability=row.availability or "",
        backup=contact_name(row.backup) if row.backup is not None and not row.backup.archived else "",
    )


def _formation(row: Formation, reference) -> BookFormation:
    codes = row.rome_codes.split()
    return BookFormation(
        cfd=row.cfd, title=formation_title(clean_title(row.title, row.diploma), row.diploma),
        diploma=diploma_label(row.diploma),
        level=row.level,
        pathways=", ".join(PATHWAYS.get(p.strip(), p.strip()) for p in row.pathways.split(",") if p.strip()),
        duration=row.duration or "", capacity=row.capacity, pfmp_periods=row.pfmp_periods or "",
        jobs=tuple((code, reference.rome_label(code) or code) for code in codes),
        contact=contact_name(row.contact) if row.contact is not None else "", description=row.description or "",
    )


def _resource(row: Resource) -> BookResource:
    return BookResource(
        name=row.name, type=RESOURCE_TYPES.get(row.type, row.type.capitalize()), capacity=row.capacity,
        description=row.description or "", equipment=row.equipment or "", services=row.services or "",
        conditions=row.conditions or "", price=row.price or "", availability=row.availability or "",
        contact=contact_name(row.contact) if row.contact is not None else "",
    )


def _entries(pairs) -> tuple[IndexEntry, ...]:
    """(establishment number, formation) pairs folded into one entry per diploma: same diploma, same title.

    National lists keep several codes for one diploma (a renovated CAP keeps its title under a new CFD);
    a company looks for the diploma, not for its code.
    """
    merged: dict[tuple, tuple[BookFormation, set[int]]] = {}
    for number, formation in pairs:
        key = (formation.diploma, formation.title.casefold(), formation.level)
        merged.setdefault(key, (formation, set()))[1].add(number)
    entries = [IndexEntry(f.diploma, f.title, f.level, tuple(sorted(numbers))) for f, numbers in merged.values()]
    entries.sort(key=lambda e: (e.level or 99, e.diploma, e.title, e.establishments))
    return tuple(entries)


def _job_index(book: list[BookEstablishment]) -> tuple[JobHeading, ...]:
    pairs: dict[str, list] = defaultdict(list)
    labels: dict[str, str] = {}
    for establishment in book:
        for formation in establishment.formations:
            for code, label in formation.jobs:
                pairs[code].append((establishment.number, formation))
                labels[code] = label
    headings = [JobHeading(code, labels[code], _entries(items)) for code, items in pairs.items()]
    headings.sort(key=lambda h: (_sort_key(h.label), h.code))
    return tuple(headings)


def _domain_index(book: list[BookEstablishment]) -> tuple[DomainHeading, ...]:
    by_domain: dict[str, dict[int | None, list]] = defaultdict(lambda: defaultdict(list))
    for establishment in book:
        for formation in establishment.formations:
            by_domain[domain_label(nsf_domain(formation.cfd))][formation.level].append((establishment.number, formation))
    headings = []
    for label, levels in by_domain.items():
        groups = tuple(LevelGroup(level_label(level), _entries(items))
                       for level, items in sorted(levels.items(), key=lambda item: item[0] or 99))
        headings.append(DomainHeading(label, groups))
    headings.sort(key=lambda h: (h.label.startswith("Autres"), _sort_key(h.label)))
    return tuple(headings)


def _sort_key(text: str) -> str:
    return fold(text)
