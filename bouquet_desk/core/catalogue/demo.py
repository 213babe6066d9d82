"""The demo catalogue shipped with the application, so that a first start shows the territory.

The command line loads it as it creates the embedded default database. The window loads it once it is on
screen (reading the workbook costs ~0.7 s, openpyxl included): the database is created with a mark in the data
folder, `demo_waiting` says so at every start until `load_demo` has committed it, so a window closed during
the load loads it at its next start.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from ..paths import resource_path, user_data_dir
from ..progress import Progress

if TYPE_CHECKING:
    from .report import ImportReport

DEMO_OPERATOR = "démo"


def demo_path():
    return resource_path("demo", "catalogue_demo.xlsx")


def _waiting_mark() -> Path:
    return user_data_dir() / "demo-catalogue-waiting"


def defer_demo() -> None:
    """The embedded default was just created: its demo is to be loaded by the window, once shown."""
    mark = _waiting_mark()
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text("Le catalogue de démonstration sera chargé au prochain démarrage de la fenêtre.\n",
                    encoding="utf-8")


def demo_waiting(context) -> bool:
    return bool(context.is_default_db) and _waiting_mark().exists()


def load_demo(context, progress: Progress | None = None) -> ImportReport:
    """Import the demo workbook; like any import, a second run changes nothing."""
    from .importer import import_catalogue  # openpyxl: loaded only when the demo is read

    report = import_catalogue(context, demo_path(), operator=DEMO_OPERATOR, progress=progress)
    _waiting_mark().unlink(missing_ok=True)
    return report
