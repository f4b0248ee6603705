"""Alembic, run programmatically: the migrations ship inside the package, no alembic.ini.

``upgrade`` runs on first use of a store and by ``dw db upgrade``; it is a no-op at head.
To add a migration after changing ``tables.py``::

    .venv/bin/python -m workflow.store.migrate "add grants"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Two processes opening a new PostgreSQL store at once must not both create the tables.
_PG_LOCK = 0x64775F776F726B  # any constant, the same for every process


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to head, in one transaction (DDL is transactional on both databases)."""
    if current(engine) == head():
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        config = _config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def revision(message: str) -> None:
    """Autogenerate a migration: the difference between head and ``tables.py``."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/scratch.db")
        upgrade(engine)
        with engine.begin() as conn:
            config = _config()
            config.attributes["connection"] = conn
            command.revision(config, message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    revision(" ".join(sys.argv[1:]) or "change")
