"""Fixtures of the operations tests: two operators' contexts on one database (SQLite, then PostgreSQL)."""

from __future__ import annotations

import pytest

from bouquet_desk.core.db.models import Contact, Establishment


@pytest.fixture
def two_operators(db_url, open_ctx):
    """(Alice's context, Bruno's context): two PCs on the same database, each with its own engine."""
    alice, bruno = open_ctx(db_url), open_ctx(db_url)
    alice.settings.operator, bruno.settings.operator = "Alice", "Bruno"
    return alice, bruno


@pytest.fixture
def add_contact():
    """add_contact(context) -> id: a minimal establishment and contact, written directly (the catalogue
    import is not under test here)."""
    return _add_contact


def _add_contact(context, ref: str = "C900", uai: str = "0629999Z") -> int:
    with context.sessions.begin() as session:
        establishment = Establishment(uai=uai, name="Lycée de test", type="LP")
        session.add(establishment)
        session.flush()
        contact = Contact(ref=ref, establishment_id=establishment.id, last_name="Durand", first_name="Anne",
                          role="DDFPT", phone="+33321000000", categories="PFMP")
        session.add(contact)
        session.flush()
        return contact.id
