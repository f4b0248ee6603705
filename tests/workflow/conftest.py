"""Workflow fixtures: every store test runs twice, on a SQLite file and on PostgreSQL.

PostgreSQL isolation is one schema per test inside the session's scratch database (creating a
schema is cheap, a database is not); the URL pins ``search_path`` to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
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


class LiveService:
    """`dw serve`'s app on a real uvicorn server in a thread, on a free loopback port."""

    def __init__(self, settings: Settings):
        import socket
        import threading

        import uvicorn

        from service.app import create_app

        self.app = create_app(settings)
        self.wf: Workflow = self.app.state.wf
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        import time

        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.01)

    def token(self, unit: str, label: str | None = None, expires_on=None) -> str:  # type: ignore[no-untyped-def]
        from workflow.credentials import issue
        from workflow.units import operator

        with self.wf.store.write() as session:
            return issue(session, self.wf.audit, operator(session, None, "test-ops"), unit, label or f"{unit}-system", expires_on).token

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.wf.close()


@pytest.fixture
def live(settings: Settings) -> Iterator[LiveService]:
    service = LiveService(settings)
    yield service
    service.stop()
