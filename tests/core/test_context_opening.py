"""The window's context exists before its database opens (the first paint needs neither SQLAlchemy nor the
database): a read from a worker waits for the opening, a read on the GUI thread before it started is a bug
caught at once instead of a frozen window, and an opening that fails gives its French reason to every waiter."""

from __future__ import annotations

import threading

import pytest

from bouquet_desk.app import open_context, unopened_context
from bouquet_desk.core.catalogue.editing import catalogue_counts
from bouquet_desk.core.errors import UserError


def _read_in_thread(context) -> tuple[threading.Thread, dict]:
    box: dict = {}

    def read() -> None:
        try:
            box["counts"] = catalogue_counts(context.sessions)
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            box["error"] = exc

    worker = threading.Thread(target=read)
    worker.start()
    return worker, box


def test_a_worker_read_waits_for_the_opening(sqlite_url):
    context = unopened_context(sqlite_url)
    assert not context.is_open
    worker, box = _read_in_thread(context)
    worker.join(0.3)
    assert worker.is_alive() and box == {}  # waiting, not failing
    assert open_context(sqlite_url, seed_demo=False, context=context) is context
    worker.join(10)
    assert box == {"counts": (0, 0)} and context.is_open
    context.close()


def test_a_gui_read_before_the_opening_is_refused_at_once(sqlite_url):
    context = unopened_context(sqlite_url)
    with pytest.raises(RuntimeError, match="before it is opened"):
        context.sessions  # noqa: B018 - the property is what is tested
    open_context(sqlite_url, seed_demo=False, context=context)
    assert catalogue_counts(context.sessions) == (0, 0)
    context.close()


def test_a_failed_opening_gives_its_reason_to_whoever_waits(tmp_path):
    url = "sqlite:///:memory:"
    context = unopened_context(url)
    worker, box = _read_in_thread(context)
    with pytest.raises(UserError, match="en mémoire n'est pas prise en charge"):
        open_context(url, context=context)
    worker.join(10)
    assert isinstance(box.get("error"), UserError), box
    assert "en mémoire n'est pas prise en charge" in str(box["error"])
    with pytest.raises(UserError):
        context.engine  # noqa: B018
