"""The catalogue exchange as the window and the command line call it: import, export, the demo, and what
they report. The modules beside this one hold the parts (reading, checking, planning, writing)."""

from __future__ import annotations

from .demo import load_demo
from .exporter import ExportReport, export_catalogue
from .importer import import_catalogue
from .report import CatalogueError, ImportIssue, ImportReport, SheetCounts

__all__ = [
    "CatalogueError",
    "ExportReport",
    "ImportIssue",
    "ImportReport",
    "SheetCounts",
    "export_catalogue",
    "import_catalogue",
    "load_demo",
]
