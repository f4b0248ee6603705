"""The demo district through the whole main job: the foundation's promises at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.validate import load_catalog
from config.settings import Settings
from demo.generate import generate_district
from ingest.duplicate_report import duplicate_collections
from orchestration.definitions import build_definitions
from orchestration.resources import Warehouse
from orchestration.run import dagster_instance


def dw(settings: Settings, *args: str) -> str:
    env = {**os.environ, "DW_HOME": str(settings.home)}
    return subprocess.run([sys.executable, "-m", "dw", *args], env=env, check=True, capture_output=True, text=True).stdout


def run_main_job(settings: Settings) -> None:
    defs = build_definitions(load_catalog(settings.catalog_dir), Warehouse(home=str(settings.home)))
    with dagster_instance(settings) as instance:
        assert defs.resolve_job_def("main_job").execute_in_process(instance=instance).success


def delta_logs(lake: Path) -> dict[Path, list[Path]]:
    return {log.parent: sorted(log.glob("*.json")) for log in lake.rglob("_delta_log")}


@pytest.fixture
def manifest(home: Settings) -> dict:
    return generate_district(2_000, 7, home.landing_dir)


def test_main_job_on_the_demo_district(home, manifest):
    run_main_job(home)

    status_document = json.loads(dw(home, "status", "--json"))
    status = {r["dataset"]: r for r in status_document["datasets"]}
    assert status_document["skipped_in_landing"] == []  # the demo lands nothing the intake must skip
    assert set(status) == set(manifest["datasets"])
    for ds, expected in manifest["datasets"].items():
        row = status[ds]
        assert row["raw_rows"] == expected["expected_rows"], ds
        assert row["quarantined_rows"] == expected["expected_quarantined"], ds
        assert row["raw_rows"] == row["clean_rows"] + row["quarantined_rows"], ds
        assert row["table_version"] == 1, ds  # v0 is the table created empty, v1 the first load (issue 12)
        assert row["reconciles"] and row["clean_table_rows"] == row["clean_rows"], ds

    findings = duplicate_collections(home.lake_dir)
    assert set(zip(findings["provider"], findings["authoritative_provider"])) == {("mca", "psb")}
    assert "宁波市海曙区民政局 (mca)" in dw(home, "report", "duplicates")
    assert (home.lake_dir / "release" / "open" / "enterprise_registration").exists()

    before = delta_logs(home.lake_dir)
    run_main_job(home)
    assert delta_logs(home.lake_dir) == before  # a second run creates no table version anywhere
