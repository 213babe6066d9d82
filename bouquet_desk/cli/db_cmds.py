"""`db upgrade` and `db check`."""

from __future__ import annotations

import json

from ..core.db import database
from ..core.db.integrity import check
from ..core.db.migrate import head_revision, upgrade


def register(sub) -> None:
    db = sub.add_parser("db", help="schéma et santé de la base")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True, parser_class=type(db))
    up = db_sub.add_parser("upgrade", help="met le schéma à jour (migrations)")
    up.set_defaults(handler=run_upgrade, migrate=False)
    chk = db_sub.add_parser("check", help="intégrité, clés étrangères, schéma à jour ; code 0 si la base est saine")
    chk.add_argument("--json", action="store_true", help="sortie JSON")
    chk.set_defaults(handler=run_check, migrate=False)


def run_upgrade(args, context) -> int:
    applied = upgrade(context.engine)
    where = database.describe(context.url)
    print(f"{where} : schéma {'mis à jour' if applied else 'déjà'} à la version {head_revision()}.")
    return 0


def run_check(args, context) -> int:
    report = check(context.engine)
    if args.json:
        print(json.dumps({"sound": report.sound, "problems": report.problems, **report.facts}, ensure_ascii=False))
    else:
        for key, value in report.facts.items():
            print(f"{key} : {value}")
        for problem in report.problems:
            print(f"PROBLÈME : {problem}")
        print("Base saine." if report.sound else f"{len(report.problems)} problème(s).")
    return 0 if report.sound else 1
