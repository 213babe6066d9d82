"""`mail setup`, `mail test`, `mail outbox`, `mail flush`: the SMTP server of this PC and the outbox."""

from __future__ import annotations

import sys

from ..core.errors import UserError
from .call_json import dump


def register(sub) -> None:
    mail = sub.add_parser("mail", help="courriels : serveur d'envoi, test, boîte d'envoi")
    mail_sub = mail.add_subparsers(dest="mail_command", metavar="ACTION", required=True, parser_class=type(mail))
    setup = mail_sub.add_parser(
        "setup", help="règle le serveur d'envoi (SMTP) de ce poste",
        description="Enregistre le serveur SMTP dans les réglages ; le mot de passe va dans le trousseau du "
        "système, jamais dans settings.json ni dans le journal.")
    setup.add_argument("--host", required=True, metavar="SERVEUR", help="serveur SMTP (smtp.exemple.fr)")
    setup.add_argument("--port", required=True, type=int, metavar="PORT", help="587 (STARTTLS), 465 (SSL), 25")
    setup.add_argument("--security", required=True, choices=("none", "starttls", "ssl"),
                       help="chiffrement de la connexion")
    setup.add_argument("--sender", required=True, metavar="ADRESSE", help="adresse de l'expéditeur")
    setup.add_argument("--user", default="", metavar="UTILISATEUR", help="identifiant (vide : sans authentification)")
    setup.add_argument("--reply-to", default="", metavar="ADRESSE", help="adresse de réponse, si autre")
    setup.add_argument("--password-stdin", action="store_true",
                       help="lit le mot de passe sur l'entrée standard (sinon il est demandé au terminal)")
    setup.set_defaults(handler=run_setup)

    test = mail_sub.add_parser("test", help="envoie un courriel de test")
    test.add_argument("--to", required=True, metavar="ADRESSE", help="destinataire du test")
    test.set_defaults(handler=run_test)

    box = mail_sub.add_parser("outbox", help="la boîte d'envoi : chaque courriel et son statut")
    box.add_argument("--status", choices=("pending", "sending", "sent", "failed", "cancelled"),
                     help="seulement ce statut")
    box.add_argument("--json", action="store_true", help="sortie JSON")
    box.set_defaults(handler=run_outbox)

    flush = mail_sub.add_parser("flush", help="envoie ce qui attend dans la boîte d'envoi")
    flush.add_argument("--json", action="store_true", help="sortie JSON")
    flush.set_defaults(handler=run_flush)

    retry = mail_sub.add_parser("retry", help="remet des courriels en tête de file (puis flush)")
    retry.add_argument("ids", nargs="+", type=int, metavar="N", help="numéros des courriels")
    retry.set_defaults(handler=run_retry)

    cancel = mail_sub.add_parser("cancel", help="retire des courriels non envoyés de la boîte d'envoi")
    cancel.add_argument("ids", nargs="+", type=int, metavar="N", help="numéros des courriels")
    cancel.set_defaults(handler=run_cancel)


def _password(args) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if args.user and sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"Mot de passe SMTP de {args.user} : ")
    return None  # no way to ask: the password already stored (if any) is kept


def run_setup(args, context) -> int:
    from ..core.mail.config import setup

    config = setup(context, host=args.host, port=args.port, security=args.security, sender=args.sender,
                   user=args.user, reply_to=args.reply_to, password=_password(args))
    print(f"Serveur d'envoi enregistré : {config.describe()}, expéditeur {config.sender}"
          + (" (mot de passe dans le trousseau)." if config.password else "."))
    if config.user and not config.password:
        print("Attention : aucun mot de passe enregistré pour cet identifiant (--password-stdin).", file=sys.stderr)
    return 0


def run_test(args, context) -> int:
    from ..core.mail.compose import test_message
    from ..core.mail.config import require_config
    from ..core.mail.smtp import ServerUnavailable, send_now

    config = require_config(context.settings)
    try:
        outcome = send_now(config, test_message(config, args.to, context.operator))
    except ServerUnavailable as exc:
        raise UserError(exc.answer) from None
    if outcome.status != "sent":
        raise UserError(f"Le serveur {config.host} refuse le courriel de test pour {args.to} : {outcome.answer}")
    print(f"Courriel de test envoyé à {args.to} par {config.describe()} ({outcome.answer}).")
    return 0


def outbox_json(item) -> dict:
    return {
        "id": item.id, "kind": item.kind, "status": item.status, "to": item.to_address, "subject": item.subject,
        "call_id": item.call_id, "referral_id": item.referral_id, "letter_id": item.letter_id,
        "created_at": item.created_at.isoformat(timespec="seconds"), "attempts": item.attempts,
        "next_attempt_at": item.next_attempt_at.isoformat(timespec="seconds") if item.next_attempt_at else None,
        "sent_at": item.sent_at.isoformat(timespec="seconds") if item.sent_at else None, "answer": item.answer,
    }


def outbox_line(item) -> str:
    when = f" le {item.sent_at:%d/%m/%Y %H:%M} UTC" if item.sent_at else ""
    answer = f" — {item.answer}" if item.answer and item.status != "sent" else ""
    return (f"n° {item.id}  {item.status_label}{when}  {item.kind_label} (appel n° {item.call_id}) → "
            f"{item.to_address}  « {item.subject} »  {item.attempts} tentative(s){answer}")


def run_outbox(args, context) -> int:
    from ..core.mail.outbox import list_outbox

    items = list_outbox(context, status=args.status)
    if args.json:
        print(dump([outbox_json(item) for item in items]))
        return 0
    for item in items:
        print(outbox_line(item))
    if not items:
        print("La boîte d'envoi est vide.")
    return 0


def report_flush(result, *, as_json: bool = False) -> int:
    if as_json:
        print(dump({"sent": [outbox_json(i) for i in result.sent], "failed": [outbox_json(i) for i in result.failed],
                    "waiting": [outbox_json(i) for i in result.waiting], "error": result.error}))
        return 0
    for item in (*result.sent, *result.failed, *result.waiting):
        print(outbox_line(item))
    if result.error:
        print(f"Envoi interrompu : {result.error} Les courriels restent dans la boîte d'envoi et repartiront "
              "(bouquet-desk mail flush, ou la fenêtre ouverte).", file=sys.stderr)
    print(f"{len(result.sent)} envoyé(s), {len(result.failed)} en échec, {len(result.waiting)} en attente.")
    return 0


def run_flush(args, context) -> int:
    from ..core.mail.outbox import flush

    return report_flush(flush(context, force=True), as_json=args.json)


def run_retry(args, context) -> int:
    from ..core.mail.outbox import flush, retry

    retry(context, args.ids)
    return report_flush(flush(context, ids=args.ids))


def run_cancel(args, context) -> int:
    from ..core.mail.outbox import cancel

    for item in cancel(context, args.ids):
        print(outbox_line(item))
    return 0


def send_and_report(context, result) -> int:
    """Flushes what was just queued and says what left, what waits and what was skipped (letter/referral --send)."""
    from ..core.mail.outbox import flush

    for reason in result.skipped:
        print(f"bouquet-desk: {reason}", file=sys.stderr)
    if not result.queued:
        if result.skipped and not all("déjà envoyés" in text for text in result.skipped):
            return 2
        print("Rien à envoyer.")
        return 0
    return report_flush(flush(context, ids=[item.id for item in result.queued]))
