"""The demo catalogue shipped with the application, so that a first start shows the territory."""

from __future__ import annotations

from ..paths import resource_path
from ..progress import Progress
from .importer import import_catalogue
from .report import ImportReport

DEMO_OPERATOR = "démo"


def demo_path():
    return resource_path("demo", "catalogue_demo.xlsx")


def load_demo(context, progress: Progress | None = None) -> ImportReport:
    """Import the demo workbook; like any import, a second run changes nothing."""
    return import_catalogue(context, demo_path(), operator=DEMO_OPERATOR, progress=progress)
