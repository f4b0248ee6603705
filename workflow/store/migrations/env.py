"""Alembic environment: always handed a live connection by ``workflow.store.migrate``."""

from __future__ import annotations

from alembic import context

from workflow.store.tables import Base

connection = context.config.attributes["connection"]
# render_as_batch: SQLite alters a table by copying it, and Alembic must know to do so.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
