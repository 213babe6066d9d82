"""`company duplicates` and `company merge`: doubled companies and callers, merged without losing a call."""

from __future__ import annotations

from .arg_types import record_id
from .call_json import dump


def register(sub) -> None:
    company = sub.add_parser("company", help="entreprises et appelants : doublons et fusion")
    company_sub = company.add_subparsers(dest="company_command", metavar="ACTION", required=True,
                                         parser_class=type(company))
    dup = company_sub.add_parser("duplicates", help="liste les entreprises et appelants qui semblent en double")
    dup.add_argument("--json", action="store_true", help="sortie JSON")
    dup.set_defaults(handler=run_duplicates)

    merge = company_sub.add_parser("merge", help="fusionne une entreprise (ou un appelant) dans une autre")
    merge.add_argument("keep", type=record_id, metavar="GARDÉE", help="numéro de la fiche conservée")
    merge.add_argument("drop", type=record_id, metavar="DOUBLON", help="numéro de la fiche fusionnée dans la première")
    merge.add_argument("--callers", action="store_true", help="fusionne des appelants plutôt que des entreprises")
    merge.set_defaults(handler=run_merge)


def run_duplicates(args, context) -> int:
    from ..core.calls.duplicates import find_duplicates

    pairs = find_duplicates(context)
    if args.json:
        print(dump([{"kind": p.kind, "keep": p.keep_id, "drop": p.drop_id, "keep_label": p.keep_label,
                     "drop_label": p.drop_label, "score": p.score, "reasons": list(p.reasons)} for p in pairs]))
        return 0
    for pair in pairs:
        kind = "entreprise" if pair.kind == "company" else "appelant"
        print(f"{kind} n° {pair.keep_id} « {pair.keep_label} » / n° {pair.drop_id} « {pair.drop_label} » : "
              + ", ".join(pair.reasons))
    if not pairs:
        print("Aucun doublon apparent.")
    return 0


def run_merge(args, context) -> int:
    from ..core.calls.duplicates import merge_callers, merge_companies

    if args.callers:
        caller = merge_callers(context, args.keep, args.drop)
        print(f"Appelant n° {args.drop} fusionné dans n° {caller.id} ({caller.name or caller.phone_display}).")
    else:
        company = merge_companies(context, args.keep, args.drop)
        print(f"Entreprise n° {args.drop} fusionnée dans n° {company.id} ({company.name}).")
    return 0
