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

    remind = referral_sub.add_parser("remind", help="relance par courriel les contacts dont l'échéance est passée")
    remind.add_argument("ids", nargs="*", type=int, metavar="N", help="numéros des orientations (sinon --due)")
    remind.add_argument("--due", action="store_true", help="toutes celles dont l'échéance est passée sans réponse")
    remind.add_argument("--send", action="store_true", help="envoie les relances (sinon : les liste seulement)")
    remind.set_defaults(handler=run_remind)


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


def run_remind(args, context) -> int:
    from ..core.errors import UserError
    from ..core.mail.sending import due_for_reminder, queue_reminders
    from .mail_cmds import send_and_report

    if not args.ids and not args.due:
        raise UserError("Indiquez les orientations à relancer (numéros) ou --due.")
    if args.ids and args.due:
        raise UserError("Donnez des numéros d'orientation ou --due, pas les deux.")
    if not args.send:
        for referral in due_for_reminder(context):
            if not args.ids or referral.id in args.ids:
                print(_line(referral))
        return 0
    return send_and_report(context, queue_reminders(context, args.ids or None))
