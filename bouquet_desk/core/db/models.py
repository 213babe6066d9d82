"""The tables. Catalogue rows are archived, never deleted, so calls and referrals keep pointing at them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .base import Base, utcnow


# Full-text search structures over calls, made by migration 0002 and not expressible as models: the SQLite FTS5
# table (with the shadow tables FTS5 keeps) and the PostgreSQL trigram indexes. The comparison of models with
# migrations (`db check`) leaves these names aside.
CALLS_TEXT_TABLE = "calls_text"
SEARCH_STRUCTURES = frozenset({
    CALLS_TEXT_TABLE, *(f"{CALLS_TEXT_TABLE}_{part}" for part in ("data", "idx", "docsize", "config", "content")),
    "ix_calls_notes_trgm", "ix_calls_search_terms_trgm", "ix_calls_phone_trgm",
})


class VersionedMixin:
    """A version counter so that two operators saving the same row are detected (optimistic locking)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


# ---------------------------------------------------------------- catalogue


class CatalogueEdition(Base):
    """One import of a workbook: when, from which file, by whom, and what it changed."""

    __tablename__ = "catalogue_editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    source: Mapped[str] = mapped_column(String(500), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    operator: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class Establishment(VersionedMixin, Base):
    __tablename__ = "establishments"

    id: Mapped[int] = mapped_column(primary_key=True)
    uai: Mapped[str] = mapped_column(String(8), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    address: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    commune: Mapped[str | None] = mapped_column(String(120))
    insee_code: Mapped[str | None] = mapped_column(String(5))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # True when the coordinates were taken from the commune rather than given in the workbook.
    coordinates_derived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    territory: Mapped[str | None] = mapped_column(String(120))
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_editions.id"))

    contacts: Mapped[list[Contact]] = relationship(back_populates="establishment")
    formations: Mapped[list[Formation]] = relationship(back_populates="establishment")
    resources: Mapped[list[Resource]] = relationship(back_populates="establishment")


class Contact(VersionedMixin, Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), nullable=False, index=True)
    last_name: Mapped[str] = mapped_column(String(120), nullable=False)
    first_name: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(30), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    # Comma-separated enquiry categories (PFMP, LOCAUX, ...): a short closed list, always read whole.
    categories: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    availability: Mapped[str | None] = mapped_column(Text)
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_editions.id"))

    establishment: Mapped[Establishment] = relationship(back_populates="contacts")
    backup: Mapped[Contact | None] = relationship(remote_side=[id])
    absences: Mapped[list[ContactAbsence]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactAbsence.start_date"
    )


class ContactAbsence(Base):
    __tablename__ = "contact_absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str | None] = mapped_column(String(200))

    contact: Mapped[Contact] = relationship(back_populates="absences")


class Formation(VersionedMixin, Base):
    __tablename__ = "formations"
    __table_args__ = (UniqueConstraint("establishment_id", "cfd"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), nullable=False, index=True)
    cfd: Mapped[str] = mapped_column(String(8), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    diploma: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[int | None] = mapped_column(Integer)
    # Comma-separated: scolaire, apprentissage, continue.
    pathways: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    duration: Mapped[str | None] = mapped_column(String(60))
    capacity: Mapped[int | None] = mapped_column(Integer)
    pfmp_periods: Mapped[str | None] = mapped_column(Text)
    # Space-separated ROME codes; rome_derived says they came from the CFD, not from the workbook.
    rome_codes: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    rome_derived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    description: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_editions.id"))

    establishment: Mapped[Establishment] = relationship(back_populates="formations")
    contact: Mapped[Contact | None] = relationship()


class Resource(VersionedMixin, Base):
    __tablename__ = "resources"
    __table_args__ = (UniqueConstraint("establishment_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(60), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    type: Mapped[str] = mapped_column(String(30), nullable=False)
    capacity: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    equipment: Mapped[str | None] = mapped_column(Text)
    services: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    price: Mapped[str | None] = mapped_column(Text)
    availability: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_editions.id"))

    establishment: Mapped[Establishment] = relationship(back_populates="resources")
    contact: Mapped[Contact | None] = relationship()


# ---------------------------------------------------------------- companies and calls


class Company(VersionedMixin, Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
    siret: Mapped[str | None] = mapped_column(String(14), unique=True)
    naf: Mapped[str | None] = mapped_column(String(6))
    address: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    commune: Mapped[str | None] = mapped_column(String(120))
    insee_code: Mapped[str | None] = mapped_column(String(5))
    member: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Set when merged into another record; the duplicate stays so history can be explained.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))


class Caller(VersionedMixin, Base):
    """A person who calls. Personal data: anonymised after the retention period (RGPD)."""

    __tablename__ = "callers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    last_contact_at: Mapped[datetime | None] = mapped_column(DateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("callers.id"))

    company: Mapped[Company | None] = relationship()


class Call(VersionedMixin, Base):
    __tablename__ = "calls"
    # The journal filters by motive and outcome and shows the newest first: these give its pages in date order.
    __table_args__ = (
        Index("ix_calls_started_at_category", "started_at", "category"),
        Index("ix_calls_category_started_at", "category", "started_at"),
        Index("ix_calls_outcome_started_at", "outcome", "started_at"),
        Index("ix_calls_category_outcome_started_at", "category", "outcome", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(10), nullable=False, default="incoming")
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("callers.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    category: Mapped[str] = mapped_column(String(30), nullable=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    search_terms: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    operator: Mapped[str] = mapped_column(String(100), nullable=False, default="")

    caller: Mapped[Caller | None] = relationship()
    company: Mapped[Company | None] = relationship()
    items: Mapped[list[CallItem]] = relationship(back_populates="call", cascade="all, delete-orphan")
    referrals: Mapped[list[Referral]] = relationship(back_populates="call", order_by="Referral.id")


class CallItem(Base):
    """A catalogue item discussed during a call (exactly one of the three targets is set)."""

    __tablename__ = "call_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True)
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishments.id"))
    formation_id: Mapped[int | None] = mapped_column(ForeignKey("formations.id"))
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"))

    call: Mapped[Call] = relationship(back_populates="items")


class Referral(VersionedMixin, Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), nullable=False, index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), nullable=False, index=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), nullable=False, index=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="sent")
    outcome: Mapped[str | None] = mapped_column(String(30))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    call: Mapped[Call] = relationship(back_populates="referrals")
    contact: Mapped[Contact] = relationship()
    establishment: Mapped[Establishment] = relationship()
    items: Mapped[list[ReferralItem]] = relationship(back_populates="referral", cascade="all, delete-orphan")


class ReferralItem(Base):
    __tablename__ = "referral_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False, index=True)
    formation_id: Mapped[int | None] = mapped_column(ForeignKey("formations.id"))
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resources.id"))

    referral: Mapped[Referral] = relationship(back_populates="items")


class Letter(Base):
    """A generated letter, archived with its call (the .docx itself, so any operator can reopen it)."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), nullable=False, index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"))
    recipient: Mapped[str] = mapped_column(String(20), nullable=False)
    template: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    docx: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)


class OutboxMessage(Base):
    """An e-mail as it will leave (the whole RFC 5322 message, attachment included), stored before any attempt
    so that nothing is lost when the server is down or the PC offline. status: pending, sending, sent, failed,
    cancelled; `answer` keeps the server's last reply."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # letter (to the company), notice (to a contact), reminder (to a contact past the deadline)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    to_address: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    message: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer: Mapped[str] = mapped_column(Text, nullable=False, default="")
    operator: Mapped[str] = mapped_column(String(100), nullable=False, default="")


# ---------------------------------------------------------------- history and signals


class ChangeLog(Base):
    """Who changed what and when, for catalogue rows, calls and referrals alike."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    who: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    entity: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[int] = mapped_column(Integer, nullable=False)
    entity_key: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    # JSON object {field: [old, new]}.
    changes: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_editions.id"))
    # Which running program wrote the row (one token per process, set on its sessionmaker): a window's poll
    # leaves out its own rows, already announced when its write returned, so they are never "a colleague's".
    origin: Mapped[str] = mapped_column(String(32), nullable=False, default="", server_default="")


class SearchLog(Base):
    """Searches that found nothing: the raw material of the unmet-demand register. No personal data."""

    __tablename__ = "search_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow, index=True)
    query: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str | None] = mapped_column(String(20))
    results: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
