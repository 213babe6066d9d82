"""`contact absent`: record that a contact is away; routing then offers their backup."""

from __future__ import annotations

from .arg_types import end_day, start_day
from .call_json import dump


def register(sub) -> None:
    contact = sub.add_parser("contact", help="contacts du catalogue : absences")
    contact_sub = contact.add_subparsers(dest="contact_command", metavar="ACTION", required=True,
                                         parser_class=type(contact))
    absent = contact_sub.add_parser("absent", help="déclare une absence (le suppléant est proposé à sa place)")
    absent.add_argument("ref", metavar="CONTACT", help="référence du contact (par exemple C001)")
    absent.add_argument("--from", dest="start", required=True, type=start_day, metavar="DATE",
                        help="premier jour (AAAA-MM-JJ ou JJ/MM/AAAA)")
    absent.add_argument("--to", dest="end", required=True, type=end_day, metavar="DATE", help="dernier jour, inclus")
    absent.add_argument("--reason", metavar="TEXTE", help="motif (facultatif)")
    absent.add_argument("--json", action="store_true", help="sortie JSON")
    absent.set_defaults(handler=run_absent)


def run_absent(args, context) -> int:
    from ..core.calls.contacts import add_absence

    absence = add_absence(context, args.ref, args.start, args.end, args.reason)
    if args.json:
        print(dump({"id": absence.id, "contact": absence.contact_ref, "from": absence.start.isoformat(),
                    "to": absence.end.isoformat(), "backup": absence.backup_ref}))
        return 0
    backup = (f" ; suppléant : {absence.backup_ref} {absence.backup_name}" if absence.backup_ref
              else " ; pas de suppléant au catalogue")
    print(f"{absence.contact_ref} {absence.contact_name} absent du {absence.start:%d/%m/%Y} "
          f"au {absence.end:%d/%m/%Y}{backup}.")
    return 0
