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


def test_control_characters_typed_in_a_catalogue_edit_are_refused_too(sqlite_context, dev_catalogue):
    from sqlalchemy import select

    from bouquet_desk.core.catalogue import import_catalogue
    from bouquet_desk.core.catalogue.editing import update_formation
    from bouquet_desk.core.db.models import Formation
    from bouquet_desk.core.errors import UserError

    import_catalogue(sqlite_context, dev_catalogue)
    with sqlite_context.sessions() as session:
        formation = session.scalars(select(Formation).limit(1)).one()
    with pytest.raises(UserError, match=r"U\+001B interdit") as refused:
        update_formation(sqlite_context, formation.id, expected_version=formation.version,
                         description="\x1b[31mrouge")
    assert "\x1b" not in str(refused.value)
