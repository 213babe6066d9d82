"""What the index holds about one catalogue item: plain values, copied out of the database once."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("formation", "resource", "establishment", "contact")


@dataclass(frozen=True, slots=True)
class SearchRecord:
    kind: str
    uai: str
    title: str
    # The establishment's name and place, repeated on every item it offers so that one record answers alone.
    establishment: str
    commune: str | None = None
    lat: float | None = None
    lng: float | None = None
    establishment_type: str = ""
    cfd: str | None = None
    code: str | None = None
    ref: str | None = None
    diploma: str | None = None
    level: int | None = None
    pathways: str = ""
    rome_codes: tuple[str, ...] = ()
    # ROME codes of neighbouring diploma codes, for a diploma that has none of its own: a weaker job link.
    related_rome: tuple[str, ...] = ()
    resource_type: str | None = None
    capacity: int | None = None
    role: str | None = None
    categories: str = ""
    # Free text (descriptions, equipment, services...), weighed least.
    description: str = ""
    db_id: int | None = None
    # A resource's equipment and services: what it is for, so matched like tags, not like free text.
    equipment: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        return record_key(self.kind, self.uai, self.cfd, self.code, self.ref)


def record_key(kind: str, uai: str | None = None, cfd: str | None = None, code: str | None = None,
               ref: str | None = None) -> tuple[str, ...]:
    """The natural key of an item: the one the catalogue workbook uses."""
    if kind == "formation":
        return (kind, uai or "", cfd or "")
    if kind == "resource":
        return (kind, uai or "", code or "")
    if kind == "contact":
        return (kind, ref or "")
    return (kind, uai or "")
