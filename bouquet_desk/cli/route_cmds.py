"""`route`: who to put a company in touch with, best first, with the reasons."""

from __future__ import annotations

import sys

from .arg_types import count, day, people
from .call_json import dump, suggestion_json


def register(sub) -> None:
    route = sub.add_parser("route", help="propose les contacts à qui orienter une demande, du meilleur au moins bon",
                           description="Classe les contacts du réseau pour une demande : rôle et catégories du "
                           "contact, offre de l'établissement, distance, absences (suppléant), réactivité, rotation.")
    route.add_argument("--category", required=True, metavar="CATÉGORIE",
                       help="PFMP, APPRENTISSAGE, RECRUTEMENT, FORMATION_CONTINUE, LOCAUX, TAXE, PARTENARIAT")
    route.add_argument("--query", default="", metavar="TEXTE", help="ce que l'entreprise cherche (recherche libre)")
    route.add_argument("--cfd", action="append", default=[], metavar="CFD", help="formation demandée, répétable")
    route.add_argument("--item", action="append", default=[], metavar="UAI/CODE",
                       help="formation (UAI/CFD) ou ressource (UAI/CODE) demandée, répétable")
    route.add_argument("--capacity", type=people, metavar="PERSONNES", help="nombre de personnes à accueillir (salles)")
    where = route.add_mutually_exclusive_group()
    where.add_argument("--commune", metavar="COMMUNE", help="commune de l'entreprise (nom, code postal ou INSEE)")
    where.add_argument("--company", metavar="SIRET", help="entreprise connue, par son SIRET")
    route.add_argument("--day", type=day, metavar="DATE", help="jour de la mise en relation (absences) ; aujourd'hui par défaut")
    route.add_argument("--limit", type=count, default=20, metavar="N", help="nombre de contacts proposés (20)")
    route.add_argument("--json", action="store_true", help="sortie JSON")
    route.set_defaults(handler=run_route)


def run_route(args, context) -> int:
    from ..core.calls.dates import parse_date
    from ..core.calls.items import resolve_refs
    from ..core.calls.routing import RouteRequest, route

    formation_ids, resource_ids = resolve_refs(context, args.item)
    routing = route(context, RouteRequest(
        category=args.category, query=args.query, formation_ids=formation_ids, cfds=tuple(args.cfd),
        resource_ids=resource_ids, capacity=args.capacity, commune=args.commune, siret=args.company,
        day=parse_date(args.day, what="Jour") if args.day else None, limit=max(1, args.limit),
    ))
    for note in routing.notes:
        print(note, file=sys.stderr)
    if args.json:
        print(dump([suggestion_json(suggestion) for suggestion in routing.suggestions]))
        return 0
    if routing.place:
        print(f"Distances depuis {routing.place}.")
    for rank, suggestion in enumerate(routing.suggestions, 1):
        print(f"{rank:2d}. {suggestion.contact_ref} {suggestion.name} ({suggestion.role_label}) – "
              f"{suggestion.establishment}, {suggestion.commune}  {suggestion.phone_display}  "
              f"[{suggestion.score:g}]")
        print(f"    {suggestion.reason}")
    if not routing.suggestions:
        print("Aucun contact à proposer.")
    return 0
