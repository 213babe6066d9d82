"""Bounds on what a letter template can make the program do: a template is a user's file, and
`{{ 'x' * 4000000000 }}` or two nested loops of a hundred thousand turns would take all the memory or all
afternoon. Each string or list a template computes is held to MAX_VALUE characters, a render to MAX_OUTPUT
characters, MAX_STEPS loop turns over `range` and MAX_SECONDS. Beyond, the render stops with a SecurityError,
which render_docx turns into a French refusal naming the template."""

from __future__ import annotations

import operator
import threading
import time

from jinja2.environment import Template
from jinja2.sandbox import SecurityError

MAX_VALUE = 1_000_000  # characters (or items) of one computed value
MAX_OUTPUT = 20_000_000  # characters of one rendered part of a document
MAX_STEPS = 200_000  # turns of all range() loops of one render
MAX_SECONDS = 20.0

_budget = threading.local()
_OPERATORS = {"*": operator.mul, "**": operator.pow, "+": operator.add}


def _spend(steps: int = 0) -> None:
    state = getattr(_budget, "state", None)
    if state is None:
        return
    state[0] += steps
    if state[0] > MAX_STEPS:
        raise SecurityError(f"plus de {MAX_STEPS} tours de boucle")
    if time.monotonic() > state[1]:
        raise SecurityError(f"plus de {MAX_SECONDS:.0f} secondes de calcul")


def _size(value) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def bounded_binop(left, symbol: str, right):
    """`left symbol right`, refused when its result would be too big, before it is computed."""
    if symbol == "*":
        for sequence, count in ((left, right), (right, left)):
            if _size(sequence) and isinstance(count, int) and _size(sequence) * max(count, 0) > MAX_VALUE:
                raise SecurityError(f"valeur de plus de {MAX_VALUE} caractères")
    if symbol == "**" and isinstance(left, int | float) and isinstance(right, int | float):
        if abs(right) > 64 and abs(left) > 1:
            raise SecurityError("puissance trop grande")
    if symbol == "+" and _size(left) + _size(right) > MAX_VALUE:
        raise SecurityError(f"valeur de plus de {MAX_VALUE} caractères")
    _spend()
    return _OPERATORS[symbol](left, right)


def bounded_range(*args):
    values = range(*args)
    _spend(len(values))
    return values


class BoundedTemplate(Template):
    """A template whose render counts its output, loop turns and time."""

    def render(self, *args, **kwargs) -> str:
        _budget.state = [0, time.monotonic() + MAX_SECONDS]
        context = self.new_context(dict(*args, **kwargs))
        try:
            pieces, size = [], 0
            for piece in self.root_render_func(context):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise SecurityError(f"document de plus de {MAX_OUTPUT} caractères")
                pieces.append(piece)
                if len(pieces) % 1024 == 0:
                    _spend()
            return "".join(pieces)
        except SecurityError:
            raise
        except Exception:
            self.environment.handle_exception()
        finally:
            _budget.state = None
