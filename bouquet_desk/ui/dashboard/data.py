"""What the dashboard computes on the worker thread: figures, chart specifications and the areas to offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...core.reports.activity import compute_activity
from ...core.reports.area import Area, available_areas
from ...core.reports.charts import ChartSpec, report_charts
from ...core.reports.period import Period
from ...core.reports.rows import ActivityFigures


@dataclass(frozen=True)
class DashboardData:
    figures: ActivityFigures
    charts: dict[str, ChartSpec]
    areas: tuple[Area, ...]


def compute_dashboard(context, period: Period, area: Area | None, today: date | None = None) -> DashboardData:
    """Runs on the worker: one read-only session per query, frozen rows out, no Qt object made."""
    figures = compute_activity(context.sessions, period, context.reference, area=area, today=today)
    return DashboardData(figures, {spec.key: spec for spec in report_charts(figures)},
                         tuple(available_areas(context.sessions)))
