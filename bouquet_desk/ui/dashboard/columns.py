"""What the dashboard tables show of each row type (the RowTableModel columns)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...core.reports.tables import DATE, DAYS, PERCENT, capitalised, format_cell
from ..models.table import Column
from .table import KeyedColumn


def tr(text: str) -> str:
    return QCoreApplication.translate("dashboard", text)


class Shown(float):
    """A number that sorts as a number and shows in French ("4,5", "33 %"): the model reads both off it."""

    kind = DAYS

    def __str__(self) -> str:
        return format_cell(float(self), self.kind)


class Percent(Shown):
    kind = PERCENT


def _days(value):
    return Shown(value) if value is not None else None


def category_columns() -> list[Column]:
    return [
        Column(tr("Catégorie"), lambda r: r.label),
        Column(tr("Appels"), lambda r: r.calls, align_right=True),
        Column(tr("Part"), lambda r: Percent(r.share), align_right=True),
        Column(tr("Orientés"), lambda r: r.referred, align_right=True),
        Column(tr("Non couverts"), lambda r: r.uncovered, align_right=True),
    ]


def establishment_columns() -> list[Column]:
    return [
        Column(tr("Établissement"), lambda r: r.name, tooltip=lambda r: r.name),
        Column(tr("Commune"), lambda r: r.commune),
        Column(tr("Orientations"), lambda r: r.referrals, align_right=True),
        Column(tr("Réponses"), lambda r: r.answered, align_right=True),
        Column(tr("Sans réponse"), lambda r: r.overdue, align_right=True),
        Column(tr("Résultats"), lambda r: r.positive, align_right=True),
        Column(tr("Délai médian (j)"), lambda r: _days(r.median_answer_days), align_right=True),
    ]


def outcome_columns() -> list[Column]:
    return [
        Column(tr("Résultat"), lambda r: capitalised(r.label)),
        Column(tr("Orientations"), lambda r: r.count, align_right=True),
    ]


def contact_columns() -> list[Column]:
    return [
        Column(tr("Contact"), lambda r: r.name),
        Column(tr("Fonction"), lambda r: capitalised(r.role)),
        Column(tr("Établissement"), lambda r: r.establishment, tooltip=lambda r: r.establishment),
        Column(tr("Orientations"), lambda r: r.referrals, align_right=True),
        Column(tr("Réponses"), lambda r: r.answered, align_right=True),
        Column(tr("Sans réponse"), lambda r: r.overdue, align_right=True),
        Column(tr("Délai médian (j)"), lambda r: _days(r.median_answer_days), align_right=True),
    ]


def term_columns() -> list[Column]:
    return [
        Column(tr("Terme"), lambda r: r.label, tooltip=lambda r: r.key),
        Column(tr("Appels"), lambda r: r.count, align_right=True),
    ]


def unmet_columns() -> list[Column]:
    return [
        Column(tr("Thème"), lambda r: r.label, tooltip=lambda r: " · ".join(r.examples)),
        Column(tr("Domaine (ROME)"), lambda r: r.domain),
        Column(tr("Appels non couverts"), lambda r: r.uncovered_calls, align_right=True),
        Column(tr("Recherches sans résultat"), lambda r: r.empty_searches, align_right=True),
        Column(tr("Total"), lambda r: r.total, align_right=True),
        KeyedColumn(tr("Dernière fois"), lambda r: format_cell(r.last_seen, DATE),
                    sort_key=lambda r: r.last_seen.isoformat()),
    ]


def month_columns(categories: list[tuple[str, str]], index_of) -> list[Column]:
    """One column per (code, label) category; `index_of(code)` says where its count sits in a MonthRow."""
    columns = [KeyedColumn(tr("Mois"), lambda r: r.label, sort_key=lambda r: r.month.isoformat())]
    for code, label in categories:
        columns.append(Column(label, lambda r, code=code: _count(r, index_of(code)), align_right=True))
    columns.append(Column(tr("Total"), lambda r: r.total, align_right=True))
    return columns


def _count(row, index):
    return row.counts[index] if index is not None and index < len(row.counts) else 0
