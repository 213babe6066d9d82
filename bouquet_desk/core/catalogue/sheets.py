"""The catalogue format (shared/catalogue-format.md) as data: sheets, columns, natural keys, closed lists.

A record read from a row is a dict keyed by field: the model attribute, except for references, which stay
natural keys until written: `establishment` (a UAI), `contact` and `backup` (a contact `ref`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..db.models import Contact, Establishment, Formation, Resource
from . import cells
from .cells import CellParser

ESTABLISHMENT_TYPES = ("LP", "LGT", "LPO", "EREA", "UNIVERSITE", "IUT", "GRETA", "CFA", "AUTRE")
CONTACT_ROLES = (
    "BDE", "DDFPT", "PROVISEUR", "GESTIONNAIRE", "ENSEIGNANT", "GRETA", "CFA", "RELATIONS_ENTREPRISES", "AUTRE",
)
CATEGORIES = ("PFMP", "APPRENTISSAGE", "RECRUTEMENT", "FORMATION_CONTINUE", "LOCAUX", "TAXE", "PARTENARIAT")
DIPLOMAS = ("CAP", "BAC PRO", "BTS", "MC", "BP", "CS", "BUT", "LICENCE PRO", "LICENCE", "MASTER", "TITRE PRO", "AUTRE")
PATHWAYS = ("scolaire", "apprentissage", "continue")
RESOURCE_TYPES = (
    "SALLE", "AMPHITHEATRE", "ATELIER", "PLATEAU_TECHNIQUE", "EQUIPEMENT", "RESTAURATION", "HEBERGEMENT", "SPORT",
    "AUTRE",
)

# References: record field -> database column.
REFERENCE_COLUMNS = {"establishment": "establishment_id", "contact": "contact_id", "backup": "backup_id"}


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    parse: CellParser
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    entity: str  # as written in ChangeLog.entity
    model: type
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # Fields not read from a column but computed on import (True when the value came from reference data).
    derived: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """What an import compares and writes, key excluded."""
        return tuple(c.field for c in self.columns if c.field not in self.key) + self.derived

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def column_of(self, field: str) -> Column:
        return next(column for column in self.columns if column.field == field)


def _text(model: type, attribute: str) -> CellParser:
    return cells.text(model.__table__.c[attribute].type.length)


_REF = Contact.__table__.c.ref.type.length

ESTABLISHMENTS = SheetSpec(
    name="etablissements",
    entity="establishment",
    model=Establishment,
    key=("uai",),
    derived=("coordinates_derived",),
    columns=(
        Column("uai", "uai", cells.uai, required=True),
        Column("nom", "name", _text(Establishment, "name"), required=True),
        Column("type", "type", cells.choice(ESTABLISHMENT_TYPES, "type d'établissement"), required=True),
        Column("adresse", "address", _text(Establishment, "address")),
        Column("code_postal", "postal_code", cells.postal_code),
        Column("commune", "commune", _text(Establishment, "commune")),
        Column("code_insee", "insee_code", cells.insee),
        Column("latitude", "latitude", cells.decimal(-90, 90)),
        Column("longitude", "longitude", cells.decimal(-180, 180)),
        Column("telephone", "phone", cells.phone),
        Column("email", "email", cells.email),
        Column("site_web", "website", _text(Establishment, "website")),
        Column("territoire", "territory", _text(Establishment, "territory")),
    ),
)

CONTACTS = SheetSpec(
    name="contacts",
    entity="contact",
    model=Contact,
    key=("ref",),
    columns=(
        Column("ref", "ref", cells.text(_REF), required=True),
        Column("uai", "establishment", cells.uai, required=True),
        Column("nom", "last_name", _text(Contact, "last_name"), required=True),
        Column("prenom", "first_name", _text(Contact, "first_name")),
        Column("role", "role", cells.choice(CONTACT_ROLES, "rôle"), required=True),
        Column("telephone", "phone", cells.phone),
        Column("email", "email", cells.email),
        Column("categories", "categories", cells.choices(CATEGORIES, "catégorie")),
        Column("disponibilites", "availability", cells.text(None)),
        Column("suppleant", "backup", cells.text(_REF)),
    ),
)

FORMATIONS = SheetSpec(
    name="formations",
    entity="formation",
    model=Formation,
    key=("establishment", "cfd"),
    derived=("rome_derived",),
    columns=(
        Column("uai", "establishment", cells.uai, required=True),
        Column("cfd", "cfd", cells.cfd, required=True),
        Column("intitule", "title", _text(Formation, "title"), required=True),
        Column("diplome", "diploma", cells.choice(DIPLOMAS, "diplôme")),
        Column("niveau", "level", cells.integer(3, 8)),
        Column("voies", "pathways", cells.choices(PATHWAYS, "voie")),
        Column("duree", "duration", _text(Formation, "duration")),
        Column("capacite", "capacity", cells.integer(0)),
        Column("periodes_pfmp", "pfmp_periods", cells.text(None)),
        Column("rome", "rome_codes", cells.rome_codes),
        Column("contact", "contact", cells.text(_REF)),
        Column("description", "description", cells.text(None)),
    ),
)

RESOURCES = SheetSpec(
    name="ressources",
    entity="resource",
    model=Resource,
    key=("establishment", "code"),
    columns=(
        Column("uai", "establishment", cells.uai, required=True),
        Column("code", "code", _text(Resource, "code"), required=True),
        Column("nom", "name", _text(Resource, "name"), required=True),
        Column("type", "type", cells.choice(RESOURCE_TYPES, "type de ressource"), required=True),
        Column("capacite", "capacity", cells.integer(0)),
        Column("description", "description", cells.text(None)),
        Column("equipements", "equipment", cells.text(None)),
        Column("services", "services", cells.text(None)),
        Column("conditions", "conditions", cells.text(None)),
        Column("tarif", "price", cells.text(None)),
        Column("disponibilites", "availability", cells.text(None)),
        Column("contact", "contact", cells.text(_REF)),
    ),
)

SPECS = (ESTABLISHMENTS, CONTACTS, FORMATIONS, RESOURCES)
