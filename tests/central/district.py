"""Session fixtures, imported by the test modules (no conftest here, see below).

One small demo district, ingested, released and built once per test session (per worker).

Ingestion and releases run through their own packages (``ingest``, ``masking``), the dbt build
through ``central.build.build_now`` with the dbt unit tests included. Not a ``conftest.py``:
with ``--doctest-modules`` a conftest in ``tests/central`` would be imported before
``tests/conftest.py`` under the same module name.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.model import Catalog
from catalog.validate import load_catalog
from central.build import build_now
from central.paths import target_dir
from config.settings import Settings, load_settings
from demo.generate import generate_district
from ingest.pipeline import ingest_dataset
from lakehouse import tables
from masking.release import publish_release, releases_for

SCALE = 1500
SEED = 11


def load_district(settings: Settings, catalog: Catalog) -> None:
    """Ingest every landed file and publish every release copy the catalog allows."""
    for entry in catalog.entries:
        ingest_dataset(entry, catalog, settings)
        clean = tables.read(tables.table_path(settings.lake_dir, "clean", entry.dataset.id))
        for cls in releases_for(entry):
            publish_release(entry, clean, cls, settings, workers=1)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Settings]:
    """Settings of a warehouse whose central tables are built and published (DW_HOME points there).

    Under pytest-xdist the workers share one home: the first builds it, the others wait and reuse
    it (a second worker's reads during a rebuild are exactly what the warehouse promises to serve).
    """
    base = tmp_path_factory.getbasetemp()
    root = base if worker_id == "master" else base.parent  # the parent is this run's, shared by its workers
    home = root / "central_home"
    with open(root / "central_home.lock", "w") as lock, pytest.MonkeyPatch.context() as mp:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for var in ("DW_CATALOG", "DW_LANDING", "DW_LAKE", "DW_PSEUDONYM_KEY", "DW_TODAY", "DW_K_ANONYMITY"):
            mp.delenv(var, raising=False)
        mp.setenv("DW_HOME", str(home))
        mp.setenv("DW_TODAY", "2026-12-01")
        settings = load_settings(home)
        if not (home / "first_run_results.json").exists():
            generate_district(SCALE, SEED, settings.landing_dir)
            catalog = load_catalog(settings.catalog_dir)
            load_district(settings, catalog)
            build_now(settings, catalog, unit_tests=True)
            # Later tests rebuild; keep what the first build (with the unit tests) reported.
            shutil.copyfile(target_dir(settings) / "run_results.json", home / "first_run_results.json")
        fcntl.flock(lock, fcntl.LOCK_UN)
        yield settings


@pytest.fixture(scope="session")
def catalog(built: Settings) -> Catalog:
    return load_catalog(built.catalog_dir)


def published(settings: Settings) -> Path:
    from central.paths import published_db

    return published_db(settings)
