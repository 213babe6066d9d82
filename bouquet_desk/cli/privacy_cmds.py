"""`privacy purge`, `privacy export`, `privacy erase` and `privacy log`: personal data by the rules (RGPD)."""

from __future__ import annotations

from pathlib import Path

from ..core.calls.dates import format_date, parse_date
from ..core.reports.period import utc_to_local
from .arg_types import count, day


def register(sub) -> None:
    privacy = sub.add_parser("privacy", help="données personnelles (RGPD) : purge, export, effacement, journal")
    actions = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True,
                                     parser_class=type(privacy))
    purge = actions.add_parser(
        "purge", help="anonymise les appelants dont le dernier contact dépasse la durée de conservation",
        description="Anonymise nom, téléphone, e-mail et détails personnels des notes des appelants sans contact "
        "depuis la durée de conservation (3 ans par défaut) ; les appels restent comptés dans les statistiques.",
    )
    purge.add_argument("--before", type=day, metavar="DATE", help="anonymiser les derniers contacts antérieurs à cette date "
                       "(AAAA-MM-JJ ou JJ/MM/AAAA) au lieu de la durée de conservation")
    purge.add_argument("--dry-run", action="store_true", help="compter sans rien modifier")
    purge.set_defaults(handler=run_purge)

    export = actions.add_parser("export", help="tout ce qui est enregistré sur une personne, en JSON")
    _person_options(export)
    export.add_argument("--out", required=True, metavar="FICHIER.json", help="fichier à écrire")
    export.set_defaults(handler=run_export)

    erase = actions.add_parser("erase", help="anonymise une personne maintenant (droit à l'effacement)")
    _person_options(erase)
    erase.set_defaults(handler=run_erase)

    log = actions.add_parser("log", help="journal des exports, effacements et purges")
    log.add_argument("--limit", type=count, default=50, help="nombre de lignes (défaut 50)")
    log.set_defaults(handler=run_log)


def _person_options(parser) -> None:
    parser.add_argument("--phone", required=True, metavar="NUMÉRO", help="numéro de la personne (ex. 03 21 77 88 99)")
    parser.add_argument("--nom", metavar="NOM", help="nom de la personne, quand plusieurs partagent le numéro")


def run_purge(args, context) -> int:
    from ..core.privacy.retention import purge

    before = parse_date(args.before, what="Date --before") if args.before else None
    result = purge(context, before=before, dry_run=args.dry_run)
    verb = "seraient anonymisés" if result.dry_run else "anonymisés"
    print(f"Derniers contacts avant le {format_date(result.cutoff)} : {result.anonymised.describe()} {verb}.")
    return 0


def run_export(args, context) -> int:
    from ..core.privacy.subject import export_person

    result = export_person(context, args.phone, Path(args.out), name=args.nom)
    print(f"Données exportées dans {result.path} : {result.callers} fiche(s) d'appelant, {result.calls} appel(s), "
          f"{result.referrals} orientation(s), {result.letters} courrier(s). Export inscrit au journal.")
    return 0


def run_erase(args, context) -> int:
    from ..core.privacy.subject import erase_person

    result = erase_person(context, args.phone, name=args.nom)
    print(f"Personne anonymisée : {result.anonymised.describe()}. Effacement inscrit au journal.")
    return 0


def run_log(args, context) -> int:
    from ..core.privacy.audit import audit_log

    entries = audit_log(context.sessions, limit=max(1, args.limit))
    if not entries:
        print("Aucun export, effacement ni purge enregistré.")
    for entry in entries:
        subject = f"fiche n° {entry.caller_id}" if entry.caller_id else "plusieurs fiches"
        when = utc_to_local(entry.at).strftime("%d/%m/%Y %H:%M")
        print(f"{when}  {entry.who or '-'}  {entry.action_label}  {subject}  {entry.summary}")
    return 0
