"""The demo district through the main job: every injected cross-source fault caught by a named
rule with the manifest's exact count, blamed on the non-authoritative provider; reruns write nothing."""

from __future__ import annotations

import polars as pl

from catalog.validate import load_catalog
from expectations.findings import SCHEMA, findings_path, read_findings
from expectations.freshness import all_freshness
from expectations.recheck import recheck
from lakehouse import tables
from tests.expectations.conftest import run_main_job

# fault of the demo district -> the kind of rule that must catch it
CAUGHT_BY = {"orphan_reference": ".exists", "name_mismatch": ".agrees_with_household_registration"}


def test_every_injected_cross_source_fault_is_caught_with_the_exact_count(demo_run):
    settings, manifest = demo_run
    catalog = load_catalog(settings.catalog_dir)
    findings = read_findings(settings.lake_dir)
    assert findings.schema == SCHEMA
    checked = 0
    for dataset, entry in manifest["datasets"].items():
        for fault, suffix in CAUGHT_BY.items():
            stated = entry["faults"]["accepted"][fault]
            for column, count in stated["by_column"].items():
                field = next(f for f in catalog.dataset(dataset).dataset.fields if f.column == column)
                rule_id = f"{dataset}.{field.name}{suffix}"
                rows = findings.filter(pl.col("rule_id") == rule_id)
                assert rows["failing_rows"].sum() == count, (rule_id, count)
                assert set(rows["provider"]) == {catalog.dataset(dataset).provider.code} != {"psb"}
                checked += 1
    assert checked >= 4  # hrss, water x2, power


def test_no_raw_personal_value_in_findings(demo_run):
    settings, _ = demo_run
    clean = tables.read(tables.table_path(settings.lake_dir, "clean", "water_accounts"))
    ids = set(clean["holder_id"].drop_nulls().to_list())
    text = " ".join(read_findings(settings.lake_dir)["sample"].to_list())
    assert not [i for i in ids if i in text]
    assert "********" in text


def test_rerun_adds_no_findings_and_no_versions(demo_run):
    settings, _ = demo_run
    before = tables.version(findings_path(settings.lake_dir))
    rows = read_findings(settings.lake_dir).height
    assert run_main_job(settings)
    assert tables.version(findings_path(settings.lake_dir)) == before
    assert read_findings(settings.lake_dir).height == rows


def test_recheck_reports_the_rows_that_still_fail(demo_run):
    settings, _ = demo_run
    finding = read_findings(settings.lake_dir, rule_id="water_accounts.holder_name.agrees_with_household_registration").row(0, named=True)
    keys = set(finding["rows"])
    clean_key = next(k for k in tables.read(tables.table_path(settings.lake_dir, "clean", "water_accounts"))
                     .select(pl.format("{}:{}", "_batch_id", "_row_number")).to_series() if k not in keys)
    assert recheck(finding["rule_id"], "water_accounts", keys | {clean_key}, settings) == keys


def test_freshness_names_the_late_provider(demo_run):
    settings, _ = demo_run
    fresh = {f.dataset: f for f in all_freshness(load_catalog(settings.catalog_dir), settings.lake_dir, settings.today())}
    assert not fresh["household_registration"].stale  # daily, delivered yesterday
    hotline = fresh["hotline_work_orders"]  # real time: one day without a delivery is late
    assert not hotline.stale
    later = all_freshness(load_catalog(settings.catalog_dir), settings.lake_dir, settings.today().replace(day=30))
    late = {f.dataset: f for f in later if f.stale}
    # 2026-11-24 deliveries on 2026-11-30: daily and real-time ones are late, weekly and monthly not yet.
    assert set(late) == {"household_registration", "enterprise_registration", "hotline_work_orders"}
    assert late["household_registration"].days_late == 5
    assert "宁波市公安局海曙分局 (psb)" in late["household_registration"].describe()


def test_report_renders_offline_in_chinese_without_personal_data(demo_run, offline_page):
    settings, _ = demo_run
    path = settings.reports_dir / "quality_report.html"
    assert path.exists()  # written by the main job's report asset
    html = path.read_text(encoding="utf-8")
    clean = tables.read(tables.table_path(settings.lake_dir, "clean", "household_registration"))
    for column in ("resident_id", "name", "household_address"):
        leaked = [v for v in clean[column].drop_nulls().unique().to_list() if len(v) >= 3 and v in html]
        assert not leaked, column
    page = offline_page.page
    page.goto(path.as_uri())
    headings = page.locator("h2").all_inner_texts()
    for zh in ("各提供单位通过率", "各数据集通过率", "未通过的规则", "跨源比对不一致", "隔离原因", "更新及时性", "通过率趋势", "各单位问题数据工单"):
        assert any(h.startswith(zh) for h in headings), zh
    assert page.locator("#trend svg polyline").count() >= 1
    table = page.locator("#cross-source table")
    page.locator("#cross-source input.filter").fill("water_accounts")
    shown = [r for r in table.locator("tbody tr").all() if r.is_visible()]
    assert shown and all("water_accounts" in r.inner_text() for r in shown)
    offline_page.screenshot("quality_report")
    assert offline_page.external == []
