"""Catalogue items discussed in a call or sent with a referral: a formation or a resource of an establishment."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Establishment, Formation, Resource
from ..errors import UserError
from ..labels import formation_label


@dataclass(frozen=True)
class ItemInfo:
    kind: str  # "formation" or "resource"
    id: int
    uai: str
    code: str  # the CFD of a formation, the code of a resource
    label: str

    @property
    def ref(self) -> str:
        """"0623377J/40022703": how scripts name an item on the command line."""
        return f"{self.uai}/{self.code}"


def formation_item(row: Formation) -> ItemInfo:
    return ItemInfo("formation", row.id, row.establishment.uai, row.cfd,
                    formation_label(row.title, row.diploma))


def resource_item(row: Resource) -> ItemInfo:
    return ItemInfo("resource", row.id, row.establishment.uai, row.code, row.name)


def load(session: Session, formation_ids=(), resource_ids=()) -> tuple[list[Formation], list[Resource]]:
    formations = []
    for formation_id in dict.fromkeys(formation_ids):
        row = session.get(Formation, formation_id)
        if row is None:
            raise UserError(f"Formation inconnue : n° {formation_id}.")
        formations.append(row)
    resources = []
    for resource_id in dict.fromkeys(resource_ids):
        row = session.get(Resource, resource_id)
        if row is None:
            raise UserError(f"Ressource inconnue : n° {resource_id}.")
        resources.append(row)
    return formations, resources


def by_ref(session: Session, ref: str) -> Formation | Resource:
    """A formation ("UAI/CFD") or a resource ("UAI/CODE") of the catalogue."""
    uai, _, code = (ref or "").strip().upper().partition("/")
    if not code:
        raise UserError(f"Élément du catalogue invalide : « {ref} ». Forme attendue : UAI/CFD ou UAI/CODE.")
    establishment = session.scalar(select(Establishment).where(Establishment.uai == uai))
    if establishment is not None:
        formation = session.scalar(
            select(Formation).where(Formation.establishment_id == establishment.id, Formation.cfd == code))
        if formation is not None:
            return formation
        resource = session.scalar(
            select(Resource).where(Resource.establishment_id == establishment.id, func.upper(Resource.code) == code))
        if resource is not None:
            return resource
    raise UserError(f"Élément du catalogue inconnu : « {ref} » (ni formation ni ressource de cet établissement).")


def resolve_refs(context, refs) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(formation ids, resource ids) of items named "UAI/CFD" or "UAI/CODE" (command line, scripts)."""
    formations, resources = [], []
    with context.sessions() as session:
        for ref in refs:
            row = by_ref(session, ref)
            (formations if isinstance(row, Formation) else resources).append(row.id)
    return tuple(formations), tuple(resources)
