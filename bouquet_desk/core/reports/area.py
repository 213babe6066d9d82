"""Part of the network a report looks at: a territory (e.g. "CA Lens-Liévin") or one commune.

Calls are attributed to the establishments they were referred to; a call that reached no establishment
(an uncovered need, a caller only informed) belongs to no area.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import sessionmaker

from ..db.models import Establishment

TERRITORY = "territory"
COMMUNE = "commune"


@dataclass(frozen=True)
class Area:
    kind: str  # TERRITORY or COMMUNE
    name: str

    @property
    def label(self) -> str:
        return self.name if self.kind == TERRITORY else f"Commune : {self.name}"

    def establishment_filter(self) -> ColumnElement[bool]:
        column = Establishment.territory if self.kind == TERRITORY else Establishment.commune
        return column == self.name


def area_label(area: Area | None) -> str:
    return area.label if area is not None else "tout le réseau"


def available_areas(sessions: sessionmaker) -> list[Area]:
    """Territories first (the network's own division), then communes; only those with establishments."""
    with sessions() as session:
        rows = session.execute(
            select(Establishment.territory, Establishment.commune).where(Establishment.archived.is_(False))
        ).all()
    territories = sorted({t for t, _ in rows if t}, key=str.casefold)
    communes = sorted({c for _, c in rows if c}, key=str.casefold)
    return [Area(TERRITORY, t) for t in territories] + [Area(COMMUNE, c) for c in communes]
