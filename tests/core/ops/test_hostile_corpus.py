"""The bad-input corpus (tests/data/hostile/): every file refused by `import` with exit 2, a French message
that echoes no control character and no Python text, and nothing written to the catalogue."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest
from catalogue_files import db_state

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "data" / "hostile"))
from make_hostile import write_corpus  # noqa: E402

PYTHON_WORDS = ("invalid literal", "Traceback", "Error -3", "not well-formed", "There is no item", "zip file",
                "out of range", "must be in", "int too large")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


def test_the_corpus_is_large_enough(corpus):
    assert len(corpus) >= 60


def test_every_hostile_file_is_refused_cleanly_and_writes_nothing(corpus, sqlite_url, open_ctx, dev_catalogue):
    from bouquet_desk.app import main
    from bouquet_desk.core.catalogue import import_catalogue

    context = open_ctx(sqlite_url)
    import_catalogue(context, dev_catalogue)  # something to lose
    before = db_state(context)
    refused = []
    for path in corpus:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", sqlite_url, "import", str(path)])
        message = err.getvalue()
        assert code == 2, f"{path.name}: exit {code}\n{message}"
        assert message.startswith("bouquet-desk: "), (path.name, message)
        assert not any(word in message for word in PYTHON_WORDS), (path.name, message)
        assert not any(ord(char) < 32 and char not in "\n\t" for char in message), (path.name, repr(message))
        assert db_state(context) == before, f"{path.name} wrote something"
        refused.append(path.name)
    assert len(refused) == len(corpus)
