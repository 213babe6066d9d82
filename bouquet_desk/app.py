"""Composition root: reads arguments and settings, sets up logging, opens the database once,
and hands the result to the command line or to the window. Nothing else creates engines."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from . import __version__
from .cli.parser import parse
from .core.context import AppContext
from .core.db.location import resolve_url
from .core.paths import DATA_DIR_ENV, user_data_dir
from .core.settings import Settings

log = logging.getLogger("bouquet_desk")


class _MaskingFormatter(logging.Formatter):
    """Logs never hold personal data: phone numbers, e-mails and names after a civility in a message or a
    traceback are masked (SQL parameters are never there: engines hide them)."""

    def format(self, record: logging.LogRecord) -> str:
        from .core.privacy.scrub import scrub_text

        exc_text = self.formatException(record.exc_info) if record.exc_info else record.exc_text
        masked = logging.makeLogRecord({
            **record.__dict__, "msg": scrub_text(record.getMessage()), "args": None, "exc_info": None,
            "exc_text": scrub_text(exc_text) if exc_text else None,
        })
        return super().format(masked)


class _PrivateLog(logging.handlers.RotatingFileHandler):
    """The log file, and each one a rotation starts, owner-only (0o600) from its creation."""

    def _open(self):
        os.close(os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
        return super()._open()


class _ConsoleFormatter(_MaskingFormatter):
    """Tracebacks go to the log file; the terminal shows them only with --verbose."""

    def __init__(self, fmt: str, verbose: bool) -> None:
        super().__init__(fmt)
        self._verbose = verbose

    def format(self, record: logging.LogRecord) -> str:
        if self._verbose or not record.exc_info:
            return super().format(record)
        plain = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        return super().format(plain)


def setup_logging(verbose: bool) -> None:
    # A log that cannot be written (a full disk) is no reason to print tracebacks at the operator.
    logging.raiseExceptions = False
    root = logging.getLogger("bouquet_desk")
    for old in [h for h in root.handlers if getattr(h, "bouquet_desk", False)]:
        root.removeHandler(old)  # main() may run several times in one process (tests, --incoming)
        old.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.bouquet_desk = True
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(_ConsoleFormatter("%(levelname)s %(name)s: %(message)s", verbose))
    root.addHandler(console)
    try:
        from .core.ops.files import private_dir, secure_data_dir

        private_dir(user_data_dir())
        folder = private_dir(user_data_dir() / "logs")
        log_file = folder / "bouquet-desk.log"
        secure_data_dir()  # on every backend: the folder holds logs, drafts and exports of personal data
        handler = _PrivateLog(log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return  # a read-only home must not stop the helpdesk; the console still shows warnings
    handler.bouquet_desk = True
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def unopened_context(db_url: str | None) -> AppContext:
    """The context with its URL and settings, the database not yet opened (the window paints first)."""
    url, is_default = resolve_url(db_url)
    return AppContext(url, settings=Settings.load(), is_default_db=is_default)


def open_context(
    db_url: str | None, *, migrate: bool = True, seed_demo: bool = True, demo_later: bool = False, progress=None,
    context: AppContext | None = None,
) -> AppContext:
    """Open the database (migrating it to head) and build the services; `context`: the unopened one to open.

    The embedded default database, when this call creates it, receives the demo catalogue so that a first
    start shows the territory (`demo_later`: the window loads it once on screen, core.catalogue.demo); a
    database named with --db starts empty.
    """
    # SQLAlchemy is loaded here, not at the top: the window paints before it opens the database.
    from .core.db import database
    from .core.db.engine import make_engine, make_sessionmaker
    from .core.ops.backup import ensure_daily_backup

    context = context or unopened_context(db_url)
    context.opening()
    try:
        engine = make_engine(context.url)
        try:
            # The embedded default is created on its first use by any command, even one that only reads.
            created = database.prepare(
                engine, migrate=migrate or (context.is_default_db and not database.sqlite_file_exists(engine)))
        except BaseException:
            engine.dispose()
            raise
    except BaseException as exc:
        context.failed(exc)
        raise
    context.opened(engine, make_sessionmaker(engine), created=created)
    if created and context.is_default_db and seed_demo:
        from .core.catalogue import demo

        if demo_later:
            demo.defer_demo()
        else:
            log.info("new default database %s: loading the demo catalogue", database.describe(context.url))
            demo.load_demo(context, progress=progress)
    # Letters left by a process killed mid-conversion: removed at the next start.
    from .core.ops.scratch import sweep_scratch

    sweep_scratch()
    # Cheap when today's copy exists; logs rather than raises, so a full disk never stops the helpdesk.
    ensure_daily_backup(context)
    return context


def main(argv: list[str] | None = None) -> int:
    args = parse(__version__, argv)
    if args.data_dir:
        os.environ[DATA_DIR_ENV] = str(Path(args.data_dir).expanduser().resolve())
    setup_logging(args.verbose)
    if args.command is None:
        from .ui.launch import run_window

        return run_window(args, unopened_context, open_context)
    from .cli.runner import run_command

    return run_command(args, open_context)


if __name__ == "__main__":
    sys.exit(main())
