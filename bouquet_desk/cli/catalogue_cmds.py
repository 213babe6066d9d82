"""`import`, `export` and `demo`: the catalogue exchange from the command line."""

from __future__ import annotations

import json

from .runner import terminal_progress


def register(sub) -> None:
    imp = sub.add_parser(
        "import",
        help="importe un catalogue (.xlsx, dossier ou .zip de CSV) ; tout ou rien",
        description="Importe un catalogue au format d'échange. Un classeur qui contient la moindre erreur "
        "n'importe rien et toutes ses erreurs sont listées (code de sortie 2).",
    )
    imp.add_argument("path", metavar="CHEMIN", help="classeur .xlsx, dossier ou archive .zip de fichiers CSV")
    imp.add_argument("--dry-run", action="store_true", help="vérifie et compte sans rien écrire")
    imp.add_argument("--json", action="store_true", help="compte rendu en JSON sur la sortie standard")
    imp.set_defaults(handler=run_import)

    exp = sub.add_parser("export", help="exporte le catalogue vivant dans un classeur .xlsx")
    exp.add_argument("path", metavar="CHEMIN.xlsx", help="classeur à écrire (remplacé s'il existe)")
    exp.set_defaults(handler=run_export)

    demo = sub.add_parser("demo", help="charge le catalogue de démonstration (sans effet s'il est déjà chargé)")
    demo.set_defaults(handler=run_demo)


def run_import(args, context) -> int:
    # Imported here, not at the top: building the parser must stay cheap for the window's start.
    from ..core.catalogue import CatalogueError, import_catalogue

    try:
        report = import_catalogue(context, args.path, progress=terminal_progress(), dry_run=args.dry_run)
    except CatalogueError as exc:
        if args.json:
            print(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2))
        raise  # the runner lists every error on stderr and exits with 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.summary_lines()))
    return 0


def run_export(args, context) -> int:
    from ..core.catalogue import export_catalogue

    report = export_catalogue(context.sessions, args.path, progress=terminal_progress())
    print("\n".join(report.summary_lines()))
    return 0


def run_demo(args, context) -> int:
    from ..core.catalogue.demo import load_demo

    report = load_demo(context, progress=terminal_progress())
    print("\n".join(report.summary_lines()))
    return 0

