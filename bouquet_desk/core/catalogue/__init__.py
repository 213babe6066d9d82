"""The catalogue exchange: reading, checking, importing and exporting the workbook of catalogue-format.md.

Callers use the names re-exported here (or from .exchange); the submodules are the parts. The re-exports are
resolved on first use (PEP 562): importing a light submodule (validators, listing, editing) on the way to the
window must not load the importer and its spreadsheet reader.
"""

from ..deferred import names_from

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

__getattr__ = names_from(__name__, dict.fromkeys(__all__, "exchange"))
