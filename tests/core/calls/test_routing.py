"""The routing engine on the dev catalogue (Lens-Liévin): roles, offer, distance, absences, rotation,
responsiveness, each visible in the reasons."""

from __future__ import annotations

from datetime import date

import pytest

from bouquet_desk.core.calls.calls import NewCall, log_call
from bouquet_desk.core.calls.contacts import add_absence
from bouquet_desk.core.calls.items import resolve_refs
from bouquet_desk.core.calls.referrals import refer, update_referral
from bouquet_desk.core.calls.routing import RouteRequest, route
from bouquet_desk.core.errors import UserError

MONDAY = date(2026, 11, 16)


def _route(context, category, **fields):
    return route(context, RouteRequest(category=category, day=fields.pop("day", MONDAY), **fields))


def _refs(routing, count=None):
    return [s.contact_ref for s in routing.suggestions[:count]]


def test_pfmp_for_a_formation_goes_to_the_section_then_its_establishment(catalogue):
    # Runs on SQLite and PostgreSQL: the whole engine, end to end.
    routing = _route(catalogue, "PFMP", cfds=("40022703",), commune="Lens")
    first, second = routing.suggestions[:2]
    assert (first.contact_ref, first.role, first.uai) == ("C037", "BDE", "0623377J")
    assert "responsable de la section" in first.reason
    assert "propose Bac pro Technicien en installation des systèmes énergétiques et climatiques" in first.reason
    assert "bureau des entreprises : traite les stages (PFMP)" in first.reason
    assert first.distance_km == pytest.approx(3.9, abs=0.2) and "à 3,9 km" in first.reason
    assert (second.contact_ref, second.role) == ("C038", "DDFPT")
    assert routing.place == "Lens" and routing.asked and routing.offer_found
    assert first.phone == "+33321939616" and first.phone_display == "03 21 93 96 16"
    # The items of the offer come with the suggestion, ready for the referral.
    assert first.formation_ids
    # Other establishments training for the same job come after, said so.
    related = [s for s in routing.suggestions if s.uai != "0623377J"]
    assert related and all("même métier" in s.reason for s in related)
    assert all(s.score < second.score for s in related if s.role == "DDFPT")


def test_apprenticeship_tax_goes_to_head_teacher_or_bursar(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "TAXE", commune="Liévin")
    assert {s.role for s in routing.suggestions} <= {"PROVISEUR", "GESTIONNAIRE"}
    first = routing.suggestions[0]
    assert first.role == "PROVISEUR" and first.commune == "Liévin"
    assert "proviseur : traite la taxe d'apprentissage" in first.reason
    # A bursar who does not list the category is still on the usual path, below those who do.
    lagache = next(s for s in _route(sqlite_catalogue, "TAXE", commune="Lens", limit=100).suggestions
                   if s.contact_ref == "C010")
    assert "adjoint gestionnaire : voie habituelle pour la taxe d'apprentissage" in lagache.reason


def test_rooms_go_to_the_bursar_platforms_to_the_ddfpt(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "LOCAUX", commune="Lens")
    assert routing.suggestions[0].role == "GESTIONNAIRE"
    _, platform = resolve_refs(sqlite_catalogue, ["0620190V/ELEC"])
    _, room = resolve_refs(sqlite_catalogue, ["0620190V/CONF"])
    for_platform = _route(sqlite_catalogue, "LOCAUX", resource_ids=platform, commune="Liévin", limit=100)
    for_room = _route(sqlite_catalogue, "LOCAUX", resource_ids=room, commune="Liévin", limit=100)
    top = for_platform.suggestions[0]
    assert (top.uai, top.contact_ref, top.role) == ("0620190V", "C021", "GESTIONNAIRE")
    assert "gère les réservations" in top.reason and "dispose de : Plateau électrotechnique" in top.reason

    def score(routing, ref):
        return next(s.score for s in routing.suggestions if s.contact_ref == ref)

    # The DDFPT (C020) lends the machines: closer to the bursar for a platform than for a room.
    assert score(for_platform, "C021") - score(for_platform, "C020") < score(for_room, "C021") - score(for_room, "C020")
    # Other lycées with such a platform are offered as equivalents.
    assert any(s.uai == "0623377J" and "équivalent : Plateau électrotechnique" in s.reason
               for s in for_platform.suggestions)


def test_apprenticeship_goes_to_the_cfa_first(sqlite_catalogue):
    first = _route(sqlite_catalogue, "APPRENTISSAGE", commune="Lens").suggestions[0]
    assert (first.contact_ref, first.role) == ("C041", "CFA")


def test_continuing_education_goes_to_university_company_relations(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "FORMATION_CONTINUE", commune="Lens")
    assert set(_refs(routing, 3)) == {"C046", "C050", "C054"}  # they list the category
    # No lycée contact: the university's services, which deliver such training themselves.
    assert all(s.role == "RELATIONS_ENTREPRISES" for s in routing.suggestions)
    assert "relations entreprises : voie habituelle pour la formation continue" in routing.suggestions[3].reason
    assert "organisme de formation continue" in routing.suggestions[0].reason


def test_internships_at_the_iut_go_to_company_relations(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "PFMP", commune="Lens", limit=100)
    iut = [s for s in routing.suggestions if s.uai == "0623985V"]
    assert [s.contact_ref for s in iut] == ["C052"]
    assert "relations entreprises : traite les stages (PFMP)" in iut[0].reason


def test_nearest_establishments_first(sqlite_catalogue):
    from_lievin = _route(sqlite_catalogue, "TAXE", commune="Liévin", limit=100).suggestions
    from_avion = _route(sqlite_catalogue, "TAXE", commune="Avion", limit=100).suggestions
    head_teachers = [s for s in from_lievin if s.role == "PROVISEUR" and "traite" in s.reason]
    distances = [s.distance_km for s in head_teachers]
    assert distances == sorted(distances) and distances[0] == 0
    assert from_avion[0].uai == "0620027T" and from_avion[0].distance_km == 0  # the Avion lycée
    assert "même commune" in from_avion[0].reason
    # Same request from the far side of the basin: another order.
    assert from_lievin[0].uai != from_avion[0].uai


def test_without_a_place_no_distance(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "TAXE")
    assert routing.place is None and all(s.distance_km is None for s in routing.suggestions)


def test_the_company_gives_the_place(sqlite_catalogue):
    log_call(sqlite_catalogue, NewCall(category="TAXE", phone="0321778899", company_name="Garage du Centre",
                                       siret="81234567800013", commune="Avion"))
    routing = _route(sqlite_catalogue, "TAXE", siret="812 345 678 00013")
    assert routing.place == "Avion" and routing.suggestions[0].uai == "0620027T"
    with pytest.raises(UserError, match="SIRET 39128465700023"):
        _route(sqlite_catalogue, "TAXE", siret="39128465700023")
    with pytest.raises(UserError, match="Commune inconnue"):
        _route(sqlite_catalogue, "TAXE", commune="Atlantis")


def test_an_absent_contact_is_replaced_by_the_backup(sqlite_catalogue):
    add_absence(sqlite_catalogue, "C037", "2026-11-16", "20/11/2026", "formation")
    routing = _route(sqlite_catalogue, "PFMP", cfds=("40022703",), commune="Lens")
    first = routing.suggestions[0]
    assert (first.contact_ref, first.replaces_ref) == ("C038", "C037")
    assert first.reason.startswith(
        "remplace Amandine Pruvost (bureau des entreprises), absent jusqu'au 20/11/2026")
    assert "bureau des entreprises : traite" not in first.reason  # her role is not his: said once, above
    assert "propose Bac pro Technicien en installation" in first.reason
    assert "C037" not in _refs(routing)
    assert _refs(routing).count("C038") == 1  # one line per person, the best of their two
    # The week after, she is back.
    back = _route(sqlite_catalogue, "PFMP", cfds=("40022703",), commune="Lens", day=date(2026, 11, 23))
    assert back.suggestions[0].contact_ref == "C037" and back.suggestions[0].replaces_ref is None


def test_back_to_back_absences_show_the_real_return(sqlite_catalogue):
    add_absence(sqlite_catalogue, "C037", "2026-11-16", "2026-11-18")
    add_absence(sqlite_catalogue, "C037", "2026-11-19", "2026-11-27")
    first = _route(sqlite_catalogue, "PFMP", cfds=("40022703",), commune="Lens").suggestions[0]
    assert "absent jusqu'au 27/11/2026" in first.reason


def test_absent_without_a_backup_drops_visibly(sqlite_catalogue):
    add_absence(sqlite_catalogue, "C037", "2026-11-16", "2026-11-20")
    add_absence(sqlite_catalogue, "C038", "2026-11-16", "2026-11-20")  # the backup is away too
    routing = _route(sqlite_catalogue, "PFMP", cfds=("40022703",), commune="Lens", limit=100)
    pruvost = next(s for s in routing.suggestions if s.contact_ref == "C037")
    assert pruvost.reason.startswith("absent jusqu'au 20/11/2026, pas de suppléant disponible")
    assert routing.suggestions[0].uai != "0623377J"  # a present contact elsewhere comes first


def test_absence_dates_are_checked(sqlite_catalogue):
    with pytest.raises(UserError, match="précède"):
        add_absence(sqlite_catalogue, "C037", "2026-11-20", "2026-11-16")
    with pytest.raises(UserError, match="Contact inconnu"):
        add_absence(sqlite_catalogue, "C999", "2026-11-16", "2026-11-20")
    with pytest.raises(UserError, match="Date de fin invalide"):
        add_absence(sqlite_catalogue, "C037", "2026-11-16", "le 20")


def test_rotation_between_equally_good_establishments(sqlite_catalogue):
    first_time = _route(sqlite_catalogue, "LOCAUX", commune="Lens")
    tied = [s for s in first_time.suggestions if s.score == first_time.suggestions[0].score]
    assert len({s.uai for s in tied}) >= 3  # five Lens establishments rent rooms: a real tie
    assert all("ex æquo : rotation (0 orientation récente)" in s.reason for s in tied)
    leader = tied[0].contact_ref
    seen = [leader]
    for _ in range(len(tied) - 1):
        call = log_call(sqlite_catalogue, NewCall(category="LOCAUX", phone="0321778899"))
        refer(sqlite_catalogue, call.id, seen[-1])
        again = _route(sqlite_catalogue, "LOCAUX", commune="Lens")
        seen.append(again.suggestions[0].contact_ref)
    assert len(set(seen)) == len(tied)  # everyone had a turn, no one twice
    # Referrals of another category do not count against an establishment's turn.
    other = _route(sqlite_catalogue, "TAXE", commune="Lens")
    assert "0 orientation récente" in other.suggestions[0].reason


def test_unanswered_referrals_push_a_contact_down(sqlite_catalogue):
    call = log_call(sqlite_catalogue, NewCall(category="PFMP", phone="0321778899"))
    for _ in range(2):
        refer(sqlite_catalogue, call.id, "C037", today=date(2026, 10, 1))  # due long ago, never answered
    answered = refer(sqlite_catalogue, call.id, "C037", today=date(2026, 10, 1))
    update_referral(sqlite_catalogue, answered.id, status="done", outcome="internship")
    silent = refer(sqlite_catalogue, call.id, "C037", today=date(2026, 10, 1))
    update_referral(sqlite_catalogue, silent.id, status="no_answer")
    routing = _route(sqlite_catalogue, "PFMP", cfds=("40022703",), commune="Lens", day=date.today())
    assert routing.suggestions[0].contact_ref == "C038"
    pruvost = next(s for s in routing.suggestions if s.contact_ref == "C037")
    assert pruvost.unanswered == 3 and "3 orientations sans réponse" in pruvost.reason


def test_out_of_scope_is_not_routed(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "hors_perimetre", commune="Lens")
    assert routing.suggestions == () and "Hors périmètre" in routing.notes[0]


def test_unknown_category_lists_the_valid_ones(sqlite_catalogue):
    with pytest.raises(UserError, match="PFMP, APPRENTISSAGE"):
        _route(sqlite_catalogue, "STAGES")


def test_a_free_query_is_answered_by_the_search_engine(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "PFMP", query="plombier", commune="Lens")
    assert routing.suggestions[0].contact_ref == "C037"
    assert "propose CAP Monteur en installations sanitaires" in routing.suggestions[0].reason


def test_a_room_for_sixty_in_lens(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "LOCAUX", query="salle pour 60 personnes a lens", limit=100)
    assert routing.place == "Lens"  # read from the query
    assert routing.suggestions[0].commune == "Lens" and routing.suggestions[0].role == "GESTIONNAIRE"
    # Condorcet's conference room (66) fits, its computer room (24) does not.
    condorcet = next(s for s in routing.suggestions if s.uai == "0620108F")
    assert "Salle de conférence (66 places)" in condorcet.reason and "Salle informatique" not in condorcet.reason
    # Sallaumines has nothing for 60 but its conference room (58): not offered.
    assert "0620220C" not in {s.uai for s in routing.suggestions}


def test_capacity_rules_out_small_rooms(sqlite_catalogue):
    _, chosen = resolve_refs(sqlite_catalogue, ["0620027T/INFO"])  # a 16-seat computer room
    routing = _route(sqlite_catalogue, "LOCAUX", resource_ids=chosen, capacity=25, commune="Avion", limit=100)
    assert "0620027T" not in {s.uai for s in routing.suggestions}
    assert routing.suggestions and all("(30 places)" in s.reason or "équivalent" in s.reason
                                       for s in routing.suggestions)


def test_nothing_offered_is_said_and_the_category_still_routed(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "PFMP", query="astronaute", commune="Lens")
    assert routing.asked and not routing.offer_found
    assert "Aucun établissement du réseau ne propose « astronaute »" in routing.notes[0]
    assert routing.suggestions and routing.suggestions[0].role == "BDE"


def test_an_establishment_named_in_the_query(sqlite_catalogue):
    routing = _route(sqlite_catalogue, "TAXE", query="lycee robespierre")
    assert {s.uai for s in routing.suggestions} == {"0623864N"}
    assert _refs(routing) == ["C045", "C044"]
    assert "établissement demandé" in routing.suggestions[0].reason
