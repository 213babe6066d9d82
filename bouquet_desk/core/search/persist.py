"""The index saved in the user's data folder, so that a start on an unchanged catalogue skips the build
(about ten seconds at 100,000 formations; loading the saved index takes a fraction of that).

The file is named after a fingerprint of the catalogue (row counts, last change and version sums of the four
tables) and of what shapes the index (format, application version, lexicon, reference tables): any edit,
import or upgrade gives a new name, so a stale index is never read. Only files this module wrote are read.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path

from sqlalchemy import func, select

from ... import __version__
from ..db.models import Contact, Establishment, Formation, Resource
from ..ops.files import create_private_file, private_dir
from ..paths import resource_path, user_data_dir
from .index import SearchIndex

log = logging.getLogger("bouquet_desk.search")

INDEX_FORMAT = 2
_PREFIX = "index-"
_SUFFIX = ".pickle"


def fingerprint(sessions) -> str:
    digest = hashlib.sha256(f"{INDEX_FORMAT}|{__version__}".encode())
    with sessions() as session:
        for model in (Establishment, Contact, Formation, Resource):
            row = session.execute(select(
                func.count(), func.max(model.id), func.max(model.updated_at), func.sum(model.version),
            ).select_from(model)).one()
            digest.update(repr(tuple(row)).encode())
        # The database file or server named too: two databases with the same counts are still two.
        digest.update(str(session.get_bind().url.render_as_string(hide_password=True)).encode())
    for path in (resource_path("search", "lexicon.json"), *sorted(resource_path("reference").glob("*.csv"))):
        try:
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(path.name.encode())
    return digest.hexdigest()[:24]


def cache_folder() -> Path:
    return user_data_dir() / "search"


def load(key: str, analyzer) -> SearchIndex | None:
    path = cache_folder() / f"{_PREFIX}{key}{_SUFFIX}"
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file: rebuild rather than fail the start
        log.warning("saved search index %s unreadable (%s): rebuilding", path, exc)
        return None
    if not isinstance(index, SearchIndex):
        return None
    index.analyzer = analyzer
    return index


def save(key: str, index: SearchIndex) -> None:
    """Write the index (then drop older ones); a read-only data folder only costs the next start a build."""
    folder = cache_folder()
    target = folder / f"{_PREFIX}{key}{_SUFFIX}"
    try:
        # Contacts' names are in the index: owner-only, like the database beside it.
        private_dir(folder)
        tmp = create_private_file(target.with_suffix(".tmp"))
        with tmp.open("wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        for old in folder.glob(f"{_PREFIX}*{_SUFFIX}"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("search index not saved in %s: %s", folder, exc)
