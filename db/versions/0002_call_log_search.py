"""call log at a million calls: indexes for its filters, full-text search of notes and phone digits

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

The journal filters by motive and outcome and sorts by date: composite indexes give those rows already in
date order. Its free text (notes, search terms, part of a phone number) is searched through an index instead of
a LIKE scan of every call: on SQLite an FTS5 table with the trigram tokenizer (substring matching, as LIKE did)
over the calls' own columns (external content, kept in step by triggers); on PostgreSQL pg_trgm GIN indexes,
which ILIKE uses. These search structures are not in the models (SQLAlchemy has no FTS5 table);
models.SEARCH_STRUCTURES names them for the comparison of models and migrations.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TEXT_COLUMNS = ("notes", "search_terms", "phone")

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE calls_text USING fts5(notes, search_terms, phone, content='calls', content_rowid='id', "
    "tokenize='trigram')",
    "INSERT INTO calls_text(calls_text) VALUES ('rebuild')",
    "CREATE TRIGGER calls_text_insert AFTER INSERT ON calls BEGIN "
    "INSERT INTO calls_text(rowid, notes, search_terms, phone) VALUES (new.id, new.notes, new.search_terms, new.phone); "
    "END",
    "CREATE TRIGGER calls_text_delete AFTER DELETE ON calls BEGIN "
    "INSERT INTO calls_text(calls_text, rowid, notes, search_terms, phone) "
    "VALUES ('delete', old.id, old.notes, old.search_terms, old.phone); END",
    # Only when a searched column changes: a version bump or an outcome change leaves the index alone.
    "CREATE TRIGGER calls_text_update AFTER UPDATE OF notes, search_terms, phone ON calls BEGIN "
    "INSERT INTO calls_text(calls_text, rowid, notes, search_terms, phone) "
    "VALUES ('delete', old.id, old.notes, old.search_terms, old.phone); "
    "INSERT INTO calls_text(rowid, notes, search_terms, phone) VALUES (new.id, new.notes, new.search_terms, new.phone); "
    "END",
]


def upgrade() -> None:
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_category_started_at', ['category', 'started_at'], unique=False)
        batch_op.create_index('ix_calls_outcome_started_at', ['outcome', 'started_at'], unique=False)
        batch_op.create_index('ix_calls_category_outcome_started_at', ['category', 'outcome', 'started_at'],
                              unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in TEXT_COLUMNS:
            op.execute(f"CREATE INDEX ix_calls_{column}_trgm ON calls USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for name in ("calls_text_insert", "calls_text_delete", "calls_text_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS calls_text")
    elif dialect == 'postgresql':
        for column in TEXT_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_calls_{column}_trgm")
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_category_outcome_started_at')
        batch_op.drop_index('ix_calls_outcome_started_at')
        batch_op.drop_index('ix_calls_category_started_at')
