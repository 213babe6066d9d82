"""The figures laid out as titled tables: the one shape the CSV, the workbook and the Word report share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..calls.dates import format_date
from .area import area_label
from .period import utc_to_local
from .rows import ActivityFigures

TEXT, INT, DAYS, PERCENT, DATE = "text", "int", "days", "percent", "date"


@dataclass(frozen=True)
class FigureTable:
    key: str
    title: str
    headers: tuple[str, ...]
    kinds: tuple[str, ...]  # how each column is written: TEXT, INT, DAYS, PERCENT, DATE
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    # Headers broken over two lines for narrow printed columns; the files keep the plain headers.
    print_headers: tuple[str, ...] | None = None


def format_cell(value: Any, kind: str) -> str:
    """French display: "1,5" days, "12 %", dates as 12/11/2026, an em dash for "no figure"."""
    if value is None or value == "":
        return "—" if kind in (DAYS, PERCENT, INT) else ""
    if isinstance(value, str):
        return value
    if kind == DAYS:
        return f"{value:.1f}".replace(".", ",")
    if kind == PERCENT:
        return f"{round(value * 100)} %"
    if kind == DATE:
        if isinstance(value, datetime):
            return format_date(utc_to_local(value).date())
        return format_date(value) if isinstance(value, date) else str(value)
    if kind == INT:
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def summary_table(figures: ActivityFigures) -> FigureTable:
    s = figures.summary
    rows = (
        ("Appels reçus", s.calls, ""),
        ("Appels orientés vers un établissement", s.referred_calls,
         _percent_of(s.referred_calls, s.calls, "des appels")),
        ("Orientations envoyées aux contacts", s.referrals, ""),
        ("Orientations ayant reçu une réponse", s.answered_referrals,
         _percent_of(s.answered_referrals, s.referrals, "des orientations")),
        ("Délai médian de réponse (jours)", format_cell(s.median_answer_days, DAYS), "de l'orientation à la réponse"),
        ("Orientations restées sans réponse", s.overdue_referrals, "délai dépassé ou close sans réponse"),
        ("Résultats obtenus", s.positive_outcomes, "stages, apprentis, recrutements, salles, formations…"),
        ("Besoins non couverts (appels)", s.uncovered_calls, _percent_of(s.uncovered_calls, s.calls, "des appels")),
        ("Recherches sans résultat", s.empty_searches, "tout le réseau"),
    )
    return FigureTable("synthese", "Chiffres clés", ("Indicateur", "Valeur", "Précision"), (TEXT, INT, TEXT), rows)


def _percent_of(part: int, whole: int, what: str) -> str:
    share = _share(part, whole)
    return "" if share is None else f"{format_cell(share, PERCENT)} {what}"


def category_table(figures: ActivityFigures) -> FigureTable:
    rows = tuple((r.label, r.calls, r.share if figures.summary.calls else None, r.referred, r.uncovered)
                 for r in figures.categories)
    total = figures.summary
    rows += (("Total", total.calls, 1.0 if total.calls else None, total.referred_calls, total.uncovered_calls),)
    return FigureTable(
        "categories", "Appels par catégorie de demande",
        ("Catégorie", "Appels", "Part", "Orientés", "Non couverts"), (TEXT, INT, PERCENT, INT, INT), rows,
    )


# Category names cut where a French typesetter would, for the month table's narrow columns.
PRINT_CATEGORY = {
    "PFMP": "Stage\n(PFMP)", "APPRENTISSAGE": "Appren-\ntissage", "RECRUTEMENT": "Recru-\ntement",
    "FORMATION_CONTINUE": "Form.\ncontinue", "LOCAUX": "Locaux,\néquipts", "TAXE": "Taxe\nd'appr.",
    "PARTENARIAT": "Parte-\nnariat", "HORS_PERIMETRE": "Hors\npérimètre",
}


def month_table(figures: ActivityFigures) -> FigureTable:
    # Categories that no call used in the period would only add empty columns.
    used = [figures.categories[i] for i, row in enumerate(figures.categories) if row.calls]
    index = {row.code: i for i, row in enumerate(figures.categories)}
    headers = ("Mois", *(row.label for row in used), "Total")
    printed = ("Mois", *(PRINT_CATEGORY.get(row.code, row.label) for row in used), "Total")
    rows = tuple((m.label, *(m.counts[index[row.code]] for row in used), m.total) for m in figures.months)
    totals = ("Total", *(row.calls for row in used), figures.summary.calls)
    return FigureTable("mois", "Appels par mois et par catégorie", headers, (TEXT, *(INT for _ in used), INT),
                       rows + (totals,), print_headers=printed)


_COUNT_HEADERS = ("Orienta-\ntions", "Ré-\nponses", "Sans\nréponse")


def capitalised(label: str) -> str:
    """The codes' labels are written to sit inside a sentence ("stage conclu"); a table cell starts one."""
    return label[:1].upper() + label[1:]


def establishment_table(figures: ActivityFigures) -> FigureTable:
    rows = tuple(
        (r.name, r.commune, r.referrals, r.answered, r.overdue, r.positive, r.median_answer_days)
        for r in figures.establishments
    )
    return FigureTable(
        "etablissements", "Orientations par établissement",
        ("Établissement", "Commune", "Orientations", "Réponses", "Sans réponse", "Résultats", "Délai médian (j)"),
        (TEXT, TEXT, INT, INT, INT, INT, DAYS), rows,
        note="Délai médian : jours entre l'envoi de l'orientation et la réponse du contact.",
        print_headers=("Établissement", "Commune", *_COUNT_HEADERS, "Résultats", "Délai\nmédian (j)"),
    )


def outcome_table(figures: ActivityFigures) -> FigureTable:
    total = figures.summary.referrals
    rows = tuple((capitalised(r.label), r.count, _share(r.count, total)) for r in figures.outcomes)
    return FigureTable(
        "resultats", "Résultats des orientations", ("Résultat", "Orientations", "Part"), (TEXT, INT, PERCENT), rows,
    )


def contact_table(figures: ActivityFigures) -> FigureTable:
    rows = tuple(
        (r.name, capitalised(r.role), r.establishment, r.referrals, r.answered, r.overdue, r.median_answer_days)
        for r in figures.contacts
    )
    return FigureTable(
        "contacts", "Délai de réponse par contact",
        ("Contact", "Fonction", "Établissement", "Orientations", "Réponses", "Sans réponse", "Délai médian (j)"),
        (TEXT, TEXT, TEXT, INT, INT, INT, DAYS), rows,
        print_headers=("Contact", "Fonction", "Établissement", *_COUNT_HEADERS, "Délai\nmédian (j)"),
    )


def term_table(figures: ActivityFigures) -> FigureTable:
    rows = tuple((r.label, r.count) for r in figures.terms)
    return FigureTable(
        "recherches", "Termes les plus recherchés pendant les appels", ("Terme", "Appels"), (TEXT, INT), rows,
    )


def unmet_table(figures: ActivityFigures) -> FigureTable:
    unmet = figures.unmet
    rows = tuple(
        (t.label, t.domain, t.uncovered_calls, t.empty_searches, t.total, t.last_seen) for t in unmet.themes
    )
    return FigureTable(
        "besoins", "Besoins non couverts par thème",
        ("Thème", "Domaine (ROME)", "Appels non couverts", "Recherches sans résultat", "Total", "Dernière fois"),
        (TEXT, TEXT, INT, INT, INT, DATE), rows,
        print_headers=("Thème", "Domaine (ROME)", "Appels", "Recher-\nches", "Total", "Dernière\nfois"),
        note="Appels conclus « besoin non couvert » et recherches du catalogue sans résultat, regroupés par mots "
        "(pluriels, accents et mots vides ignorés). Tout le réseau, quel que soit le territoire choisi.",
    )


def unmet_domain_table(figures: ActivityFigures) -> FigureTable:
    rows = tuple((d.label, d.uncovered_calls, d.empty_searches, d.total) for d in figures.unmet.domains)
    return FigureTable(
        "besoins_domaines", "Besoins non couverts par domaine de métiers",
        ("Domaine (ROME)", "Appels non couverts", "Recherches sans résultat", "Total"), (TEXT, INT, INT, INT), rows,
    )


def report_tables(figures: ActivityFigures) -> list[FigureTable]:
    return [
        summary_table(figures), category_table(figures), month_table(figures), establishment_table(figures),
        outcome_table(figures), contact_table(figures), term_table(figures), unmet_table(figures),
        unmet_domain_table(figures),
    ]


def scope_line(figures: ActivityFigures) -> str:
    return f"Période {figures.period.label} · {area_label(figures.area)}"
