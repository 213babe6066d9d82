"""`import`, `export` and `demo` (filled in by the catalogue exchange work)."""

from __future__ import annotations


def register(sub) -> None:
    pass
