"""Claiming the right to create a shared record, so that two PCs logging a call from the same new company
(or the same new caller) at the same instant make one record, not two.

Without a unique key to lean on (two companies may share a name in different communes, a SIRET is often
unknown), the find-then-create of a company or caller is serialised per key: on PostgreSQL by a transaction
advisory lock on a hash of the key (other keys go on in parallel; released at commit or rollback); on SQLite,
where writers are serialised anyway, by taking the database's write lock before the find (an empty UPDATE
opens the write transaction). The second PC then finds what the first created.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..text import fold


def claim(session: Session, kind: str, key: str) -> None:
    """Waits until no other transaction is finding-or-creating the record `kind`/`key`; holds it until commit."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        digest = hashlib.blake2b(f"{kind}:{fold(key).strip()}".encode("utf-8"), digest_size=8).digest()
        number = int.from_bytes(digest, "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": number})
    elif dialect == "sqlite":
        session.execute(text("UPDATE change_log SET id = id WHERE 0 = 1"))
