"""Workflow fixtures: every store test runs twice, on a SQLite file and on PostgreSQL.

PostgreSQL isolation is one schema per test inside the session's scratch database (creating a
schema is cheap, a database is not); the URL pins ``search_path`` to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_service import LiveService
from sqlalchemy import create_engine, text

from config.settings import Settings, load_settings
from workflow.context import Workflow, open_workflow


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workflow.db'}"
        return
    base = request.getfixturevalue("postgres_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings(home: Settings, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DW_DATABASE_URL", database_url)
    monkeypatch.setenv("DW_TODAY", "2026-09-28")
    for var in ("DW_CALENDAR", "DW_UNITS", "DW_URGENT_WORKING_DAYS", "DW_AUDIT_KEY"):
        monkeypatch.delenv(var, raising=False)
    return load_settings(home.home)


@pytest.fixture
def wf(settings: Settings) -> Iterator[Workflow]:
    workflow = open_workflow(settings)
    yield workflow
    workflow.close()


@pytest.fixture
def live(settings: Settings) -> Iterator[LiveService]:
    service = LiveService(settings)
    yield service
    service.stop()
