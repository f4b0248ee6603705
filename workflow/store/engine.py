"""Engines and transactions for the one workflow store.

Writes are short transactions that take their locks up front, so two writers never both win:
on SQLite a write transaction starts with ``BEGIN IMMEDIATE`` (the database's one write lock,
waited for up to ``BUSY_SECONDS``), on PostgreSQL the code locks the rows it changes
(``SELECT ... FOR UPDATE``). Reads never wait for writers (SQLite in WAL mode, PostgreSQL MVCC).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_SECONDS = 30


class Store:
    def __init__(self, url: str, *, upgrade: bool = True):
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        if self.is_sqlite:
            _ensure_parent(url)
            self.engine = _sqlite_engine(url, begin="BEGIN IMMEDIATE")
            self._read_engine = _sqlite_engine(url, begin="BEGIN")
        else:
            self.engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
            self._read_engine = self.engine
        # SQLite's own wait for its write lock is a sleep-and-retry loop: under load some writers
        # retry for seconds while others get in. Writers of this process queue here instead.
        self._writer = threading.Lock() if self.is_sqlite else contextlib.nullcontext()
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self._read_engine, expire_on_commit=False)
        # One consistent view across several statements (verifying the audit chain against its
        # head); SQLite's read transaction already is one.
        snapshot = self._read_engine if self.is_sqlite else self.engine.execution_options(isolation_level="REPEATABLE READ")
        self._snapshot = sessionmaker(snapshot, expire_on_commit=False)
        if upgrade:
            from workflow.store.migrate import upgrade as upgrade_schema

            upgrade_schema(self.engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._writer, self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        with self._snapshot() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        self._read_engine.dispose()


def _ensure_parent(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # sqlite3 would otherwise open transactions on its own, late (at the first write) and
        # never for SELECTs; SQLAlchemy's recipe: let the "begin" event emit BEGIN instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql(begin)

    return engine
