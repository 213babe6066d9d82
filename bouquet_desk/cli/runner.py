"""Runs one subcommand with the exit-code convention: 0 done, 2 input refused, 1 unexpected failure."""

from __future__ import annotations

import logging
import os
import sys

from ..core.errors import UserError
from ..core.ops.failures import explain
from ..core.safe_cells import CONTROL_CHARACTERS, visible

log = logging.getLogger("bouquet_desk.cli")


def run_command(args, open_context) -> int:
    context = None
    try:
        refuse_control_characters(args)
        context = open_context(
            args.db, migrate=getattr(args, "migrate", True), progress=terminal_progress()
        )
        return args.handler(args, context)
    except UserError as exc:
        print(f"bouquet-desk: {visible(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say to it, and nothing went wrong here.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("bouquet-desk: interrompu.", file=sys.stderr)
        return 1
    except Exception as exc:
        refusal = explain(exc)
        if refusal is not None:
            # The environment's doing (disk full, database locked, server gone): named, not a bug.
            log.warning("%s refused: %s (%s)", args.command, refusal, exc.__class__.__name__)
            print(f"bouquet-desk: {refusal}", file=sys.stderr)
            return 2
        log.exception("unexpected failure in %s", args.command)
        print(
            "bouquet-desk: erreur inattendue ; le détail est dans le journal (dossier logs des données).",
            file=sys.stderr,
        )
        return 1
    finally:
        if context is not None:
            context.close()


def terminal_progress():
    """A progress line on stderr when it is a terminal; silence for scripts and telephone systems."""
    if not sys.stderr.isatty():
        return None
    last: dict[str, object] = {"step": None}

    def report(done: int, total: int, label: str) -> None:
        pct = int(done * 100 / total) if total else 100
        if (label, pct) != last["step"]:  # a new phase starts its own line even at the same percentage
            last["step"] = (label, pct)
            end = "\n" if done >= total else ""
            print(f"\r{label} : {pct:3d} %", end=end, file=sys.stderr, flush=True)

    return report


def refuse_control_characters(args) -> None:
    """NUL, ESC, BEL... in an argument are no text anyone typed: refused naming the option, before anything
    is opened (PostgreSQL would refuse NUL mid-save, a terminal would run ESC sequences echoed back)."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, str) and CONTROL_CHARACTERS.search(item):
                option = "--" + name.replace("_", "-")
                raise UserError(f"{option} : caractère de contrôle interdit dans « {visible(item[:60])} ».")
