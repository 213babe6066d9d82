"""Which establishments offer what the caller asked: chosen formations (by CFD, or the same job through ROME
codes), chosen resources (or the same kind of room, big enough), or the results of a free search."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..db.models import Establishment, Formation, Resource
from ..labels import formation_label

# The establishment offering exactly what was asked, and one offering a near equivalent (same job, same
# kind of room). The gap is wide: the contacts of an exact match come first unless much farther away.
EXACT = 40.0
RELATED = 15.0
# Offered in the pathway the category needs (apprenticeship, continuing education).
PATHWAY_BONUS = 5.0
# ... and what was asked, not a neighbour: the points of an exact choice, or of a search result at 80 % of the best.
PATHWAY_MATCH = RELATED + (EXACT - RELATED) * 0.8
PATHWAYS = {"APPRENTISSAGE": ("apprentissage", "en apprentissage"),
            "FORMATION_CONTINUE": ("continue", "en formation continue")}
# Search results weaker than this share of the best one are noise for routing.
SEARCH_FLOOR = 0.35
SEARCH_RESULTS_USED = 30


@dataclass
class Offer:
    """What one establishment offers of the request (built during routing, never handed out)."""

    points: float = 0.0
    reasons: dict[str, float] = field(default_factory=dict)  # reason → points it brought
    formation_ids: list[int] = field(default_factory=list)
    resource_ids: list[int] = field(default_factory=list)
    # Contact id → why that person is the one for the item (teacher of the section, who books the room).
    item_contacts: dict[int, str] = field(default_factory=dict)
    technical: bool = False
    # Some formation asked for is offered in the pathway the category needs (apprenticeship, continuing).
    pathway: bool = False

    def add(self, points: float, reason: str) -> None:
        self.points = max(self.points, points)
        self.reasons[reason] = max(self.reasons.get(reason, 0.0), points)

    def summary(self, limit: int = 2) -> list[str]:
        """The strongest reasons, the rest counted."""
        ordered = sorted(self.reasons, key=lambda reason: -self.reasons[reason])
        shown = ordered[:limit]
        rest = len(ordered) - limit
        if rest > 0:
            shown[-1] += f" (et {rest} autre{'s' if rest > 1 else ''})"
        return shown


@dataclass(frozen=True)
class Catalogue:
    """The live catalogue, loaded once per routing."""

    establishments: dict[int, Establishment]
    formations: list[Formation]
    resources: list[Resource]


def rome_codes(formation: Formation, reference) -> set[str]:
    return set(formation.rome_codes.split()) or set(reference.rome_for_cfd(formation.cfd))


def _pathway(formation: Formation, category: str) -> tuple[float, str]:
    """The bonus and the words to add when the formation is offered in the pathway the category needs."""
    wanted = PATHWAYS.get(category)
    if wanted and wanted[0] in (formation.pathways or "").split(","):
        return PATHWAY_BONUS, f" {wanted[1]}"
    return 0.0, ""


def _formation(offers: dict[int, Offer], formation: Formation, points: float, reason: str, category: str) -> None:
    offer = offers.setdefault(formation.establishment_id, Offer())
    bonus, words = _pathway(formation, category)
    offer.add(points + bonus, reason + words)
    # Only the course asked for counts (or a search result nearly as good), not one for the same job.
    offer.pathway = offer.pathway or bool(bonus and points >= PATHWAY_MATCH)
    offer.formation_ids.append(formation.id)
    if formation.contact_id is not None:
        offer.item_contacts.setdefault(formation.contact_id, "responsable de la section")


def _resource(offers: dict[int, Offer], resource: Resource, points: float, reason: str) -> None:
    offer = offers.setdefault(resource.establishment_id, Offer())
    offer.add(points, reason)
    offer.resource_ids.append(resource.id)
    offer.technical = offer.technical or resource.type in ("PLATEAU_TECHNIQUE", "ATELIER", "EQUIPEMENT")
    if resource.contact_id is not None:
        offer.item_contacts.setdefault(resource.contact_id, "gère les réservations")


def _capacity_text(resource: Resource) -> str:
    return f" ({resource.capacity} places)" if resource.capacity else ""


def from_choices(
    catalogue: Catalogue, reference, category: str, *, cfds: set[str], resource_ids: set[int],
    capacity: int | None,
) -> dict[int, Offer]:
    """Offers for formations (by CFD) and resources chosen by the operator."""
    offers: dict[int, Offer] = {}
    if cfds:
        wanted_rome: set[str] = set()
        for formation in catalogue.formations:
            if formation.cfd in cfds:
                wanted_rome |= rome_codes(formation, reference)
        for cfd in cfds:
            wanted_rome |= set(reference.rome_for_cfd(cfd))
        for formation in catalogue.formations:
            if formation.cfd in cfds:
                shown = formation_label(formation.title, formation.diploma)
                _formation(offers, formation, EXACT, f"propose {shown}", category)
            else:
                shared = sorted(rome_codes(formation, reference) & wanted_rome)
                if shared:
                    job = reference.rome_label(shared[0]) or shared[0]
                    shown = formation_label(formation.title, formation.diploma)
                    _formation(offers, formation, RELATED, f"même métier ({job}) : {shown}", category)
    if resource_ids:
        chosen = [r for r in catalogue.resources if r.id in resource_ids]
        kinds = {r.type for r in chosen}
        need = capacity or 0
        for resource in catalogue.resources:
            if (resource.capacity or 0) < need:
                continue  # too small for the group, even if it was the one picked
            if resource.id in resource_ids:
                _resource(offers, resource, EXACT, f"dispose de : {resource.name}{_capacity_text(resource)}")
            elif resource.type in kinds:
                _resource(offers, resource, RELATED, f"équivalent : {resource.name}{_capacity_text(resource)}")
    return offers


def from_search(
    catalogue: Catalogue, category: str, results, *, capacity: int | None,
) -> dict[int, Offer]:
    """Offers from search results (kind, uai, cfd/code/ref, score): the best result weighs EXACT."""
    by_uai = {row.uai: row for row in catalogue.establishments.values()}
    formations = {(row.establishment_id, row.cfd): row for row in catalogue.formations}
    resources = {(row.establishment_id, row.code.upper()): row for row in catalogue.resources}
    contacts = {contact.ref.upper(): contact for est in catalogue.establishments.values()
                for contact in est.contacts if not contact.archived}
    results = list(results)[:SEARCH_RESULTS_USED]
    top = max((result.score for result in results), default=0.0)
    offers: dict[int, Offer] = {}
    if top <= 0:
        return offers
    # "lycée Robespierre" also brings every item of the lycée, found by its name only: an item counts
    # when it scores at least as well as its establishment named in the query.
    named = {result.uai: result.score for result in results if result.kind == "establishment"}
    for result in results:
        share = result.score / top
        if share < SEARCH_FLOOR:
            continue
        points = round(RELATED + (EXACT - RELATED) * share, 1)
        establishment = by_uai.get(result.uai)
        if establishment is None:
            continue  # archived since the index was built
        if result.kind != "establishment" and result.score < named.get(result.uai, 0.0):
            continue
        if result.kind == "contact":
            contact = contacts.get((result.ref or "").upper())
            if contact is not None:
                offer = offers.setdefault(contact.establishment_id, Offer())
                offer.points = max(offer.points, points)
                why = result.why.replace(" ; ", ", ")
                offer.item_contacts.setdefault(contact.id, f"trouvé par la recherche ({why})")
            continue
        if result.kind == "formation":
            row = formations.get((establishment.id, result.cfd))
            if row is not None:
                _formation(offers, row, points, f"propose {formation_label(row.title, row.diploma)}", category)
        elif result.kind == "resource":
            row = resources.get((establishment.id, (result.code or "").upper()))
            if row is not None and (row.capacity or 0) >= (capacity or 0):
                _resource(offers, row, points, f"dispose de : {row.name}{_capacity_text(row)}")
        elif result.kind == "establishment":
            offers.setdefault(establishment.id, Offer()).add(points, "établissement demandé")
    return offers
