"""Routing respects who handles what, for every category, on the demo catalogue and on the dev catalogue,
on SQLite and PostgreSQL: whoever lists the category comes before whoever does not, continuing education
goes to those who deliver it, apprenticeship to the CFA teaching the course by apprenticeship, and a request
matching nothing still gets the nearest contacts handling the category, each suggestion saying why."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bouquet_desk.core.calls.routing import RouteRequest, route
from bouquet_desk.core.catalogue import import_catalogue
from bouquet_desk.core.db.models import Contact, Establishment, Formation
from bouquet_desk.core.paths import resource_path

MONDAY = date(2026, 11, 16)
CATEGORIES = ("PFMP", "APPRENTISSAGE", "RECRUTEMENT", "FORMATION_CONTINUE", "LOCAUX", "TAXE", "PARTENARIAT")
LYCEES = {"LP", "LGT", "LPO", "EREA"}
CONTINUING_PROVIDERS = {"GRETA", "CFA", "UNIVERSITE", "IUT"}


@pytest.fixture(params=["demo", "dev"])
def network(request, context, dev_catalogue):
    """An AppContext (SQLite, then PostgreSQL) holding the demo or the dev catalogue."""
    workbook = resource_path("demo", "catalogue_demo.xlsx") if request.param == "demo" else dev_catalogue
    import_catalogue(context, workbook)
    return context


def _route(context, category, **fields):
    return route(context, RouteRequest(category=category, day=MONDAY, limit=fields.pop("limit", 40), **fields))


def _contacts(context) -> dict[str, tuple[set[str], str]]:
    """ref -> (categories listed, establishment type)."""
    with context.sessions() as session:
        rows = session.execute(select(Contact.ref, Contact.categories, Establishment.type).join(Establishment)).all()
    return {ref: ({part.strip() for part in (categories or "").split(",") if part.strip()}, kind)
            for ref, categories, kind in rows}


def _check_who_handles_first(context, routing, category):
    """Never one who does not list the category before one who does; a French reason for each."""
    contacts = _contacts(context)
    assert routing.suggestions, "never an empty list"
    listed = [category in contacts[s.contact_ref][0] or s.replaces_ref is not None for s in routing.suggestions]
    first_unlisted = listed.index(False) if False in listed else len(listed)
    assert all(not flag for flag in listed[first_unlisted:]), [s.contact_ref for s in routing.suggestions]
    assert listed[0], routing.suggestions[0].reason
    for suggestion in routing.suggestions:
        assert suggestion.reasons and all(reason.strip() for reason in suggestion.reasons)
        assert any(word in suggestion.reason for word in ("traite", "voie habituelle", "remplace", "absent")), \
            suggestion.reason
    return contacts


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_goes_first_to_those_who_handle_it(network, category):
    for where in ("Lens", "Liévin", "Béthune"):
        _check_who_handles_first(network, _route(network, category, commune=where), category)


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_request_matching_nothing_still_gets_the_nearest_who_handle_it(network, category):
    routing = _route(network, category, query="astronaute", commune="Liévin")
    assert routing.asked and not routing.offer_found
    contacts = _check_who_handles_first(network, routing, category)
    handling = [s for s in routing.suggestions if category in contacts[s.contact_ref][0]]
    assert handling
    if category not in ("FORMATION_CONTINUE", "APPRENTISSAGE"):  # those who deliver it come first there
        ordered = [s.distance_km for s in handling[:5]]
        assert ordered == sorted(ordered)


@pytest.mark.parametrize("query", ["habilitation électrique", "stage de management pour nos chefs d'équipe"])
def test_continuing_education_goes_to_those_who_deliver_it(network, query):
    routing = _route(network, "FORMATION_CONTINUE", query=query, commune="Liévin")
    contacts = _check_who_handles_first(network, routing, "FORMATION_CONTINUE")
    first = routing.suggestions[0]
    assert contacts[first.contact_ref][1] in CONTINUING_PROVIDERS, first
    # No lycée teacher, DDFPT or head teacher ahead of a GRETA, CFA or university adviser who handles it.
    kinds = [contacts[s.contact_ref][1] for s in routing.suggestions]
    providers = [i for i, kind in enumerate(kinds) if kind in CONTINUING_PROVIDERS
                 and "FORMATION_CONTINUE" in contacts[routing.suggestions[i].contact_ref][0]]
    lycees = [i for i, kind in enumerate(kinds) if kind in LYCEES]
    assert providers
    assert all(i > providers[0] for i in lycees)


def test_apprenticeship_goes_to_the_cfa_teaching_the_course_by_apprenticeship(network):
    with network.sessions() as session:
        taught = session.execute(
            select(Formation.cfd, Establishment.uai, Establishment.commune)
            .join(Establishment).where(Formation.pathways.contains("apprentissage"), Formation.archived.is_(False))
            .order_by(Formation.cfd, Establishment.uai)
        ).all()
        by_cfd: dict[str, set[str]] = {}
        for cfd, uai, _ in taught:
            by_cfd.setdefault(cfd, set()).add(uai)
    assert taught
    checked = 0
    for cfd, uai, commune in taught[::max(1, len(taught) // 6)]:
        routing = _route(network, "APPRENTISSAGE", cfds=(cfd,), commune=commune)
        contacts = _check_who_handles_first(network, routing, "APPRENTISSAGE")
        first = routing.suggestions[0]
        if any(s.uai in by_cfd[cfd] for s in routing.suggestions):
            assert first.uai in by_cfd[cfd], (cfd, first)
            assert "en apprentissage" in first.reason
        else:  # nobody handles apprenticeship where it is taught: the CFA takes it
            assert contacts[first.contact_ref][1] == "CFA" and "forme par apprentissage" in first.reason
        checked += 1
    assert checked >= 3


def test_a_contact_handling_only_rooms_never_comes_first_for_something_else(network):
    contacts = _contacts(network)
    rooms_only = {ref for ref, (listed, _) in contacts.items() if listed == {"LOCAUX"}}
    for category in ("TAXE", "PARTENARIAT", "RECRUTEMENT", "FORMATION_CONTINUE", "PFMP"):
        routing = _route(network, category, commune="Lens", limit=100)
        refs = [s.contact_ref for s in routing.suggestions]
        handling = [i for i, ref in enumerate(refs) if category in contacts[ref][0]]
        for i, ref in enumerate(refs):
            if ref in rooms_only:
                assert all(h < i for h in handling), (category, ref)
