"""The one ingestion path, on files small enough to know every row."""

from __future__ import annotations

import polars as pl
import pytest

from catalog.validate import load_catalog
from config.settings import RecollectionPolicy
from ingest.duplicate_report import all_findings, duplicate_collections, render_markdown
from ingest.pipeline import ingest_dataset
from ingest.status import dataset_status
from lakehouse import tables
from tests.ingest.files import A, B, rid, write_dibao, write_hukou

HUKOU = "household_registration"
DIBAO = "subsistence_allowance"


@pytest.fixture
def catalog(home):
    return load_catalog(home.catalog_dir)


def ingest(catalog, settings, dataset):
    return ingest_dataset(catalog.dataset(dataset), catalog, settings)


def versions(settings, dataset):
    lake = settings.lake_dir
    return {z: tables.version(tables.table_path(lake, z, dataset)) for z in ("raw", "clean", "quarantine")} | {
        "ledger": tables.version(tables.table_path(lake, "meta", "batches"))
    }


def test_every_row_is_clean_or_quarantined_with_a_reason(home, catalog):
    write_hukou(home.landing_dir)
    [batch] = ingest(catalog, home, HUKOU)
    assert (batch.raw_rows, batch.clean_rows, batch.quarantined_rows) == (5, 2, 3)

    clean = tables.read(tables.table_path(home.lake_dir, "clean", HUKOU))
    assert clean["resident_id"].to_list() == [A, B]  # lower-case x upper-cased
    assert clean["household_address"][0] == "浙江省宁波市海曙区鼓楼街道中山西路12号"  # half-width
    assert clean["birth_date"].cast(pl.String).to_list() == ["1990-01-01", "1985-12-31"]
    assert clean.schema["registered_on"] == pl.Date

    quarantine = tables.read(tables.table_path(home.lake_dir, "quarantine", HUKOU)).sort("_row_number")
    reasons = dict(zip(quarantine["_row_number"], quarantine["_reason"]))
    assert "duplicate key: same as data row 1" in reasons[3]
    assert "invalid resident ID" in reasons[4]
    assert "required value missing" in reasons[5] and "[出生日期]" in reasons[5]
    assert quarantine["姓名"].to_list() == ["张三", "王五", "赵六"]  # original values kept


def test_raw_keeps_batch_metadata(home, catalog):
    write_hukou(home.landing_dir)
    [batch] = ingest(catalog, home, HUKOU)
    raw = tables.read(tables.table_path(home.lake_dir, "raw", HUKOU))
    assert raw.height == 5
    assert raw["_batch_id"].unique().to_list() == [batch.batch_id]
    assert raw["_source_file"].unique().to_list() == ["psb/hukou_20261124.csv"]
    assert raw["_file_sha256"].str.len_chars().unique().to_list() == [64]
    assert raw.schema["_loaded_at"] == pl.Datetime("us", "UTC")


def test_rerun_of_unchanged_file_creates_no_version(home, catalog):
    write_hukou(home.landing_dir)
    ingest(catalog, home, HUKOU)
    before = versions(home, HUKOU)
    assert ingest(catalog, home, HUKOU) == []
    assert versions(home, HUKOU) == before


def test_changed_file_makes_a_new_version_and_the_old_stays_readable(home, catalog):
    path = write_hukou(home.landing_dir)
    ingest(catalog, home, HUKOU)
    old_version = tables.version(tables.table_path(home.lake_dir, "clean", HUKOU))
    rows = path.read_bytes().decode("gb18030").splitlines()[1:]
    write_hukou(home.landing_dir, rows=[*rows, f"{rid('33020319700101001')},周七,男,1970-01-01,汉族,海曙区,鼓楼街道,2010-01-01"])
    [batch] = ingest(catalog, home, HUKOU)
    clean_path = tables.table_path(home.lake_dir, "clean", HUKOU)
    assert batch.clean_rows == 3 and tables.version(clean_path) == old_version + 1
    assert tables.read(clean_path).height == 3
    assert tables.read(clean_path, version=old_version).height == 2
    raw = tables.read(tables.table_path(home.lake_dir, "raw", HUKOU))
    assert raw.height == 6  # the file's earlier rows were replaced, not duplicated


def test_snapshot_takes_the_newest_file(home, catalog):
    write_hukou(home.landing_dir, "hukou_20261123.csv")
    write_hukou(home.landing_dir, "hukou_20261124.csv", rows=[f"{A},张三,男,1990-01-01,汉族,海曙区,鼓楼街道,2010-01-01"])
    stale, batch = ingest(catalog, home, HUKOU)
    assert batch.source_file == "psb/hukou_20261124.csv" and batch.clean_rows == 1
    assert (stale.source_file, stale.event) == ("psb/hukou_20261123.csv", "held") and "stale" in stale.reason


def test_recollected_item_is_kept_out_of_clean_and_reported_naming_both_providers(home, catalog):
    write_dibao(home.landing_dir)
    [batch] = ingest(catalog, home, DIBAO)
    assert batch.clean_rows == 2 and batch.quarantined_rows == 0
    clean = tables.read(tables.table_path(home.lake_dir, "clean", DIBAO))
    assert "姓名" not in clean.columns and "name" not in clean.columns
    assert clean["monthly_amount"].cast(pl.Float64).to_list() == [1250.0, 980.0]

    findings = duplicate_collections(home.lake_dir)
    assert sorted(zip(findings["column"], findings["provider"], findings["authoritative_provider"])) == [
        ("出生日期", "mca", "psb"), ("姓名", "mca", "psb")
    ]
    assert dict(zip(findings["column"], findings["rows_with_values"])) == {"姓名": 2, "出生日期": 1}
    report = render_markdown(all_findings(catalog, home.lake_dir))
    assert "宁波市海曙区民政局 (mca)" in report and "宁波市公安局海曙分局 (psb)" in report


def test_refuse_policy_quarantines_the_whole_file(home, catalog):
    write_dibao(home.landing_dir)
    refusing = home.__class__(**{**home.__dict__, "recollection_policy": RecollectionPolicy.refuse})
    [batch] = ingest(catalog, refusing, DIBAO)
    assert (batch.clean_rows, batch.quarantined_rows) == (0, 2)
    reasons = tables.read(tables.table_path(home.lake_dir, "quarantine", DIBAO))["_reason"].to_list()
    assert all("重复采集" in r and "psb" in r for r in reasons)


def test_file_missing_a_catalogued_column_is_quarantined_whole(home, catalog):
    write_hukou(home.landing_dir, rows=[f"{A},张三,男,1990-01-01,汉族,海曙区,鼓楼街道,2010-01-01"])
    path = home.landing_dir / "psb" / "hukou_20261124.csv"
    text = path.read_bytes().decode("gb18030").replace(",民族", ",族别")
    path.write_bytes(text.encode("gb18030"))
    [batch] = ingest(catalog, home, HUKOU)
    assert (batch.raw_rows, batch.clean_rows, batch.quarantined_rows) == (1, 0, 1)
    reason = tables.read(tables.table_path(home.lake_dir, "quarantine", HUKOU))["_reason"][0]
    assert "民族" in reason and "re-export" in reason


def test_status_reports_latest_batch_counts_and_version(home, catalog):
    write_hukou(home.landing_dir)
    ingest(catalog, home, HUKOU)
    rows = {r["dataset"]: r for r in dataset_status(catalog, home.lake_dir)}
    assert set(rows) == {e.dataset.id for e in catalog.entries}
    hukou = rows[HUKOU]
    assert (hukou["provider"], hukou["raw_rows"], hukou["clean_rows"], hukou["quarantined_rows"], hukou["clean_table_rows"]) == ("psb", 5, 2, 3, 2)
    assert hukou["reconciles"] and hukou["table_version"] == tables.version(tables.table_path(home.lake_dir, "clean", HUKOU))
    assert rows[DIBAO]["batch_id"] is None


def test_unreadable_file_is_refused_in_one_line_and_writes_no_table(home, catalog):
    path = write_hukou(home.landing_dir)
    path.write_bytes(path.read_bytes() + b"\xff\xfe\xff\x80")
    [result] = ingest(catalog, home, HUKOU)
    assert result.event == "refused"
    assert "hukou_20261124.csv" in result.line() and "GB18030/GBK up to line 6" in result.line() and "\n" not in result.line()
    assert {z: v for z, v in versions(home, HUKOU).items() if z != "ledger"} == {"raw": None, "clean": None, "quarantine": None}
    assert ingest(catalog, home, HUKOU) == []  # decided once; shown in status until replaced or dismissed
    [row] = [r for r in dataset_status(catalog, home.lake_dir) if r["dataset"] == HUKOU]
    assert [f["state"] for f in row["files"]] == ["refused"]


def test_header_only_snapshot_does_not_empty_the_table(home, catalog):
    write_hukou(home.landing_dir, "hukou_20261123.csv")
    ingest(catalog, home, HUKOU)
    before = {z: v for z, v in versions(home, HUKOU).items() if z != "ledger"}
    write_hukou(home.landing_dir, "hukou_20261124.csv", rows=[])
    [result] = ingest(catalog, home, HUKOU)
    assert result.event == "held" and "no data rows" in result.reason
    assert {z: v for z, v in versions(home, HUKOU).items() if z != "ledger"} == before
    assert tables.read(tables.table_path(home.lake_dir, "clean", HUKOU)).height == 2


def test_recollection_under_another_header_is_found_by_content(home, catalog):
    residents = [rid(f"3302031990{m:02d}{d:02d}{d:03d}") for m in (1, 2) for d in range(1, 16)]
    names = [f"测试{i}" for i in range(len(residents))]
    # Birth date and sex as the ID encodes them (the door refuses a contradiction, issue 13).
    write_hukou(home.landing_dir, rows=[
        f"{r},{n},{'男' if int(r[16]) % 2 else '女'},{r[6:10]}-{r[10:12]}-{r[12:14]},汉族,海曙区,鼓楼街道,2010-01-01"
        for r, n in zip(residents, names)
    ])
    dibao = pl.DataFrame({
        "公民身份号码": residents, "保障人数": ["1"] * 30, "月保障金额": ["900"] * 30, "起始日期": ["2024-01-01"] * 30,
        "所在街道": ["鼓楼街道"] * 30, "户主名称": names, "备注": ["无"] * 30,
    })
    (home.landing_dir / "mca").mkdir(parents=True)
    dibao.write_excel(home.landing_dir / "mca" / "dibao_20261124.xlsx")
    ingest(catalog, home, HUKOU)
    ingest(catalog, home, DIBAO)

    assert duplicate_collections(home.lake_dir).is_empty()  # the header says nothing
    findings = all_findings(catalog, home.lake_dir)
    assert findings.select("column", "item", "authoritative_provider", "method").rows() == [
        ("户主名称", "resident.name", "psb", "内容 content")
    ]
    assert findings["share_equal"].to_list() == [1.0]
