from . import refcount_guard as _refcount_guard  # noqa: F401 - see refcount_guard: PySide6 6.12 on Python 3.11
