"""Where things live: shipped resources (inside the package) and the user's data folder."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

DATA_DIR_ENV = "BOUQUET_DESK_DATA_DIR"


def resource_path(*parts: str) -> Path:
    """Path of a file shipped in resources/ (installed as the package bouquet_desk.resources)."""
    base = resources.files("bouquet_desk.resources")
    return Path(str(base.joinpath(*parts)))


def migrations_path() -> Path:
    return Path(str(resources.files("bouquet_desk.migrations")))


def user_data_dir() -> Path:
    """The user's data folder; BOUQUET_DESK_DATA_DIR overrides it (tests point it at a temp folder)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        root = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return root / "BouquetDesk"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "BouquetDesk"
    root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / "bouquet-desk"
