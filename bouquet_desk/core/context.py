"""What the composition root builds once and hands to the command line and the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from .settings import Settings


@dataclass
class AppContext:
    url: str
    engine: Engine
    sessions: sessionmaker
    settings: Settings
    is_default_db: bool = False
    # Filled by open_database: True when this start created the database (and loaded the demo).
    created: bool = field(default=False)

    @cached_property
    def reference(self):
        # Loaded on first use: commands that never need the reference data do not pay for it.
        from .reference import ReferenceData

        return ReferenceData()

    @property
    def operator(self) -> str:
        return self.settings.operator

    def close(self) -> None:
        self.engine.dispose()
