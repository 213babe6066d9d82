"""What the composition root builds once and hands to the command line and the window."""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import UserError
from .settings import Settings

if TYPE_CHECKING:  # the window makes its context before SQLAlchemy is loaded (see AppContext)
    from sqlalchemy import Engine
    from sqlalchemy.orm import sessionmaker


class AppContext:
    """The database (engine and sessions), the settings and the reference data every service takes.

    The command line makes it open (app.open_context). The window makes it first with its URL and settings only
    (app.unopened_context), paints, and opens the database in the background once on screen: until `opened()`,
    `engine` and `sessions` wait in a worker thread; asked for on the GUI thread before the opening started, they
    raise (the first paint must not need the database).
    """

    def __init__(self, url: str, engine: Engine | None = None, sessions: sessionmaker | None = None,
                 settings: Settings | None = None, *, is_default_db: bool = False, created: bool = False) -> None:
        self.url = url
        self.settings = settings if settings is not None else Settings.load()
        self.is_default_db = is_default_db
        # True when this start created the database (and loaded the demo).
        self.created = created
        self._engine = engine
        self._sessions = sessions
        self._failure: BaseException | None = None
        self._closed = False
        self._ready = threading.Event()
        self._opening = False
        if engine is not None and sessions is not None:
            self._ready.set()

    # ------------------------------------------------------------------ opening
    def opening(self) -> None:
        """The database is being opened (by app.open_context): from now on, `engine` waits for it."""
        self._opening = True

    def opened(self, engine: Engine, sessions: sessionmaker, *, created: bool) -> None:
        self._engine, self._sessions, self.created = engine, sessions, created
        if self._closed:  # the window closed while the database opened
            engine.dispose()
        self._ready.set()

    def failed(self, exc: BaseException) -> None:
        """The opening failed: whoever waits gets the reason (a UserError in French, or the bug)."""
        self._failure = exc
        self._ready.set()

    @property
    def is_open(self) -> bool:
        return self._ready.is_set() and self._failure is None

    def _wait(self) -> None:
        if not self._ready.is_set():
            if not self._opening and threading.current_thread() is threading.main_thread():
                raise RuntimeError("the database is read before it is opened (after the window's first paint)")
            self._ready.wait()
        if self._failure is not None:
            if isinstance(self._failure, UserError):
                raise UserError(str(self._failure)) from self._failure
            raise RuntimeError("the database could not be opened") from self._failure

    @property
    def engine(self) -> Engine:
        self._wait()
        return self._engine  # type: ignore[return-value]

    @property
    def sessions(self) -> sessionmaker:
        self._wait()
        return self._sessions  # type: ignore[return-value]

    # ------------------------------------------------------------------ the rest
    @cached_property
    def reference(self):
        # Loaded on first use: commands that never need the reference data do not pay for it.
        from .reference import ReferenceData

        return ReferenceData()

    @property
    def operator(self) -> str:
        return self.settings.operator

    def close(self) -> None:
        self._closed = True
        if self._engine is not None:
            self._engine.dispose()
