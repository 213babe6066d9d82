"""`report` (the activity report for the yearly seminar), `unmet` (the unmet-demand register) and
`catalogue-doc` (the yearly "who does what and where")."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from ..core.errors import UserError
from ..core.ops.failures import os_reason
from ..core.ops.scratch import scratch_prefix, scratch_root
from ..core.reports.area import COMMUNE, TERRITORY, Area, available_areas
from ..core.reports.period import Period
from ..core.reports.tables import DATE, format_cell
from .arg_types import end_day, start_day


def register(sub) -> None:
    report = sub.add_parser(
        "report", help="rapport d'activité (Word) pour le séminaire annuel",
        description="Rapport d'activité : appels par mois et catégorie, orientations par établissement, "
        "résultats, délais de réponse, besoins non couverts ; tableaux et graphiques.",
    )
    _period_options(report)
    where = report.add_mutually_exclusive_group()
    where.add_argument("--territoire", metavar="NOM", help="limiter à un territoire (ex. « CA Lens-Liévin »)")
    where.add_argument("--commune", metavar="NOM", help="limiter aux établissements d'une commune")
    report.add_argument("--out", required=True, metavar="FICHIER.docx", help="document Word à écrire")
    report.add_argument("--pdf", metavar="FICHIER.pdf", help="écrire aussi le PDF (LibreOffice)")
    report.add_argument("--csv", metavar="FICHIER.csv", help="écrire aussi les tableaux en CSV")
    report.add_argument("--xlsx", metavar="FICHIER.xlsx", help="écrire aussi les tableaux en classeur Excel")
    report.set_defaults(handler=run_report)

    unmet = sub.add_parser(
        "unmet", help="besoins non couverts : appels sans réponse du réseau et recherches sans résultat",
    )
    _period_options(unmet)
    unmet.add_argument("--json", action="store_true", help="sortie JSON")
    unmet.set_defaults(handler=run_unmet)

    book = sub.add_parser(
        "catalogue-doc", help="catalogue annuel « qui fait quoi et où » (Word, PDF)",
        description="Le catalogue du réseau tel qu'il est dans la base : par établissement son adresse, ses "
        "contacts, formations et ressources, avec un index par métier et par domaine.",
    )
    book.add_argument("--out", required=True, metavar="FICHIER.docx", help="document Word à écrire")
    book.add_argument("--pdf", metavar="FICHIER.pdf", help="écrire aussi le PDF (LibreOffice)")
    book.add_argument("--edition", metavar="TITRE", help="titre de l'édition (par défaut : l'année scolaire)")
    book.set_defaults(handler=run_catalogue_doc)


def _period_options(parser) -> None:
    parser.add_argument("--from", dest="start", type=start_day, metavar="DATE",
                        help="premier jour (AAAA-MM-JJ ou JJ/MM/AAAA ; défaut : 1er septembre de l'année scolaire)")
    parser.add_argument("--to", dest="end", type=end_day, metavar="DATE",
                        help="dernier jour inclus (défaut : 31 août de l'année scolaire)")


def _docx_path(text: str, option: str) -> Path:
    path = Path(text)
    if path.suffix.lower() != ".docx":
        raise UserError(f"{option} attend un fichier .docx (reçu : « {text} »).")
    return path


def _area(args, context) -> Area | None:
    kind, name = (TERRITORY, args.territoire) if args.territoire else (COMMUNE, args.commune) if args.commune else (None, None)
    if kind is None:
        return None
    known = [area for area in available_areas(context.sessions) if area.kind == kind]
    for area in known:
        if area.name.casefold() == name.strip().casefold():
            return area
    listed = ", ".join(area.name for area in known) or "aucun dans la base"
    what = "Territoire" if kind == TERRITORY else "Commune"
    raise UserError(f"{what} inconnu(e) : « {name} ». Valeurs possibles : {listed}.")


def run_report(args, context) -> int:
    from ..core.reports.activity import compute_activity
    from ..core.reports.activity_docx import write_activity_report
    from ..core.reports.charts import report_charts
    from ..core.reports.spreadsheet import write_csv, write_workbook
    from ..core.reports.tables import report_tables, scope_line

    out = _docx_path(args.out, "--out")
    period = Period.parse(args.start, args.end)
    area = _area(args, context)
    figures = compute_activity(context.sessions, period, context.reference, area=area)
    tables = report_tables(figures)
    charts = _render_charts(report_charts(figures))
    write_activity_report(out, figures, tables, charts)
    print(f"Rapport d'activité écrit : {out} ({figures.summary.calls} appels, {period.label}).")
    if args.csv:
        write_csv(tables, Path(args.csv), scope_line(figures))
        print(f"Tableaux CSV écrits : {args.csv}")
    if args.xlsx:
        write_workbook(tables, Path(args.xlsx), scope_line(figures))
        print(f"Classeur écrit : {args.xlsx}")
    if args.pdf:
        _pdf(out, Path(args.pdf))
    return 0


def _render_charts(specs) -> dict[str, bytes]:
    # Qt draws the charts (offscreen); imported here so that other commands never load Qt.
    from ..ui.charts.render import render_charts

    return render_charts(specs)


def _pdf(docx: Path, pdf: Path) -> None:
    from ..core.letters.pdf import convert_to_pdf

    # LibreOffice names its output after the source: convert beside it in a scratch folder, then move.
    with tempfile.TemporaryDirectory(prefix=scratch_prefix("bouquet-desk-doc"), dir=scratch_root()) as folder:
        (produced,) = convert_to_pdf([docx.resolve()], Path(folder))
        try:
            pdf.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(produced), str(pdf))
        except OSError as exc:
            raise UserError(f"Impossible d'écrire {pdf} : {os_reason(exc)}.") from exc
    print(f"PDF écrit : {pdf}")


def run_unmet(args, context) -> int:
    from ..core.reports.unmet import unmet_demand

    period = Period.parse(args.start, args.end)
    unmet = unmet_demand(context.sessions, period, context.reference)
    if args.json:
        payload = {
            "periode": {"du": period.start.isoformat(), "au": period.end.isoformat()},
            "appels_non_couverts": unmet.uncovered_calls,
            "recherches_sans_resultat": unmet.empty_searches,
            "themes": [
                {"theme": t.label, "cle": t.key, "domaine": t.domain, "appels": t.uncovered_calls,
                 "recherches": t.empty_searches, "total": t.total, "derniere_fois": t.last_seen.isoformat(),
                 "exemples": list(t.examples)}
                for t in unmet.themes
            ],
            "domaines": [{"domaine": d.label, "appels": d.uncovered_calls, "recherches": d.empty_searches,
                          "total": d.total} for d in unmet.domains],
            "categories": [{"categorie": label, "appels": count} for label, count in unmet.categories],
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"Besoins non couverts {period.label} : {unmet.uncovered_calls} appel(s), "
          f"{unmet.empty_searches} recherche(s) sans résultat.")
    for theme in unmet.themes:
        print(f"{theme.total:5d}  {theme.label}  [{theme.domain}] appels {theme.uncovered_calls}, "
              f"recherches {theme.empty_searches}, dernière fois {format_cell(theme.last_seen, DATE)}")
    return 0


def run_catalogue_doc(args, context) -> int:
    from ..core.reports.catalogue_content import load_catalogue_book
    from ..core.reports.catalogue_docx import write_catalogue_document

    out = _docx_path(args.out, "--out")
    book = load_catalogue_book(context.sessions, context.reference, edition=args.edition)
    write_catalogue_document(out, book)
    print(f"Catalogue écrit : {out} ({len(book.establishments)} établissements, "
          f"{book.formation_count} formations, {book.resource_count} ressources).")
    if args.pdf:
        _pdf(out, Path(args.pdf))
    return 0


