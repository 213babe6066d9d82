"""What is imported on first use rather than at start-up.

The window's first paint must wait for neither SQLAlchemy and the models (loaded once it is on screen, with the
database) nor python-docx: the modules on its way name what they need from those through these two helpers.

    __getattr__ = names_from(__name__, {"SearchEngine": "engine", ...})   # a package's re-exports (PEP 562)
    calls = module("bouquet_desk.core.calls.calls")                      # a module used inside functions
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any


def names_from(package: str, homes: dict[str, str]):
    """The module `__getattr__` of `package` (PEP 562) that imports each name from its submodule, homes[name],
    when first asked for, then keeps it in the package."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the PEP 562 hook
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


class module:  # noqa: N801 - used as `x = module("…")`, in place of an import statement
    """A module imported on its first attribute access, from any thread (importlib's own locks make the
    import once; racing first accesses only look the finished module up twice)."""

    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module = None

    def __getattr__(self, attribute: str) -> Any:
        loaded = self._module
        if loaded is None:
            loaded = self._module = import_module(self._name)
        return getattr(loaded, attribute)

    def __repr__(self) -> str:
        return f"<deferred module {self._name!r}>"
