"""The command line: global options, then one subcommand per module of bouquet_desk.cli."""

from __future__ import annotations

import argparse
import re

from importlib import import_module

# Each module adds its subcommands with set_defaults(handler=...); see runner.run_command. They are imported
# only when a subcommand is given, so that opening the window does not pay for every command's imports.
COMMAND_MODULES = [
    "catalogue_cmds", "db_cmds", "search_cmds", "call_cmds", "route_cmds", "referral_cmds", "contact_cmds",
    "company_cmds", "letter_cmds", "mail_cmds", "backup_cmds", "report_cmds", "privacy_cmds", "telephony_cmds",
]


# argparse's own messages, said in French: the program speaks one language.
_FRENCH = [
    (re.compile(r"unrecognized arguments: (.*)"), r"arguments inconnus : \1"),
    (re.compile(r"the following arguments are required: (.*)"), r"arguments obligatoires manquants : \1"),
    (re.compile(r"invalid choice: (.*) \(choose from (.*)\)"), r"choix invalide : \1 (valeurs possibles : \2)"),
    (re.compile(r"expected one argument"), "une valeur attendue"),
    (re.compile(r"expected at least one argument"), "au moins une valeur attendue"),
    (re.compile(r"not allowed with argument (.*)"), r"incompatible avec \1"),
    (re.compile(r"ambiguous option: (.*) could match (.*)"), r"option ambiguë : \1 (possibles : \2)"),
    (re.compile(r"ignored explicit argument (.*)"), r"valeur inattendue \1"),
    (re.compile(r"invalid (\w+) value: (.*)"), r"valeur invalide : \2"),
    (re.compile(r"^argument (\S+): "), r"argument \1 : "),
]


def french(message: str) -> str:
    for pattern, replacement in _FRENCH:
        message = pattern.sub(replacement, message)
    return message


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in the exit-2 convention, a hint to --help, and help in French."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")

    def error(self, message: str):  # noqa: D401 - argparse API
        from ..core.safe_cells import visible

        self.print_usage()
        # argparse quotes the offending token: a raw ESC there would drive the terminal.
        self.exit(2, f"{self.prog}: erreur : {visible(french(message))}\nVoir « {self.prog} --help ».\n")


def build_parser(version: str, *, commands: bool = True) -> Parser:
    parser = Parser(
        prog="bouquet-desk",
        add_help=False,
        description="Bouquet Desk : le standard du Bouquet de services des lycées aux entreprises. "
        "Sans sous-commande, ouvre la fenêtre.",
    )
    parser.add_argument(
        "-h", "--help", action="help" if commands else "store_true", help="affiche cette aide et quitte"
    )
    parser.add_argument("--version", action="version", version=f"bouquet-desk {version}")
    parser.add_argument("--db", metavar="URL", help="base de données (sinon BOUQUET_DESK_DB, sinon la base intégrée)")
    parser.add_argument("--data-dir", metavar="DOSSIER", help="dossier des données de l'utilisateur")
    parser.add_argument("--incoming", metavar="NUMERO",
                        help="ouvre un nouvel appel pour ce numéro, dans la fenêtre déjà ouverte s'il y en a une "
                        "(pour le logiciel de téléphonie)")
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé sur la sortie d'erreur")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=Parser)
    for name in COMMAND_MODULES:
        import_module(f"{__package__}.{name}").register(sub)
    return parser


def parse(version: str, argv: list[str] | None):
    """Global options alone open the window; anything else goes through the full command line."""
    window_only = build_parser(version, commands=False)
    args, rest = window_only.parse_known_args(argv)
    if not rest and not args.help:
        return args
    if len(rest) == 1 and not args.help and not args.incoming:
        from ..core.telephony.uri import is_phone_link, number_from_link

        if is_phone_link(rest[0]):  # `bouquet-desk tel:+33…`: the desktop hands a link, like --incoming
            args.incoming = number_from_link(rest[0])
            if not args.incoming:
                window_only.error(f"le lien « {rest[0]} » ne contient pas de numéro de téléphone")
            return args
    return build_parser(version).parse_args(argv)
