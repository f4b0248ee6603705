"""A failing critical rule blocks what is downstream of the clean table; a warning does not."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from catalog.validate import load_catalog
from config.settings import PACKAGED_CATALOG
from orchestration.definitions import build_definitions
from orchestration.resources import Warehouse
from orchestration.run import dagster_instance
from tests.conftest import edit_yaml
from tests.ingest.files import A, write_hukou

WATER_HEADER = "用户编号,户主证件号码,户主姓名,用水地址,联系电话,开户日期,月均用水量"


def write_water(landing, holder_name: str) -> None:
    """One account held by resident A of the hukou file, under ``holder_name``."""
    (landing / "water").mkdir(parents=True, exist_ok=True)
    row = f"0212345678,{A},{holder_name},海曙区鼓楼街道,13857421096,2015-03-01,9.5"
    (landing / "water" / "yongshui_20261124.csv").write_text(f"{WATER_HEADER}\n{row}\n", encoding="utf-8")


def run(home, catalog_dir, meta: dict | None = None):
    defs = build_definitions(load_catalog(catalog_dir), Warehouse(home=str(home.home)))
    with dagster_instance(home) as instance:
        result = defs.resolve_job_def("main_job").execute_in_process(instance=instance, raise_on_error=False)
    if meta is not None:
        meta.update({
            (e.asset_check_evaluation_data.asset_key.path[-1], e.asset_check_evaluation_data.check_name): e.asset_check_evaluation_data.metadata
            for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
        })
    checks = {
        (e.asset_check_evaluation_data.asset_key.path[-1], e.asset_check_evaluation_data.check_name): e.asset_check_evaluation_data.passed
        for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    done = {e.asset_key.to_user_string() for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"}
    return checks, done


def test_warning_reports_but_does_not_block(home, monkeypatch):
    monkeypatch.setenv("DW_QUALITY_GX", "1")  # the GX suites run too, and must agree with polars
    write_hukou(home.landing_dir)
    write_water(home.landing_dir, "张四")  # the register says 张三: a cross-source mismatch (warning)
    meta: dict = {}
    checks, done = run(home, home.catalog_dir, meta)
    assert checks[("water_accounts", "quality_warnings")] is False
    water = meta[("water_accounts", "quality_warnings")]
    assert water["gx_agrees"].value is True and water["gx_expectations"].value > 10
    assert water["gx_mode"].value == "full"
    recorded = Path(water["gx_result"].value).read_text(encoding="utf-8")
    assert "gx_validation_result" in recorded
    assert A not in recorded and "张四" not in recorded and "13857421096" not in recorded  # GX's value samples dropped
    assert checks[("water_accounts", "quality_critical")] is True
    assert "release/restricted/water_accounts" in done


def test_failing_critical_rule_blocks_downstream(home, catalog_copy, monkeypatch):
    write_hukou(home.landing_dir)
    write_water(home.landing_dir, "张三")
    run(home, home.catalog_dir)  # loads both; everything passes

    # The catalog narrows 性别 to one value: the clean table already holds the other one.
    edit_yaml(catalog_copy / "psb.yaml", lambda d: d["datasets"][0]["fields"][2]["values"].update(allowed=["男"]))
    monkeypatch.setenv("DW_CATALOG", str(catalog_copy))
    checks, done = run(home, catalog_copy)
    assert checks[("household_registration", "quality_critical")] is False
    assert "release/restricted/household_registration" not in done  # blocked
    # Other datasets go on (their comparison with the blocked register waits for it).
    assert checks[("water_accounts", "quality_critical")] is True
    assert "release/restricted/water_accounts" in done


def test_check_specs_blocking_only_for_critical():
    defs = build_definitions(load_catalog(PACKAGED_CATALOG), Warehouse())
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey(["clean", "household_registration"])
    specs = {k.name: graph.get_check_spec(k) for k in graph.asset_check_keys if k.asset_key == key}
    assert specs["quality_critical"].blocking
    assert not specs["quality_warnings"].blocking and not specs["freshness"].blocking


def test_gx_validates_every_rule_by_default_and_the_report_links_it(home, monkeypatch):
    monkeypatch.delenv("DW_QUALITY_GX", raising=False)
    write_hukou(home.landing_dir)
    write_water(home.landing_dir, "张四")
    meta: dict = {}
    run(home, home.catalog_dir, meta)
    water = meta[("water_accounts", "quality_warnings")]
    assert water["gx_mode"].value == "results" and water["gx_agrees"].value is True
    assert water["gx_unsuccessful"].value >= 1  # the name held differs from the register's
    body = json.loads(Path(water["gx_result"].value).read_text(encoding="utf-8"))
    results = body["gx_validation_result"]["results"]
    assert len(results) == water["gx_expectations"].value > 10
    failed = {r["expectation_config"]["meta"]["rule_id"] for r in results if not r["success"]}
    assert any("name" in rule_id for rule_id in failed)
    assert all(r["expectation_config"]["meta"]["compiled"] for r in results)  # each names the rule's own expectations
    report = (home.reports_dir / "quality_report.html").read_text(encoding="utf-8")
    assert "Great Expectations 验证结果" in report and "gx/water_accounts.json" in report
