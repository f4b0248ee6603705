"""The store: migrations reach head on first use, match the tables exactly, and are idempotent."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from workflow.store import Store
from workflow.store.migrate import current, head
from workflow.store.tables import Base


def test_first_use_migrates_to_head_and_matches_the_tables(database_url: str) -> None:
    store = Store(database_url)
    try:
        assert current(store.engine) == head()
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
        Store(database_url).dispose()  # a second opening changes nothing
        assert current(store.engine) == head()
    finally:
        store.dispose()


def test_a_write_that_raises_leaves_nothing(database_url: str) -> None:
    from datetime import UTC, datetime

    import pytest

    from workflow.store.tables import Unit

    store = Store(database_url)
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(Unit(code="x", name="某单位", name_en="x", role="consumer", active=True, registered_at=datetime.now(UTC)))
        session.flush()
        raise RuntimeError("stop")
    with store.read() as session:
        assert session.get(Unit, "x") is None
    store.dispose()
