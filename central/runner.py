"""dbt in this process (``dbtRunner``): no second Python start, no parse when a manifest is given."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from central.paths import DBT_PROJECT_DIR


class DbtFailed(RuntimeError):
    """A dbt command failed; the message is one line naming it and where its log is."""


def run_dbt(args: list[str], target: Path, *, project_dir: Path = DBT_PROJECT_DIR, manifest: Any = None) -> Any:
    """Run one dbt command with its artifacts and log in ``target``; raise :class:`DbtFailed` on failure."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    try:
        result = dbtRunner(manifest=manifest).invoke(
            [*args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
             "--target-path", str(target), "--log-path", str(target), "--quiet"])
    finally:
        _release_duckdb()
    if not result.success:
        detail = result.exception or f"see {target / 'dbt.log'} and {target / 'run_results.json'}"
        raise DbtFailed(f"dbt {' '.join(args)} 失败 failed: {detail}")
    return result


def _release_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB connection in a class attribute across in-process runs; close
    it, so the build file is released before it is swapped in and the next run opens its own."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()  # type: ignore[attr-defined]
    DuckDBConnectionManager.close_all_connections()
