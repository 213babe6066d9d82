"""`referral list` and `referral update`: following each referral to an outcome."""

from __future__ import annotations

from .arg_types import day, record_id
from .call_json import dump, referral_json


def register(sub) -> None:
    referral = sub.add_parser("referral", help="orientations : suivi et échéances")
    referral_sub = referral.add_subparsers(dest="referral_command", metavar="ACTION", required=True,
                                           parser_class=type(referral))
    lst = referral_sub.add_parser("list", help="liste les orientations, échéance la plus proche d'abord")
    lst.add_argument("--due", action="store_true", help="seulement celles qui attendent une réponse à échéance")
    lst.add_argument("--status", metavar="STATUT", help="sent, acknowledged, done, no_answer")
    lst.add_argument("--on", type=day, metavar="DATE", help="échéances vues à cette date plutôt qu'aujourd'hui")
    lst.add_argument("--json", action="store_true", help="sortie JSON")
    lst.set_defaults(handler=run_list)

    update = referral_sub.add_parser("update", help="met à jour le statut ou le résultat d'une orientation")
    update.add_argument("id", type=record_id, metavar="N", help="numéro de l'orientation")
    update.add_argument("--status", metavar="STATUT", help="sent, acknowledged, done, no_answer")
    update.add_argument("--outcome", metavar="RÉSULTAT",
                        help="internship, apprentice, hire, room, training, tax, partnership, nothing")
    update.add_argument("--note", metavar="TEXTE", help="note de suivi")
    update.add_argument("--json", action="store_true", help="sortie JSON")
    update.set_defaults(handler=run_update)


def _line(referral) -> str:
    late = " EN RETARD" if referral.overdue else ""
    outcome = f" ({referral.outcome_label})" if referral.outcome else ""
    who = referral.company or referral.caller or f"appel n° {referral.call_id}"
    return (f"n° {referral.id}  {who} → {referral.contact_ref} {referral.contact_name}, {referral.establishment}  "
            f"échéance {referral.due_on:%d/%m/%Y}  {referral.status_label}{outcome}{late}")


def run_list(args, context) -> int:
    from ..core.calls.dates import parse_date
    from ..core.calls.referrals import list_referrals

    today = parse_date(args.on, what="Date") if args.on else None
    found = list_referrals(context, due=args.due, status=args.status, today=today)
    if args.json:
        print(dump([referral_json(referral) for referral in found]))
        return 0
    for referral in found:
        print(_line(referral))
    if not found:
        print("Aucune orientation à échéance." if args.due else "Aucune orientation.")
    return 0


def run_update(args, context) -> int:
    from ..core.calls.referrals import update_referral

    referral = update_referral(context, args.id, status=args.status, outcome=args.outcome, note=args.note)
    print(dump(referral_json(referral)) if args.json else _line(referral))
    return 0
