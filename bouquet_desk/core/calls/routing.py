"""The routing engine: from the category, what was asked and where the company is, a ranked list of
contacts, each with its reasons in French.

Who handles the category comes first: a contact who lists it, then one whose role usually takes it, then one
only named on an item asked for (the teacher of a section); a lower tier is never ranked ahead of a higher.
Within a tier, the establishments that deliver the category come first: for continuing education the
GRETA, CFA and university services, for apprenticeship the CFA or antenna teaching the course asked for by
apprenticeship (the same for any formation offered in the pathway the category needs). Then the score adds
up: what the establishment offers of the request (offers.py), how usual the role is for the category and
whether it lists the category (usual_paths.py), nearness (commune to commune), minus unanswered referrals.
Absent contacts hand their place to their backup. Equal scores are broken by rotation: the establishment
that received the fewest referrals of the category lately comes first. A request that matches nothing, or
whose matches have nobody handling the category, still gets the contacts handling it nearest the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..catalogue.listing import contact_name
from ..db.base import utcnow
from ..db.models import Contact, Establishment, Formation, Resource
from ..errors import UserError
from ..labels import establishment_name
from ..phones import format_phone
from ..reference import distance_km
from . import companies, contacts, offers, referrals
from .codes import CATEGORY_PHRASES, require_category, role_label
from .companies import clean_siret
from .dates import format_date
from .usual_paths import (
    HANDLES_CATEGORY,
    ITEM_CONTACT,
    LISTS_CATEGORY,
    NOT_HANDLED,
    PROVIDERS,
    handles,
    handling_tier,
    path_weight,
)

# Nearness: full points in the same commune, none from this distance on (the basin is ~30 km across).
DISTANCE_POINTS = 20.0
DISTANCE_HORIZON_KM = 40.0
# Each referral left unanswered past its deadline costs this much, counted up to UNANSWERED_COUNTED.
UNANSWERED_PENALTY = 8.0
UNANSWERED_COUNTED = 3
# A backup stands a little behind the contact they replace; an absent contact without one, far behind.
BACKUP_PENALTY = 2.0
ABSENT_PENALTY = 30.0
ROTATION_WINDOW = timedelta(days=30)
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class RouteRequest:
    category: str
    query: str = ""  # free text, answered by the search engine
    formation_ids: tuple[int, ...] = ()
    cfds: tuple[str, ...] = ()
    resource_ids: tuple[int, ...] = ()
    capacity: int | None = None  # people to seat, for rooms
    commune: str | None = None  # where the company is: name, postcode or INSEE code
    company_id: int | None = None  # ... or a known company
    siret: str | None = None
    day: date | None = None  # absences are read for this day; today when None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class Suggestion:
    contact_id: int
    contact_ref: str
    name: str
    role: str
    role_label: str
    phone: str | None  # E.164
    phone_display: str
    email: str
    establishment_id: int
    uai: str
    establishment: str
    commune: str
    distance_km: float | None
    score: float
    reason: str  # the reasons joined, for a list or the command line
    reasons: tuple[str, ...]
    replaces_ref: str | None  # the absent contact this backup stands in for
    unanswered: int
    formation_ids: tuple[int, ...]  # the items to attach to the referral
    resource_ids: tuple[int, ...]


@dataclass(frozen=True)
class Routing:
    category: str
    suggestions: tuple[Suggestion, ...]
    place: str | None  # the commune distances are measured from
    asked: bool  # something was asked (query or items)
    offer_found: bool  # ... and some establishment offers it
    notes: tuple[str, ...]  # what the operator should know about the list as a whole


# search(query, limit=N) -> SearchAnswer: SearchEngine.search of the window's long-lived engine.
SearchFunction = Callable[..., object]


def _search(context, query: str, search: SearchFunction | None):
    if search is None:
        # No engine handed over (command line, scripts): build one for this request.
        from ..search.engine import SearchEngine

        engine = SearchEngine(context.reference)
        engine.build_from_db(context.sessions)
        search = engine.search
    return search(query, limit=offers.SEARCH_RESULTS_USED)


def _where(session: Session, context, request: RouteRequest, answer) -> tuple[str | None, tuple | None, list[str]]:
    """(commune name, (lat, lng), notes) of the company."""
    reference = context.reference
    notes: list[str] = []
    if request.commune:
        commune = reference.commune(request.commune)
        if commune is None:
            raise UserError(f"Commune inconnue : « {request.commune} ».")
        return commune.name, (commune.lat, commune.lng), notes
    company = None
    if request.company_id is not None:
        company = companies.live(session, request.company_id)
    elif request.siret:
        siret = clean_siret(request.siret)
        company = companies.by_siret(session, siret)
        if company is None:
            raise UserError(f"Aucune entreprise connue avec le SIRET {siret}.")
    if company is not None:
        commune = (reference.commune_by_insee(company.insee_code) if company.insee_code else None) or (
            reference.commune(company.commune) if company.commune else None)
        if commune is not None:
            return commune.name, (commune.lat, commune.lng), notes
        notes.append(f"Commune de {company.name} inconnue : pas de tri par distance.")
        return None, None, notes
    place = getattr(answer, "place", None) if answer is not None else None
    if place:
        commune = reference.commune(place)
        if commune is not None:
            return commune.name, (commune.lat, commune.lng), notes
    return None, None, notes


def _establishment_point(establishment: Establishment, reference) -> tuple | None:
    # Commune to commune: the company's place is only known to the commune, so finer would be false
    # precision, and establishments of one commune tie exactly (then rotation decides).
    commune = reference.commune_by_insee(establishment.insee_code) if establishment.insee_code else None
    if commune is not None:
        return commune.lat, commune.lng
    if establishment.latitude is not None and establishment.longitude is not None:
        return establishment.latitude, establishment.longitude
    return None


def _load_catalogue(session: Session) -> offers.Catalogue:
    establishments = session.scalars(
        select(Establishment).where(Establishment.archived.is_(False))
        .options(selectinload(Establishment.contacts).selectinload(Contact.backup))
    ).all()
    live = {row.id: row for row in establishments}
    formations = [row for row in session.scalars(select(Formation).where(Formation.archived.is_(False))).all()
                  if row.establishment_id in live]
    resources = [row for row in session.scalars(select(Resource).where(Resource.archived.is_(False))).all()
                 if row.establishment_id in live]
    return offers.Catalogue(live, formations, resources)


def _km(distance: float) -> str:
    return f"{distance:.1f}".replace(".", ",") + " km"


def route(context, request: RouteRequest, *, search: SearchFunction | None = None) -> Routing:
    """Ranks the contacts who can take the call, best first, each with its reasons."""
    category = require_category(request.category)
    if category == "HORS_PERIMETRE":
        return Routing(category, (), None, False, False,
                       ("Hors périmètre : l'appel est consigné et réorienté hors du réseau.",))
    day = request.day or date.today()
    query = (request.query or "").strip()
    answer = _search(context, query, search) if query else None
    with context.sessions() as session:
        catalogue = _load_catalogue(session)
        place, origin, notes = _where(session, context, request, answer)
        capacity = request.capacity or getattr(answer, "min_capacity", None)
        cfds = {cfd.strip().upper() for cfd in request.cfds if cfd.strip()}
        if request.formation_ids:
            chosen = {row.id: row for row in catalogue.formations}
            for formation_id in request.formation_ids:
                formation = chosen.get(formation_id) or session.get(Formation, formation_id)
                if formation is None:
                    raise UserError(f"Formation inconnue : n° {formation_id}.")
                cfds.add(formation.cfd)
        found = offers.from_choices(catalogue, context.reference, category, cfds=cfds,
                                    resource_ids=set(request.resource_ids), capacity=capacity)
        if answer is not None:
            # Only what matches: the nearest results the search shows when nothing matched exactly (« Aucun
            # résultat exact ») are no offer, and the category's contacts nearest the caller take the call.
            matched = [result for result in answer.results if not getattr(result, "approximate", False)]
            for establishment_id, offer in offers.from_search(
                    catalogue, category, matched, capacity=capacity).items():
                mine = found.setdefault(establishment_id, offers.Offer())
                for reason, points in offer.reasons.items():
                    mine.add(points, reason)
                mine.formation_ids += [i for i in offer.formation_ids if i not in mine.formation_ids]
                mine.resource_ids += [i for i in offer.resource_ids if i not in mine.resource_ids]
                for contact_id, why in offer.item_contacts.items():
                    mine.item_contacts.setdefault(contact_id, why)
                mine.technical = mine.technical or offer.technical
                mine.pathway = mine.pathway or offer.pathway
        asked = bool(query or cfds or request.resource_ids)
        if asked and not found:
            what = f"« {query} »" if query else "les éléments choisis"
            notes.append(f"Aucun établissement du réseau ne propose {what} : contacts de la catégorie, "
                         "à consigner comme besoin non couvert si rien ne convient.")
        everyone = {est_id: offers.Offer() for est_id in catalogue.establishments}
        candidates = dict(found) if found else dict(everyone)
        # Those who deliver the category are always asked, even when the words matched only lycées.
        for est_id, establishment in catalogue.establishments.items():
            if establishment.type in PROVIDERS.get(category, ()):
                candidates.setdefault(est_id, offers.Offer())
        away = contacts.absent_until(session, day)
        unanswered = referrals.unanswered_counts(session, day, day - referrals.UNANSWERED_WINDOW)
        recent = referrals.recent_by_establishment(session, category, utcnow() - ROTATION_WINDOW)
        ranked = _rank(context, category, catalogue, candidates, origin, away, unanswered, recent)
        if not any(key[0] == LISTS_CATEGORY for _, key in ranked) and len(candidates) < len(everyone):
            # Nobody where the offer is handles the category: the nearest contacts who do, after them.
            notes.append(f"Personne ne traite {CATEGORY_PHRASES[category]} là où l'offre a été trouvée : "
                         "contacts de la catégorie les plus proches ajoutés.")
            ranked = _rank(context, category, catalogue, {**everyone, **candidates}, origin, away, unanswered,
                           recent)
        suggestions = _explain_rotation(ranked, recent)
    return Routing(category, tuple(suggestions[: request.limit]), place, asked, bool(found), tuple(notes))


def _fit(contact: Contact, category: str, offer: offers.Offer) -> tuple[float, int, list[str]]:
    """How well the contact's role and categories fit the request: (points, tier, reasons); 0 points when
    not at all."""
    weight = path_weight(category, contact.role, technical=offer.technical)
    listed = handles(contact.categories, category)
    item_reason = offer.item_contacts.get(contact.id)
    phrase = CATEGORY_PHRASES[category]
    reasons = []
    if listed and weight:
        reasons.append(f"{role_label(contact.role)} : traite {phrase}")
    elif weight:
        reasons.append(f"{role_label(contact.role)} : voie habituelle pour {phrase}")
    elif listed:
        reasons.append(f"traite {phrase}")
    elif item_reason:
        reasons.append(f"ne traite pas {phrase}")
    if item_reason:
        reasons.append(item_reason)
    points = weight + (HANDLES_CATEGORY if listed else 0) + (ITEM_CONTACT if item_reason else 0)
    return points, handling_tier(contact.categories, category, weight), reasons


# Said of an establishment that delivers the category itself.
PROVIDER_REASONS = {"FORMATION_CONTINUE": "organisme de formation continue", "APPRENTISSAGE": "forme par apprentissage"}


def _delivers(category: str, establishment: Establishment, offer: offers.Offer, pathway_found: bool) -> int:
    """2: offers what was asked in the category's pathway; 1: delivers the category (for apprenticeship,
    only while no one offers the course asked for by apprenticeship); 0: passes such calls on."""
    if offer.pathway:
        return 2
    if establishment.type in PROVIDERS.get(category, ()) and not (category == "APPRENTISSAGE" and pathway_found):
        return 1
    return 0


def _stand_in(contact: Contact, away: dict[int, date]) -> tuple[Contact, Contact | None, str | None, float]:
    """(who takes the call, whom they replace, the reason, the penalty) for a contact maybe absent."""
    if contact.id not in away:
        return contact, None, None, 0.0
    until = format_date(away[contact.id])
    backup = contact.backup
    if backup is not None and not backup.archived and backup.id not in away:
        reason = f"remplace {contact_name(contact)} ({role_label(contact.role)}), absent jusqu'au {until}"
        return backup, contact, reason, BACKUP_PENALTY
    return contact, None, f"absent jusqu'au {until}, pas de suppléant disponible", ABSENT_PENALTY


def _place_reason(distance: float | None) -> list[str]:
    if distance is None:
        return []
    return ["même commune"] if distance < 0.05 else [f"à {_km(distance)}"]


def _rank(context, category, catalogue, candidates, origin, away, unanswered, recent) -> list[tuple]:
    """(suggestion, sort key) pairs, best first; the key starts with the tier, then what the place delivers."""
    best: dict[int, tuple[Suggestion, tuple]] = {}
    # Someone where the course is taught in the pathway can take the call: then the other providers
    # (a CFA teaching something else) pass behind; otherwise they take it.
    pathway_found = any(
        offer.pathway and any(not contact.archived and _fit(contact, category, offer)[1] != NOT_HANDLED
                              for contact in catalogue.establishments[est_id].contacts)
        for est_id, offer in candidates.items())
    for establishment_id, offer in candidates.items():
        establishment = catalogue.establishments[establishment_id]
        point = _establishment_point(establishment, context.reference)
        distance = round(distance_km(*origin, *point), 1) if origin and point else None
        near = DISTANCE_POINTS * max(0.0, 1 - distance / DISTANCE_HORIZON_KM) if distance is not None else 0.0
        count, latest = recent.get(establishment_id, (0, None))
        delivers = _delivers(category, establishment, offer, pathway_found)
        for contact in establishment.contacts:
            if contact.archived:
                continue
            fit, tier, fit_reasons = _fit(contact, category, offer)
            if not fit:
                continue
            if delivers == 1 and tier != NOT_HANDLED:
                fit_reasons.append(PROVIDER_REASONS[category])
            person, replaced, absence, absence_penalty = _stand_in(contact, away)
            # A backup is not the absent person: their role reasons give way to the replacement.
            reasons = [absence] if replaced else ([absence] if absence else []) + fit_reasons
            reasons += offer.summary() + _place_reason(distance)
            missed = unanswered.get(person.id, 0)
            if missed:
                reasons.append(f"{missed} orientation{'s' if missed > 1 else ''} sans réponse")
            score = round(fit + offer.points + near - absence_penalty
                          - UNANSWERED_PENALTY * min(missed, UNANSWERED_COUNTED), 2)
            suggestion = Suggestion(
                contact_id=person.id, contact_ref=person.ref, name=contact_name(person), role=person.role,
                role_label=role_label(person.role), phone=person.phone, phone_display=format_phone(person.phone),
                email=person.email or "", establishment_id=establishment.id, uai=establishment.uai,
                establishment=establishment_name(establishment.name), commune=establishment.commune or "",
                distance_km=distance,
                score=score, reason="", reasons=tuple(reasons),
                replaces_ref=replaced.ref if replaced else None, unanswered=missed,
                formation_ids=tuple(offer.formation_ids), resource_ids=tuple(offer.resource_ids),
            )
            # Equal scores: the nearer first, then rotation; uai and ref only make the order stable.
            key = (tier, -delivers, -score, distance if distance is not None else 0.0, count,
                   latest or datetime.min, establishment.uai, person.ref)
            kept = best.get(person.id)
            if kept is None or key < kept[1]:
                best[person.id] = (suggestion, key)
    return sorted(best.values(), key=lambda pair: pair[1])


TIE = 4  # tier, delivery, score and distance equal: rotation decides


def _explain_rotation(ranked, recent) -> list[Suggestion]:
    """Says so where rotation decided between establishments of equal score and distance."""
    tied: dict[tuple, set[int]] = {}
    for suggestion, key in ranked:
        tied.setdefault(key[:TIE], set()).add(suggestion.establishment_id)
    result = []
    for suggestion, key in ranked:
        reasons = list(suggestion.reasons)
        if len(tied[key[:TIE]]) > 1:
            count = recent.get(suggestion.establishment_id, (0, None))[0]
            plural = "s" if count > 1 else ""
            reasons.append(f"ex æquo : rotation ({count} orientation{plural} récente{plural})")
        result.append(replace(suggestion, reasons=tuple(reasons), reason=" ; ".join(reasons)))
    return result
