"""The command line: global options, then one subcommand per module of bouquet_desk.cli."""

from __future__ import annotations

import argparse

from . import catalogue_cmds, db_cmds, search_cmds
from . import call_cmds, company_cmds, contact_cmds, referral_cmds, route_cmds
from . import letter_cmds
from . import backup_cmds
from . import privacy_cmds, report_cmds

# Each module adds its subcommands with set_defaults(handler=...); see runner.run_command.
COMMAND_MODULES = [catalogue_cmds, db_cmds, search_cmds, call_cmds, route_cmds, referral_cmds, contact_cmds,
                   company_cmds, letter_cmds]
COMMAND_MODULES.append(backup_cmds)
COMMAND_MODULES += [report_cmds, privacy_cmds]


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in the exit-2 convention and a hint to --help."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage()
        self.exit(2, f"{self.prog}: erreur : {message}\nVoir « {self.prog} --help ».\n")


def build_parser(version: str) -> Parser:
    parser = Parser(
        prog="bouquet-desk",
        description="Bouquet Desk : le standard du Bouquet de services des lycées aux entreprises. "
        "Sans sous-commande, ouvre la fenêtre.",
    )
    parser.add_argument("--version", action="version", version=f"bouquet-desk {version}")
    parser.add_argument("--db", metavar="URL", help="base de données (sinon BOUQUET_DESK_DB, sinon la base intégrée)")
    parser.add_argument("--data-dir", metavar="DOSSIER", help="dossier des données de l'utilisateur")
    parser.add_argument("--incoming", metavar="NUMERO",
                        help="ouvre un nouvel appel pour ce numéro, dans la fenêtre déjà ouverte s'il y en a une "
                        "(pour le logiciel de téléphonie)")
    parser.add_argument("-v", "--verbose", action="store_true", help="journal détaillé sur la sortie d'erreur")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser
