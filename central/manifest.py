"""The dbt manifest the asset graph is built from, parsed once per change of the project.

``dbt parse`` runs in-process when ``dbt_project/target/manifest.json`` is missing or older than
the project's files (compared by hash), under a file lock so that parallel test workers or a
``dagster dev`` reload never parse into the same folder at once. The manifest holds no machine
path or secret: sources name their lake zone and table, resolved at build time.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from central.build import project_hash
from central.paths import DBT_PROJECT_DIR

MANIFEST_TARGET = DBT_PROJECT_DIR / "target"


class DbtParseFailed(RuntimeError):
    pass


def ensure_manifest(project_dir: Path = DBT_PROJECT_DIR) -> Path:
    target = project_dir / "target"
    target.mkdir(exist_ok=True)
    manifest = target / "manifest.json"
    stamp = target / ".dw_project_hash"
    wanted = project_hash(project_dir)
    with open(target / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest.exists() and stamp.exists() and stamp.read_text() == wanted:
            return manifest
        run_dbt(["parse"], project_dir, target)
        stamp.write_text(wanted)
    return manifest


def run_dbt(args: list[str], project_dir: Path, target: Path) -> None:
    """One in-process dbt invocation; a failure is one line naming the command."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    result = dbtRunner().invoke([*args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
                                 "--target-path", str(target), "--log-path", str(target), "--quiet"])
    if not result.success:
        raise DbtParseFailed(f"dbt {' '.join(args)} 失败 failed: {result.exception or 'see ' + str(target / 'dbt.log')}")
