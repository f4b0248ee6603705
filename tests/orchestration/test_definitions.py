"""The asset graph is generated from the catalog; its shape is pinned so a change shows as a diff."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from catalog.validate import load_catalog
from config.settings import PACKAGED_CATALOG
from ingest.status import dataset_status
from lakehouse import tables
from orchestration.definitions import build_definitions
from orchestration.resources import Warehouse
from orchestration.run import dagster_instance
from tests.ingest.files import write_dibao, write_hukou

PINNED = Path(__file__).with_name("asset_keys.txt")


def test_asset_keys_are_pinned():
    defs = build_definitions(load_catalog(PACKAGED_CATALOG), Warehouse())
    keys = sorted(k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys())
    assert keys == PINNED.read_text(encoding="utf-8").split(), (
        "the asset graph changed; if intended, regenerate tests/orchestration/asset_keys.txt"
    )


def test_every_dataset_has_raw_clean_quarantine_and_a_reconcile_check():
    catalog = load_catalog(PACKAGED_CATALOG)
    graph = build_definitions(catalog, Warehouse()).resolve_asset_graph()
    for entry in catalog.entries:
        ds = entry.dataset.id
        clean = dg.AssetKey(["clean", ds])
        assert dg.AssetKey(["raw", ds]) in graph.get(clean).parent_keys
        assert graph.get(clean).group_name == entry.provider.code
        assert dg.AssetCheckKey(clean, "counts_reconcile") in graph.asset_check_keys


def test_main_job_materialises_with_metadata_and_reruns_without_new_versions(home):
    write_hukou(home.landing_dir)
    write_dibao(home.landing_dir)
    catalog = load_catalog(home.catalog_dir)
    defs = build_definitions(catalog, Warehouse(home=str(home.home)))
    job = defs.resolve_job_def("main_job")
    with dagster_instance(home) as instance:
        first = job.execute_in_process(instance=instance)
        assert first.success
        clean = first.asset_materializations_for_node("ingest_household_registration")
        meta = {m.asset_key.to_user_string(): m.metadata for m in clean}
        hukou = meta["clean/household_registration"]
        assert hukou["accepted"].value == 2 and hukou["rows_in"].value == 5 and hukou["table_version"].value == 1  # v0: created empty (issue 12)
        assert meta["quarantine/household_registration"]["quarantined"].value == 3
        checks = [e for e in first.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
        passed = {e.asset_check_evaluation_data.asset_key.path[1]: e.asset_check_evaluation_data.passed for e in checks}
        assert passed["household_registration"] and passed["subsistence_allowance"]
        assert not passed["water_accounts"]  # nothing landed: a warning, not silence

        released = {p: tables.version(p) for p in (home.lake_dir / "release").glob("*/*")}
        assert {p.relative_to(home.lake_dir).as_posix() for p in released} == {
            "release/restricted/household_registration", "release/not_shared/subsistence_allowance"}

        before = dataset_status(catalog, home.lake_dir)
        assert job.execute_in_process(instance=instance).success
        assert dataset_status(catalog, home.lake_dir) == before
        assert {p: tables.version(p) for p in released} == released  # releases not rebuilt either
    assert (home.reports_dir / "duplicate_collection.md").read_text(encoding="utf-8").count("(mca)") == 2
