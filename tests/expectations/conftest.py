"""A demo district run once through the main job, shared by the quality tests that only read it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.validate import load_catalog
from config.settings import Settings, load_settings
from demo.generate import generate_district, manifest_path
from orchestration.definitions import build_definitions
from orchestration.resources import Warehouse
from orchestration.run import dagster_instance

DEMO_TODAY = "2026-11-25"  # the day after the demo's files are dated: every dataset fresh but real-time ones


def run_main_job(settings: Settings) -> bool:
    defs = build_definitions(load_catalog(settings.catalog_dir), Warehouse(home=str(settings.home)))
    with dagster_instance(settings) as instance:
        return defs.resolve_job_def("main_job").execute_in_process(instance=instance, raise_on_error=False).success


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, dict]]:
    home = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("DW_CATALOG", "DW_LANDING", "DW_LAKE", "DW_RECOLLECTION_POLICY", "DW_DATABASE_URL"):
            mp.delenv(var, raising=False)
        mp.setenv("DW_HOME", str(home))
        mp.setenv("DW_TODAY", DEMO_TODAY)
        settings = load_settings(home)
        manifest = generate_district(2_000, 11, settings.landing_dir)
        assert run_main_job(settings)
        yield settings, manifest


def manifest_of(path: Path) -> dict:
    return json.loads(manifest_path(path).read_text(encoding="utf-8"))
