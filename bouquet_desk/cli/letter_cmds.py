"""`letter`: the follow-up letter of a call (and the notices to its contacts), or every letter not sent yet."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import UserError
from .arg_types import record_id


def register(sub) -> None:
    letter = sub.add_parser(
        "letter", help="courrier de mise en relation d'un appel, ou tous les courriers à envoyer",
        description="Rédige la lettre qui confirme la mise en relation à l'entreprise (--to company) ou les avis "
        "aux contacts (--to contact, un par orientation) ; le .docx est archivé avec l'appel. Avec --pending, "
        "rédige tous les courriers des appels dont aucun courrier n'est encore envoyé, les écrit dans un dossier "
        "(.docx, .pdf, brouillon .eml) et les marque envoyés.",
    )
    letter.add_argument("call_id", nargs="?", type=record_id, metavar="APPEL", help="numéro de l'appel")
    letter.add_argument("--out", type=Path, metavar="FICHIER.docx", help="le courrier au format Word")
    letter.add_argument("--pdf", type=Path, metavar="FICHIER.pdf", help="aussi en PDF (LibreOffice)")
    letter.add_argument("--eml", type=Path, metavar="FICHIER.eml",
                        help="aussi un brouillon de courriel avec le PDF joint")
    letter.add_argument("--template", metavar="NOM", help="modèle (nom ou fichier .docx) ; par défaut selon la "
                        "catégorie de l'appel ; voir --templates")
    letter.add_argument("--to", choices=("company", "contact"), default="company",
                        help="destinataire : l'entreprise (défaut) ou les contacts ; plusieurs avis sont "
                        "numérotés FICHIER-1.docx, FICHIER-2.docx…")
    letter.add_argument("--pending", action="store_true", help="tous les courriers pas encore envoyés")
    letter.add_argument("--out-dir", type=Path, metavar="DOSSIER", help="dossier de sortie de --pending")
    letter.add_argument("--no-pdf", action="store_true", help="avec --pending : sans PDF (courriels avec le .docx)")
    letter.add_argument("--templates", action="store_true", help="liste les modèles disponibles")
    letter.add_argument("--send", action="store_true",
                        help="envoie par courriel la lettre (PDF joint) à l'entreprise et l'avis à chaque contact "
                        "(avec --pending : ceux de tous les appels en attente) ; voir bouquet-desk mail setup")
    letter.set_defaults(handler=run_letter)


def run_letter(args, context) -> int:
    if args.templates:
        return _list_templates()
    if args.send:
        return _send_by_mail(args, context)
    if args.pending:
        return _send_pending(args, context)
    if args.call_id is None:
        raise UserError("Indiquez le numéro de l'appel (bouquet-desk letter APPEL --out FICHIER.docx), "
                        "ou --pending --out-dir DOSSIER.")
    if args.out is None and args.pdf is None and args.eml is None:
        raise UserError("Indiquez où écrire le courrier : --out FICHIER.docx (et/ou --pdf, --eml).")
    from ..core.letters import create_letters, export_letter

    letters = create_letters(context, args.call_id, to=args.to, template=args.template)
    for number, info in enumerate(letters, start=1):
        def target(path: Path | None) -> Path | None:
            if path is None or len(letters) == 1:
                return path
            return path.with_name(f"{path.stem}-{number}{path.suffix}")

        written = export_letter(context, info.id, docx=target(args.out), pdf=target(args.pdf), eml=target(args.eml))
        print(f"{info.label} (courrier n° {info.id}, modèle {info.template}) : "
              + ", ".join(str(path) for path in written))
    return 0


def _list_templates() -> int:
    from ..core.letters import list_templates

    for ref in list_templates():
        origin = "personnalisé" if ref.custom else "fourni"
        print(f"{ref.name}\t{origin}\t{ref.path}")
    return 0


def _send_pending(args, context) -> int:
    if args.out_dir is None:
        raise UserError("--pending demande --out-dir DOSSIER.")
    if args.call_id is not None:
        raise UserError("--pending traite tous les appels : n'indiquez pas de numéro d'appel.")
    from ..core.letters import send_pending
    from ..core.progress import no_progress
    from .runner import terminal_progress

    result = send_pending(context, args.out_dir, pdf=not args.no_pdf, progress=terminal_progress() or no_progress)
    if not result.call_ids:
        print("Aucun courrier en attente.")
        return 0
    print(f"{len(result.letters)} courrier(s) pour {len(result.call_ids)} appel(s), marqués envoyés, "
          f"dans {args.out_dir} :")
    for info in result.letters:
        print(f"  appel n° {info.call_id} – {info.label}")
    return 0


def _send_by_mail(args, context) -> int:
    from ..core.mail.sending import queue_call, queue_pending
    from .mail_cmds import send_and_report

    if args.pending:
        if args.call_id is not None:
            raise UserError("--pending traite tous les appels : n'indiquez pas de numéro d'appel.")
        return send_and_report(context, queue_pending(context))
    if args.call_id is None:
        raise UserError("Indiquez le numéro de l'appel (bouquet-desk letter APPEL --send), ou --pending --send.")
    return send_and_report(context, queue_call(context, args.call_id))
