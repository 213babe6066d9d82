"""The window on a temporary SQLite copy of the demo catalogue, with a runner that works synchronously and no
modal box: every MessageBox and dialog classmethod is answered by the test."""

from __future__ import annotations

import shutil

import pytest

from bouquet_desk.ui.errors import MessageBox

# The offscreen platform cannot pass a top-level window's size hints on; that is no problem of ours.
OFFSCREEN_NOISE = "This plugin does not support (propagateSizeHints|raise)"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/") and "/dashboard/" not in str(item.fspath):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """The demo catalogue in a SQLite file, made once per session and copied by each test."""
    import os

    from bouquet_desk.app import open_context
    from bouquet_desk.core.catalogue.demo import load_demo

    folder = tmp_path_factory.mktemp("demo")
    saved = os.environ.get("BOUQUET_DESK_DATA_DIR")
    os.environ["BOUQUET_DESK_DATA_DIR"] = str(folder / "data")
    try:
        context = open_context(f"sqlite:///{folder / 'demo.db'}", seed_demo=False)
        load_demo(context)
        context.close()
    finally:
        if saved is None:
            os.environ.pop("BOUQUET_DESK_DATA_DIR", None)
        else:
            os.environ["BOUQUET_DESK_DATA_DIR"] = saved
    return str(folder / "demo.db")


@pytest.fixture
def demo_context(demo_db, tmp_path, open_ctx):
    target = tmp_path / "desk.db"
    shutil.copy(demo_db, target)
    context = open_ctx(f"sqlite:///{target}")
    context.settings.operator = "Sandrine"
    context.settings.telephony_port = 0  # each test window's call-event endpoint on a free port of its own
    return context


@pytest.fixture
def no_modal(monkeypatch):
    """Records every message instead of showing it; confirm() answers `answers` (True by default)."""
    class Seen(list):
        answers: list[bool]

    seen = Seen()
    answers: list[bool] = []

    def error(cls, parent, title, text, details=""):
        seen.append(("error", title, text))

    def info(cls, parent, title, text):
        seen.append(("info", title, text))

    def confirm(cls, parent, title, text):
        seen.append(("confirm", title, text))
        return answers.pop(0) if answers else True

    monkeypatch.setattr(MessageBox, "error", classmethod(error))
    monkeypatch.setattr(MessageBox, "info", classmethod(info))
    monkeypatch.setattr(MessageBox, "confirm", classmethod(confirm))
    seen.answers = answers  # type: ignore[attr-defined]
    return seen


@pytest.fixture
def window(demo_context, qtbot, no_modal, tmp_path):
    from bouquet_desk.ui.call.drafts import DraftStore
    from bouquet_desk.ui.main_window import MainWindow
    from bouquet_desk.ui.runner import SyncRunner

    widget = MainWindow(demo_context, SyncRunner(), drafts=DraftStore(tmp_path / "drafts"), poll=False)
    qtbot.addWidget(widget)
    widget.resize(1500, 950)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
