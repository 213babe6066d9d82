"""`telephony url`, `telephony test`, `telephony register`: connecting the telephone system to the window."""

from __future__ import annotations


def register(sub) -> None:
    tel = sub.add_parser("telephony", help="raccordement au standard téléphonique")
    tel_sub = tel.add_subparsers(dest="telephony_command", metavar="ACTION", required=True, parser_class=type(tel))

    url = tel_sub.add_parser("url", help="affiche l'adresse à donner au standard téléphonique (Zammad CTI)",
                             description="Affiche l'URL des événements d'appel de la fenêtre, pour ce dossier de "
                             "données. Le jeton est créé au premier usage.")
    url.set_defaults(handler=run_url, migrate=False)

    test = tel_sub.add_parser("test", help="joue une sonnerie, un décroché et un raccroché dans la fenêtre ouverte")
    test.add_argument("--from", dest="number", required=True, metavar="NUMÉRO", help="numéro de l'appelant simulé")
    test.add_argument("--missed", action="store_true", help="l'appelant raccroche avant qu'on décroche (appel manqué)")
    test.add_argument("--ring", type=float, default=1.0, metavar="SECONDES", help="durée de la sonnerie (défaut 1)")
    test.add_argument("--talk", type=float, default=2.0, metavar="SECONDES", help="durée de la conversation (défaut 2)")
    test.set_defaults(handler=run_test, migrate=False)

    reg = tel_sub.add_parser("register", help="Windows : ouvre les liens tel: et callto: avec Bouquet Desk",
                             description="Écrit dans le registre de l'utilisateur (HKCU) les protocoles tel: et "
                             "callto: ; sans droits d'administrateur. Windows seulement.")
    reg.add_argument("--print", dest="show", action="store_true",
                     help="affiche les clés sans les écrire (tout système)")
    reg.set_defaults(handler=run_register, migrate=False)


def run_url(args, context) -> int:
    from ..core.telephony import endpoint

    endpoint.check_settings(context.settings)
    print(endpoint.url(context.settings))
    if endpoint.listens_beyond_loopback(context.settings):
        print("Attention : la fenêtre écoute au-delà de ce poste ; seuls les clients autorisés dans les "
              "Préférences sont acceptés.")
    return 0


def run_test(args, context) -> int:
    from ..core.errors import UserError
    from ..core.telephony import client, endpoint

    if args.ring < 0 or args.talk < 0:
        raise UserError("Les durées --ring et --talk ne peuvent pas être négatives.")
    settings = context.settings
    endpoint.check_settings(settings)
    if not settings.telephony_enabled:
        raise UserError("La téléphonie est désactivée dans les Préférences.")
    url = endpoint.url(settings, local=True)
    done = client.play_call(url, args.number, ring_s=args.ring, talk_s=args.talk, answered=not args.missed,
                            report=lambda event, status: print(f"{event} : {status}"))
    failed = [status for _event, status in done if status != 200]
    if failed:
        raise UserError(f"La fenêtre a refusé l'événement (HTTP {failed[0]}) : vérifiez le jeton "
                        "(`bouquet-desk telephony url`) et le dossier de données.")
    return 0


def run_register(args, context) -> int:
    from ..core.telephony import protocols

    if args.show:
        entries = protocols.registry_entries(protocols.current_command())
    else:
        entries = protocols.register()
    for key, name, data in entries:
        print(f"HKCU\\{key}  [{name or '(par défaut)'}] = {data}")
    return 0
