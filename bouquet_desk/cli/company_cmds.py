"""`company duplicates` and `company merge`: doubled companies and callers, merged without losing a call;
`company edit`: a company's name, SIRET and postal address (the letters print it)."""

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

    edit = company_sub.add_parser("edit", help="modifie une entreprise : nom, SIRET, adresse postale",
                                  description="Modifie une entreprise ; seules les options données changent "
                                  "(une valeur vide efface). L'adresse paraît dans les courriers.")
    edit.add_argument("company_id", type=int, metavar="NUMÉRO", help="numéro de l'entreprise")
    edit.add_argument("--name", metavar="NOM", help="raison sociale")
    edit.add_argument("--siret", metavar="SIRET", help="SIRET (14 chiffres)")
    edit.add_argument("--address", metavar="ADRESSE", help="numéro et rue ; lignes séparées par « | »")
    edit.add_argument("--postal-code", metavar="CP", help="code postal (cinq chiffres)")
    edit.add_argument("--commune", metavar="COMMUNE", help="commune (nom, code postal ou code INSEE)")
    edit.add_argument("--json", action="store_true", help="sortie JSON")
    edit.set_defaults(handler=run_edit)


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


def run_edit(args, context) -> int:
    from ..core.calls.companies import update_company
    from ..core.errors import UserError
    from .call_cmds import address_lines

    values = {key: value for key, value in (("name", args.name), ("siret", args.siret),
                                            ("address", address_lines(args.address)),
                                            ("postal_code", args.postal_code), ("commune", args.commune))
              if value is not None}
    if not values:
        raise UserError("Rien à modifier : donnez au moins --name, --siret, --address, --postal-code ou --commune.")
    company = update_company(context, args.company_id, **values)
    if args.json:
        print(dump({"id": company.id, "name": company.name, "siret": company.siret, "address": company.address,
                    "postal_code": company.postal_code, "commune": company.commune}))
        return 0
    place = " ".join(part for part in (company.postal_code, company.commune) if part)
    lines = [company.name, *(company.address or "").split("\n"), place]
    print(f"Entreprise n° {company.id} : " + " / ".join(line for line in lines if line))
    return 0
