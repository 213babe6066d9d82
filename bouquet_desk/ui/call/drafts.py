"""Nothing lost: the call being typed is written to a small JSON file at every change (debounced by the
screen), atomically (temporary file, then rename), and removed once the call is saved and left. A draft
still there at the next start was left by a crash or a power cut: the window offers it back.

Qt-free on purpose: the files are plain JSON in user_data_dir()/drafts, one per call being typed.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path

from ...core.ops.files import FILE_MODE, private_dir
from ...core.paths import user_data_dir

log = logging.getLogger("bouquet_desk.ui.drafts")


@dataclass(frozen=True)
class Draft:
    phone: str = ""
    company: str = ""
    company_id: int | None = None
    commune: str = ""
    caller: str = ""
    email: str = ""
    category: str = ""
    notes: str = ""
    outcome: str = ""
    follow_up: str = ""  # ISO date, "" for none
    search: str = ""
    near: str = ""
    # Items discussed: [kind, db_id, title, establishment, uai]
    items: tuple[tuple, ...] = ()
    direction: str = "incoming"
    started_at: str = ""  # ISO, naive UTC
    call_id: int | None = None  # set once saved: a restored draft then updates that call
    version: int | None = None
    returning_call_id: int | None = None  # the call-back this call answers
    written_at: str = field(default="")

    @property
    def empty(self) -> bool:
        return not any((self.phone, self.company, self.caller, self.email, self.notes, self.category,
                        self.items))

    def describe(self) -> str:
        who = self.company or self.caller or self.phone or "?"
        return f"{who} — {self.notes[:60]}" if self.notes else who


class DraftStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or user_data_dir() / "drafts"
        self.name = f"draft-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}.json"

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def new_file(self) -> None:
        """The next call gets a file of its own (the previous one was saved and removed)."""
        self.name = f"draft-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}.json"

    def save(self, draft: Draft) -> None:
        data = asdict(draft)
        data["written_at"] = datetime.now().isoformat(timespec="seconds")
        try:
            private_dir(self.folder)
            tmp = self.path.with_suffix(".tmp")
            # Owner-only from its creation: a draft holds the caller's name, number and what they said.
            with os.fdopen(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE), "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:  # a full or read-only disk must not stop the call
            log.warning("draft not written to %s: %s", self.path, exc)

    def discard(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("draft %s not removed: %s", self.path, exc)

    def leftovers(self) -> list[tuple[Path, Draft]]:
        """Drafts of earlier runs (not this one's), newest first; unreadable files are skipped."""
        found = []
        if not self.folder.is_dir():
            return found
        for path in sorted(self.folder.glob("draft-*.json"), reverse=True):
            if path.name == self.name:
                continue
            draft = read(path)
            if draft is not None:
                found.append((path, draft))
        return found


def read(path: Path) -> Draft | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("draft %s unreadable: %s", path, exc)
        return None
    known = {f.name for f in fields(Draft)}
    values = {key: value for key, value in raw.items() if key in known}
    values["items"] = tuple(tuple(item) for item in values.get("items", ()))
    try:
        return Draft(**values)
    except TypeError:
        return None
