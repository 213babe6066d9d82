"""The catalogue exchange: reading, checking, importing and exporting the workbook of catalogue-format.md.

Callers use the names re-exported here (or from .exchange); the submodules are the parts.
"""

from .exchange import (
    CatalogueError,
    ExportReport,
    ImportIssue,
    ImportReport,
    SheetCounts,
    export_catalogue,
    import_catalogue,
    load_demo,
)

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
