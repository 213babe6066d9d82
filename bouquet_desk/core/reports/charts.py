"""What each chart shows, decided here from the figures; how it is drawn is the window's business
(bouquet_desk.ui.charts draws the same specification on screen and into the report's images)."""

from __future__ import annotations

from dataclasses import dataclass

from .period import short_month_label
from .rows import ActivityFigures
from .tables import capitalised

# Establishment names are long; beyond this many bars a chart stops being readable.
MAX_BARS = 12


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    categories: tuple[str, ...]  # one bar (group) per category
    series: tuple[Series, ...]
    horizontal: bool = False
    stacked: bool = False
    value_title: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(v for s in self.series for v in s.values)


# Beyond this many stacked colours a month bar stops being readable: the rest are summed as "others".
MONTH_SERIES = 4


def calls_per_month(figures: ActivityFigures) -> ChartSpec:
    ranked = sorted((i for i, row in enumerate(figures.categories) if row.calls),
                    key=lambda i: -figures.categories[i].calls)
    shown, others = ranked[:MONTH_SERIES], ranked[MONTH_SERIES:]
    series = [Series(figures.categories[i].label, tuple(m.counts[i] for m in figures.months)) for i in shown]
    if others:
        series.append(Series("Autres catégories", tuple(sum(m.counts[i] for i in others) for m in figures.months)))
    return ChartSpec(
        "appels_par_mois", "Appels par mois", tuple(short_month_label(m.month) for m in figures.months),
        tuple(series), stacked=True, value_title="appels",
    )


def calls_per_category(figures: ActivityFigures) -> ChartSpec:
    rows = [row for row in figures.categories if row.calls]
    rows.sort(key=lambda row: -row.calls)
    return ChartSpec(
        "appels_par_categorie", "Appels par catégorie de demande", tuple(r.label for r in rows),
        (Series("Orientés", tuple(r.referred for r in rows)),
         Series("Non couverts", tuple(r.uncovered for r in rows)),
         Series("Autres suites", tuple(max(0, r.calls - r.referred - r.uncovered) for r in rows))),
        horizontal=True, stacked=True, value_title="appels",
    )


def referrals_per_establishment(figures: ActivityFigures) -> ChartSpec:
    rows = figures.establishments[:MAX_BARS]
    return ChartSpec(
        "orientations_par_etablissement",
        "Orientations par établissement" + (f" ({MAX_BARS} premiers)" if len(figures.establishments) > MAX_BARS else ""),
        tuple(r.name for r in rows),
        # Three parts, as the table says: a referral still within its deadline is waiting, not unanswered.
        (Series("Avec réponse", tuple(r.answered for r in rows)),
         Series("Sans réponse", tuple(r.overdue for r in rows)),
         Series("En attente", tuple(max(0, r.referrals - r.answered - r.overdue) for r in rows))),
        horizontal=True, stacked=True, value_title="orientations",
    )


def outcomes(figures: ActivityFigures) -> ChartSpec:
    rows = [row for row in figures.outcomes if row.count]
    return ChartSpec(
        "resultats", "Résultats des orientations", tuple(capitalised(r.label) for r in rows),
        (Series("Orientations", tuple(r.count for r in rows)),), horizontal=True, value_title="orientations",
    )


def unmet_domains(figures: ActivityFigures) -> ChartSpec:
    rows = figures.unmet.domains[:MAX_BARS]
    return ChartSpec(
        "besoins_par_domaine", "Besoins non couverts par domaine de métiers", tuple(d.label for d in rows),
        (Series("Appels non couverts", tuple(d.uncovered_calls for d in rows)),
         Series("Recherches sans résultat", tuple(d.empty_searches for d in rows))),
        horizontal=True, stacked=True,
    )


def report_charts(figures: ActivityFigures) -> list[ChartSpec]:
    return [calls_per_month(figures), calls_per_category(figures), referrals_per_establishment(figures),
            outcomes(figures), unmet_domains(figures)]
