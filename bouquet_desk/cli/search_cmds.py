"""`search`: who does what and where, from the command line or from another program (--batch)."""

from __future__ import annotations

import json
import sys

from ..core.errors import UserError
from .arg_types import count

KIND_CHOICES = ("formation", "resource", "establishment", "contact")
KIND_LABELS = {"formation": "formation", "resource": "ressource", "establishment": "établissement",
               "contact": "contact"}


def register(sub) -> None:
    cmd = sub.add_parser(
        "search",
        help="cherche formations, ressources, établissements et contacts",
        description="Cherche dans le catalogue comme le standard : métiers, sigles, fautes de frappe et "
        "mots écrits comme ils se prononcent, mots de l'oral (« placo », « chef de travaux »), intentions "
        "(stage, apprentissage, formation continue, location, recrutement), commune (classement par "
        "distance) et capacité (« salle 100 personnes », « amphi 250 »). Sans résultat exact, les plus "
        "proches sont montrés (« approximate » en JSON) et la recherche est notée, sans données "
        "personnelles, au registre des demandes non satisfaites.",
    )
    cmd.add_argument("query", nargs="*", metavar="RECHERCHE", help="les mots cherchés")
    cmd.add_argument("--json", action="store_true", help="résultats en JSON")
    cmd.add_argument("--limit", type=count, default=20, metavar="N", help="nombre de résultats (20 par défaut)")
    cmd.add_argument("--kind", choices=KIND_CHOICES, help="un seul type de résultat")
    cmd.add_argument("--near", metavar="COMMUNE", help="classe par distance à cette commune")
    cmd.add_argument("--batch", action="store_true",
                     help="une recherche par ligne sur l'entrée standard, une réponse par ligne en sortie")
    cmd.add_argument("--no-log", action="store_true",
                     help="ne note pas les recherches sans résultat (mesures, essais)")
    cmd.set_defaults(handler=run_search)


def run_search(args, context) -> int:
    from ..core.search.engine import SearchEngine
    from ..core.search.unmet import record_unmet

    if args.limit < 1:
        raise UserError("--limit doit être un entier positif.")
    text = " ".join(args.query).strip()
    if not args.batch and not text:
        raise UserError("Donnez les mots à chercher, ou --batch pour lire une recherche par ligne.")
    engine = SearchEngine(context.reference)
    engine.build_from_db(context.sessions)
    if args.near and engine.resolve_place(args.near) is None:
        raise UserError(f"Commune inconnue : « {args.near} ».")

    def answer(query: str) -> None:
        found = engine.search(query, kind=args.kind, near=args.near, limit=args.limit)
        if not found.exact and not args.no_log and query.strip():
            # Only the nearest matches were shown: the need is still unmet.
            record_unmet(context.sessions, query, args.kind)
        if args.json:
            sys.stdout.write(json.dumps([result.to_json() for result in found.results], ensure_ascii=False))
            sys.stdout.write("\n")
        else:
            sys.stdout.write(_table(found) + "\n")
        # Another program waits for this answer before it sends the next query.
        sys.stdout.flush()

    if not args.batch:
        answer(text)
        return 0
    # The batch protocol is UTF-8 both ways, whatever the console's code page; a stray byte is replaced
    # rather than ending the session of the program on the other side.
    for stream, options in ((sys.stdin, {"encoding": "utf-8", "errors": "replace"}),
                            (sys.stdout, {"encoding": "utf-8"})):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(**options)
    for line in sys.stdin:
        answer(line.rstrip("\r\n"))
    return 0


def _table(answer) -> str:
    lines = []
    if answer.understood:
        lines.append("Compris : " + " · ".join(item.label for item in answer.understood))
    if not answer.results:
        return "\n".join(lines + ["Aucun résultat."])
    if not answer.exact:
        lines.append("Aucun résultat exact ; les plus proches :")
    for rank, result in enumerate(answer.results, start=1):
        key = result.cfd or result.code or result.ref or ""
        lines.append(
            f"{rank:>3}. [{KIND_LABELS.get(result.kind, result.kind)}] {result.title}"
            f"{f' ({key})' if key else ''}\n"
            f"     {result.establishment} — {result.commune or '?'} ({result.uai}) — score {result.score:.2f}\n"
            f"     {result.why}"
        )
    return "\n".join(lines)
