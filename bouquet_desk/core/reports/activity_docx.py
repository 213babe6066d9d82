"""The activity report for the network's yearly seminar, as a Word document: a cover with the key figures,
then one chapter per question the network asks (how much, for what, to whom, with what result, how fast,
what is missing), each a chart and its table. Charts arrive as PNG images drawn by the window side."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..calls.dates import format_date
from ..documents import word
from ..errors import UserError
from ..ops.failures import os_reason
from .area import area_label
from .period import Period, utc_to_local
from .rows import ActivityFigures
from .tables import DAYS, INT, PERCENT, FigureTable, format_cell

NETWORK = "Bouquet de services des lycées aux entreprises"
TERRITORY = "Bassin minier du Pas-de-Calais · réseau animé par le Comité Grand Lens"
TEXT_WIDTH_CM = 17.0
CONTACT_ROWS = 30
THEME_ROWS = 30

CHAPTERS = (
    "1. Synthèse",
    "2. L'activité du standard",
    "3. Les orientations et leurs résultats",
    "4. La réactivité des contacts",
    "5. Ce que les entreprises demandent",
    "6. Les besoins non couverts",
    "Méthode",
)

# Column widths (cm) of the fixed-shape tables; the month table is computed from its column count.
_WIDTHS = {
    "synthese": (7.5, 2.5, 7.0),
    "categories": (6.6, 2.6, 2.4, 2.6, 2.8),
    "etablissements": (6.0, 2.6, 1.7, 1.6, 1.6, 1.7, 1.8),
    "resultats": (9.0, 4.0, 4.0),
    "contacts": (3.3, 2.8, 4.8, 1.6, 1.5, 1.5, 1.5),
    "recherches": (13.0, 4.0),
    "besoins": (5.2, 5.4, 1.6, 1.6, 1.3, 1.9),
    "besoins_domaines": (8.0, 3.0, 3.5, 2.5),
}


def period_title(period: Period) -> str:
    school = Period.school_year(period.start)
    if period == school:
        return f"Année scolaire {period.start.year}-{period.end.year}"
    return f"Du {format_date(period.start)} au {format_date(period.end)}"


def build_activity_report(figures: ActivityFigures, tables: Sequence[FigureTable], charts: Mapping[str, bytes]):
    by_key = {table.key: table for table in tables}
    created = utc_to_local(figures.computed_at)
    document = word.new_document(title=f"Rapport d'activité — {period_title(figures.period)}",
                                 subject=NETWORK, when=created)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    word.footer(section, f"{NETWORK} · rapport d'activité · {period_title(figures.period).lower()}")

    # Each chapter opens a page: a chart never lands alone at the bottom of the previous one.
    document.styles["Heading 1"].paragraph_format.page_break_before = True
    _cover(document, figures, created)

    document.add_heading(CHAPTERS[0], level=1)
    for sentence in _narrative(figures):
        word.paragraph(document, sentence)
    _table(document, by_key["synthese"])

    document.add_heading(CHAPTERS[1], level=1)
    word.paragraph(document, "Chaque appel est classé dans une catégorie de demande au moment où l'opérateur le "
                   "consigne. Le graphique montre le rythme de l'année ; le tableau donne les chiffres exacts.")
    _chart(document, charts, "appels_par_mois")
    _table(document, by_key["mois"], bold_last_row=True)
    _chart(document, charts, "appels_par_categorie")
    _table(document, by_key["categories"], bold_last_row=True)

    document.add_heading(CHAPTERS[2], level=1)
    word.paragraph(document, "Une orientation met l'entreprise en relation avec un contact d'un établissement "
                   "(bureau des entreprises, DDFPT, enseignant, GRETA…) ; le contact en rend compte ensuite.")
    _chart(document, charts, "resultats")
    _table(document, by_key["resultats"])
    _chart(document, charts, "orientations_par_etablissement")
    _table(document, by_key["etablissements"])

    document.add_heading(CHAPTERS[3], level=1)
    word.paragraph(document, "Un contact qui ne répond pas laisse une entreprise sans suite : le réseau suit le "
                   "délai entre l'envoi de l'orientation et la réponse, et les orientations restées sans réponse.")
    _table(document, _head(by_key["contacts"], CONTACT_ROWS))

    document.add_heading(CHAPTERS[4], level=1)
    word.paragraph(document, "Les mots cherchés par les opérateurs pendant les appels, regroupés quand ils ne "
                   "diffèrent que par les accents, le pluriel ou les mots vides.")
    _table(document, by_key["recherches"])

    document.add_heading(CHAPTERS[5], level=1)
    unmet = figures.unmet
    word.paragraph(
        document,
        f"{unmet.uncovered_calls} appel(s) n'ont trouvé aucune réponse dans le réseau et {unmet.empty_searches} "
        "recherche(s) du catalogue sont restées sans résultat. Ces demandes signalent des formations ou des "
        "services qui manquent au territoire.",
    )
    _chart(document, charts, "besoins_par_domaine")
    _table(document, by_key["besoins_domaines"])
    _table(document, _head(by_key["besoins"], THEME_ROWS))

    method = document.add_heading(CHAPTERS[6], level=1)
    method.paragraph_format.page_break_before = False
    for text in _method(figures):
        word.paragraph(document, text, size=9, color=word.GREY)
    return document


def write_activity_report(path: Path, figures: ActivityFigures, tables: Sequence[FigureTable],
                          charts: Mapping[str, bytes]) -> Path:
    document = build_activity_report(figures, tables, charts)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(path))
    except OSError as exc:
        raise UserError(f"Impossible d'écrire {path} : {os_reason(exc)}.") from exc
    return path


# ---------------------------------------------------------------- parts


def _cover(document, figures: ActivityFigures, created: datetime) -> None:
    word.paragraph(document, NETWORK.upper(), size=10, bold=True, color=word.ACCENT, space_before=70, space_after=2)
    word.paragraph(document, TERRITORY, size=10, color=word.GREY, space_after=4)
    word.rule(document, space_after=60)
    title = document.add_paragraph(style="Title")
    title.add_run("Rapport d'activité")
    word.paragraph(document, period_title(figures.period), size=18, color=word.ACCENT, space_after=4)
    word.paragraph(document, f"Périmètre : {area_label(figures.area)}", size=11, color=word.GREY, space_after=40)

    s = figures.summary
    tiles = (
        (format_cell(s.calls, INT), "appels reçus"),
        (format_cell(s.referrals, INT), "orientations vers un établissement"),
        (format_cell(s.positive_outcomes, INT), "résultats obtenus (stages, apprentis, salles…)"),
        (format_cell(s.uncovered_calls + s.empty_searches, INT), "besoins non couverts signalés"),
    )
    grid = document.add_table(rows=2, cols=len(tiles))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (value, label) in enumerate(tiles):
        top, bottom = grid.cell(0, index), grid.cell(1, index)
        top.width = bottom.width = Cm(TEXT_WIDTH_CM / len(tiles))
        word.shade(top, word.ACCENT_LIGHT_HEX)
        word.shade(bottom, word.ACCENT_LIGHT_HEX)
        para = top.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_before = Pt(10)
        run = para.add_run(value)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(26), word.ACCENT
        para = bottom.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(10)
        run = para.add_run(label)
        run.font.size, run.font.color.rgb = Pt(9), word.GREY
    word.paragraph(document, "", space_after=36)
    word.paragraph(document, "Sommaire", size=11, bold=True, color=word.ACCENT, space_after=4)
    for chapter in CHAPTERS:
        word.paragraph(document, chapter, size=10, space_after=2)
    word.paragraph(document, "", space_after=40)
    word.paragraph(
        document,
        f"Établi le {format_date(created.date())} à partir du journal des appels du standard unique. "
        "Chiffres anonymes : aucune donnée personnelle des appelants ne figure dans ce rapport.",
        size=9, italic=True, color=word.GREY,
    )


def _narrative(figures: ActivityFigures) -> list[str]:
    s = figures.summary
    if not s.calls:
        return ["Aucun appel n'a été consigné sur cette période."]
    lines = []
    top = max(figures.categories, key=lambda row: row.calls)
    lines.append(
        f"Sur la période, le standard a reçu {format_cell(s.calls, INT)} appel(s). La première demande est "
        f"« {top.label} » ({format_cell(top.share, PERCENT)} des appels)."
    )
    if s.referrals:
        lines.append(
            f"{format_cell(s.referred_calls, INT)} appel(s) ont donné lieu à {format_cell(s.referrals, INT)} "
            f"orientation(s) ; {format_cell(s.answered_referrals / s.referrals, PERCENT)} ont reçu une réponse du "
            f"contact, en {format_cell(s.median_answer_days, DAYS)} jour(s) (médiane), et "
            f"{format_cell(s.positive_outcomes, INT)} ont abouti (stage, apprentissage, recrutement, salle…)."
        )
        if figures.establishments:
            first = figures.establishments[0]
            lines.append(f"L'établissement le plus sollicité est {first.name} ({first.referrals} orientation(s)).")
    if figures.unmet.themes:
        names = ", ".join(f"« {t.label} »" for t in figures.unmet.themes[:3])
        lines.append(f"Les besoins non couverts qui reviennent le plus : {names}.")
    return lines


def _method(figures: ActivityFigures) -> list[str]:
    return [
        f"Période : {figures.period.label} (jours inclus, heure locale). Périmètre : {area_label(figures.area)} ; "
        "un appel est rattaché à un territoire par les établissements vers lesquels il a été orienté.",
        "Une orientation est comptée avec l'appel qui l'a suscitée. « Sans réponse » : la date limite de réponse "
        "est passée, ou l'orientation a été close sans réponse. Le délai médian se calcule sur les orientations "
        "ayant reçu une réponse.",
        "Besoins non couverts : appels conclus « besoin non couvert » et recherches sans résultat, regroupés par "
        "mots, puis par grand domaine du ROME (répertoire des métiers de France Travail) quand un mot désigne un "
        "métier. Ils concernent tout le réseau, quel que soit le périmètre.",
        "Données personnelles : ce rapport ne contient que des nombres. Les coordonnées des appelants sont "
        "anonymisées trois ans après leur dernier contact.",
    ]


def _head(table: FigureTable, rows: int) -> FigureTable:
    if len(table.rows) <= rows:
        return table
    note = f"Les {rows} premières lignes sur {len(table.rows)} ; le détail complet est dans l'export CSV ou XLSX."
    return replace(table, rows=table.rows[:rows], note=" ".join(part for part in (table.note, note) if part))


def _table(document, table: FigureTable, *, bold_last_row: bool = False) -> None:
    heading = document.add_heading(table.title, level=2)
    word.keep_with_next(heading)
    if not table.rows:
        word.paragraph(document, "Aucune donnée sur la période.", italic=True, color=word.GREY)
        return
    widths = _WIDTHS.get(table.key)
    if widths is None or len(widths) != len(table.headers):
        first = 2.4
        widths = (first, *([(TEXT_WIDTH_CM - first) / (len(table.headers) - 1)] * (len(table.headers) - 1)))
    right = [i for i, kind in enumerate(table.kinds) if kind in (INT, DAYS, PERCENT)]
    rows = [[format_cell(value, kind) for value, kind in zip(row, table.kinds)] for row in table.rows]
    size = 8 if len(table.headers) > 6 else 8.5
    word.table(document, table.print_headers or table.headers, rows, widths_cm=widths, right_align=right,
               font_size=size, bold_last_row=bold_last_row)
    if table.note:
        word.paragraph(document, table.note, style="Caption", space_before=2)
    else:
        word.paragraph(document, "", space_after=2)


def _chart(document, charts: Mapping[str, bytes], key: str) -> None:
    image = charts.get(key)
    if not image:
        return
    para = document.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run().add_picture(io.BytesIO(image), width=Cm(TEXT_WIDTH_CM - 0.5))

