"""`backup FILE` and `restore FILE --yes`."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    backup = sub.add_parser(
        "backup",
        help="sauvegarde la base dans un fichier (SQLite : copie à chaud ; PostgreSQL : pg_dump)",
        description="Sauvegarde la base. La base intégrée (SQLite) est copiée à chaud par l'API de sauvegarde "
        "de SQLite ; une base PostgreSQL est sauvegardée par pg_dump au format « custom », à restaurer avec "
        "pg_restore (voir docs/operations.md). Le fichier n'est lisible que par vous.",
    )
    backup.add_argument("path", metavar="FICHIER", help="fichier à écrire (remplacé s'il existe)")
    backup.set_defaults(handler=run_backup, migrate=False)

    restore = sub.add_parser(
        "restore",
        help="remplace la base intégrée par une sauvegarde (garde d'abord une copie de la base actuelle)",
        description="Remplace la base intégrée (SQLite) par une sauvegarde, après l'avoir vérifiée (base SQLite "
        "intacte, schéma de Bouquet Desk, pas plus récent que ce programme). La base actuelle est d'abord "
        "copiée dans le dossier backups des données. Fermez la fenêtre sur tous les postes qui utilisent "
        "cette base.",
    )
    restore.add_argument("path", metavar="FICHIER", help="sauvegarde à restaurer (.db)")
    restore.add_argument("--yes", action="store_true", help="confirme le remplacement de la base actuelle")
    restore.set_defaults(handler=run_restore, migrate=False)


def run_backup(args, context) -> int:
    from ..core.db.database import describe
    from ..core.ops.backup import backup_database

    result = backup_database(context, Path(args.path))
    print(f"{describe(context.url)} sauvegardée dans {result.path} ({result.size / 1e6:.1f} Mo).")
    return 0


def run_restore(args, context) -> int:
    from ..core.db.database import describe
    from ..core.errors import UserError
    from ..core.ops.backup import check_backup, restore_database, sqlite_path

    if sqlite_path(context.engine) is None:
        raise UserError(
            "restore ne concerne que la base intégrée (SQLite). Une base PostgreSQL se restaure avec "
            "pg_restore --clean (voir docs/operations.md)."
        )
    revision = check_backup(args.path)  # a bad file is refused before any question
    if not args.yes:
        raise UserError(
            f"{args.path} (schéma {revision}) remplacerait la base {describe(context.url)} : "
            "ajoutez --yes pour confirmer."
        )
    result = restore_database(context, args.path)
    print(f"Base {describe(context.url)} restaurée depuis {result.restored_from}"
          + (" et mise à jour du schéma." if result.upgraded else "."))
    print(f"La base d'avant la restauration est gardée dans {result.previous_copy}.")
    return 0
