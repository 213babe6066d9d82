"""`call add`, `call list`, `call who`: the call log from the command line, as a telephone system or a
script drives it."""

from __future__ import annotations

from datetime import timedelta

from .arg_types import day, seconds
from .call_json import call_json, dump, local_time, referral_json


def register(sub) -> None:
    call = sub.add_parser("call", help="journal des appels")
    call_sub = call.add_subparsers(dest="call_command", metavar="ACTION", required=True, parser_class=type(call))

    add = call_sub.add_parser("add", help="consigne un appel ; affiche son numéro",
                              description="Consigne un appel. L'appelant est reconnu à son numéro, quelle que "
                              "soit son écriture ; l'entreprise est retrouvée par SIRET ou par nom, sinon créée.")
    add.add_argument("--phone", required=True, metavar="NUMÉRO", help="numéro de l'appelant (toute écriture)")
    add.add_argument("--company", metavar="NOM", help="nom de l'entreprise")
    add.add_argument("--siret", metavar="SIRET", help="SIRET de l'entreprise (14 chiffres)")
    add.add_argument("--commune", metavar="COMMUNE", help="commune de l'entreprise, si elle est nouvelle")
    add.add_argument("--address", metavar="ADRESSE",
                     help="adresse postale de l'entreprise (numéro et rue ; lignes séparées par « | »), si elle "
                     "est nouvelle ou n'en a pas encore")
    add.add_argument("--postal-code", metavar="CP", help="code postal de l'entreprise (cinq chiffres)")
    add.add_argument("--caller-name", metavar="NOM", help="nom de la personne qui appelle")
    add.add_argument("--email", metavar="ADRESSE", help="e-mail de la personne qui appelle")
    add.add_argument("--category", required=True, metavar="CATÉGORIE",
                     help="PFMP, APPRENTISSAGE, RECRUTEMENT, FORMATION_CONTINUE, LOCAUX, TAXE, PARTENARIAT, "
                     "HORS_PERIMETRE")
    add.add_argument("--direction", default="incoming", metavar="SENS", help="incoming (défaut), outgoing, missed")
    add.add_argument("--duration", type=seconds, metavar="SECONDES", help="durée de l'appel terminé")
    add.add_argument("--note", default="", metavar="TEXTE", help="notes de l'opérateur")
    add.add_argument("--query", default="", metavar="TEXTE", help="termes recherchés pendant l'appel")
    add.add_argument("--item", action="append", default=[], metavar="UAI/CODE",
                     help="élément du catalogue évoqué (UAI/CFD ou UAI/CODE), répétable")
    add.add_argument("--outcome", metavar="ISSUE", help="referred, informed, uncovered, callback")
    add.add_argument("--follow-up", type=day, metavar="DATE", help="date de relance (AAAA-MM-JJ ou JJ/MM/AAAA)")
    add.add_argument("--refer", nargs="+", default=[], metavar="CONTACT",
                     help="référence(s) des contacts vers qui orienter (une orientation chacun)")
    add.add_argument("--json", action="store_true", help="sortie JSON")
    add.set_defaults(handler=run_add)

    lst = call_sub.add_parser("list", help="liste les appels, du plus récent au plus ancien")
    lst.add_argument("--phone", metavar="NUMÉRO", help="appels de ce numéro (toute écriture)")
    lst.add_argument("--since", type=day, metavar="DATE", help="appels depuis cette date (AAAA-MM-JJ ou JJ/MM/AAAA)")
    lst.add_argument("--category", metavar="CATÉGORIE", help="appels de cette catégorie")
    lst.add_argument("--json", action="store_true", help="sortie JSON")
    lst.set_defaults(handler=run_list)

    who = call_sub.add_parser("who", help="reconnaît un numéro : appelant, entreprise, appels et orientations")
    who.add_argument("phone", metavar="NUMÉRO", help="numéro (toute écriture)")
    who.add_argument("--json", action="store_true", help="sortie JSON")
    who.set_defaults(handler=run_who)


def address_lines(text: str | None) -> str | None:
    """An address on the command line: its lines separated by « | » (a shell argument holds no line break)."""
    return None if text is None else "\n".join(part.strip() for part in text.split("|"))


def run_add(args, context) -> int:
    from ..core.calls.calls import NewCall, log_call
    from ..core.calls.dates import parse_date
    from ..core.calls.items import resolve_refs
    from ..core.db.base import utcnow
    from ..core.errors import UserError

    formation_ids, resource_ids = resolve_refs(context, args.item)
    started = ended = None
    if args.duration is not None:
        if args.duration < 0:
            raise UserError("La durée d'un appel ne peut pas être négative.")
        ended = utcnow()
        started = ended - timedelta(seconds=args.duration)
    call = log_call(context, NewCall(
        category=args.category, phone=args.phone, caller_name=args.caller_name, caller_email=args.email,
        company_name=args.company, siret=args.siret, commune=args.commune, direction=args.direction,
        company_address=address_lines(args.address), company_postal_code=args.postal_code,
        started_at=started, ended_at=ended, notes=args.note, search_terms=args.query, outcome=args.outcome,
        follow_up_on=parse_date(args.follow_up, what="Date de relance") if args.follow_up else None,
        formation_ids=formation_ids, resource_ids=resource_ids, refer_to=tuple(args.refer),
    ))
    if args.json:
        print(dump({"id": call.id, "caller_id": call.caller_id, "company_id": call.company_id,
                    "referrals": [{"id": r.id, "contact": r.contact_ref, "due_on": r.due_on.isoformat()}
                                  for r in call.referrals]}))
    else:
        print(call.id)
    return 0


def run_list(args, context) -> int:
    from ..core.calls.calls import list_calls
    from ..core.calls.dates import parse_date

    since = parse_date(args.since, what="Date de début") if args.since else None
    calls = list_calls(context, phone=args.phone, since=since, category=args.category)
    if args.json:
        print(dump([call_json(call) for call in calls]))
        return 0
    for call in calls:
        who = " – ".join(part for part in (call.caller, call.company) if part) or "inconnu"
        outcome = f" → {call.outcome_label}" if call.outcome else ""
        print(f"n° {call.id}  {local_time(call.started_at)[:16].replace('T', ' ')}  {call.phone_display or '-'}  "
              f"{who}  [{call.category_label}]{outcome}")
        for referral in call.referrals:
            print(f"    orientation n° {referral.id} : {referral.contact_name} ({referral.establishment}), "
                  f"{referral.status_label}, échéance {referral.due_on:%d/%m/%Y}")
    if not calls:
        print("Aucun appel.")
    return 0


def run_who(args, context) -> int:
    from ..core.calls.recognition import recognise

    found = recognise(context, args.phone)
    if args.json:
        print(dump({
            "phone": found.phone,
            "caller": {"id": found.caller.id, "name": found.caller.name, "email": found.caller.email}
            if found.caller else None,
            "callers": [{"id": c.id, "name": c.name} for c in found.callers],
            "company": {"id": found.company.id, "name": found.company.name, "siret": found.company.siret,
                        "commune": found.company.commune} if found.company else None,
            "previous_calls": [call_json(call) for call in found.previous_calls],
            "open_referrals": [referral_json(referral) for referral in found.open_referrals],
        }))
        return 0
    if not found.known:
        print(f"{found.phone_display} : numéro inconnu.")
        return 0
    print(f"{found.phone_display} : {found.caller.name if found.caller and found.caller.name else 'appelant sans nom'}"
          + (f" – {found.company.name}" if found.company else ""))
    print(f"{len(found.previous_calls)} appel(s) précédent(s), {len(found.open_referrals)} orientation(s) en cours.")
    for referral in found.open_referrals:
        print(f"    orientation n° {referral.id} : {referral.contact_name} ({referral.establishment}), "
              f"{referral.status_label}, échéance {referral.due_on:%d/%m/%Y}")
    return 0
