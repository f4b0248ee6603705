"""Real services the tests talk to: a throw-away PostgreSQL database and headless Chromium.

Nothing here is a mock. `.ci/run` starts PostgreSQL (127.0.0.1:5432, trust auth) and installs
Debian's chromium before `make test`; a test that needs either fails loudly if it is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workflow.store.scratch import scratch_postgres_database as scratch

POSTGRES_ADMIN_URL = os.environ.get("DW_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHROMIUM = os.environ.get("DW_TEST_CHROMIUM", "/usr/bin/chromium")
# The probe's flags: without the background-networking ones Chromium tries Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@contextmanager
def scratch_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test session; dropped afterwards. Yields its URL."""
    with scratch(POSTGRES_ADMIN_URL, prefix="dw_test") as url:
        yield url
