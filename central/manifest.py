"""The dbt manifest the asset graph is built from, parsed once per change of the project.

``dbt parse`` runs in-process when ``dbt_project/target/manifest.json`` is missing or older than
the project's files (compared by hash), under a file lock so that parallel test workers or a
``dagster dev`` reload never parse into the same folder at once. The manifest holds no machine
path or secret: sources name their lake zone and table, resolved at build time.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from central.build import project_hash
from central.paths import DBT_PROJECT_DIR
from central.runner import run_dbt

MANIFEST_TARGET = DBT_PROJECT_DIR / "target"


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
        run_dbt(["parse"], target, project_dir=project_dir)
        stamp.write_text(wanted)
    return manifest
