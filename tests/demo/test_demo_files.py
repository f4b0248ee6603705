"""The files are what the catalog and the manifest say: names, headers, formats, encodings."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import zipfile
from pathlib import Path

import polars as pl

from demo.tables import district_catalog
from standards.checksums import resident_id_valid, uscc_valid

ALL_DATASETS = {e.dataset.id for e in district_catalog().entries}


def test_one_file_per_catalog_dataset_named_by_its_pattern(manifest: dict) -> None:
    assert {f["dataset"] for f in manifest["files"]} == ALL_DATASETS
    for f in manifest["files"]:
        entry = district_catalog().dataset(f["dataset"])
        provider, name = f["path"].split("/")
        assert provider == entry.provider.code
        assert fnmatch.fnmatch(name, entry.dataset.source.pattern), f["path"]
        assert "20261124" in name
        assert f["format"] == entry.dataset.storage_format.value


def test_every_catalog_column_is_in_its_file(tables: dict[str, pl.DataFrame]) -> None:
    for entry in district_catalog().entries:
        columns = tables[entry.dataset.id].columns
        missing = [f.column for f in entry.dataset.fields if f.column not in columns]
        assert not missing, f"{entry.dataset.id}: {missing}"


def test_only_mca_has_columns_beyond_the_catalog(tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    for entry in district_catalog().entries:
        extra = set(tables[entry.dataset.id].columns) - {f.column for f in entry.dataset.fields}
        expected = set(manifest["datasets"][entry.dataset.id].get("recollected_columns", {}))
        assert extra == expected, entry.dataset.id
    recollected = manifest["datasets"]["subsistence_allowance"]["recollected_columns"]
    assert recollected == {
        "姓名": {"item": "resident.name", "authoritative_provider": "psb"},
        "出生日期": {"item": "resident.birth_date", "authoritative_provider": "psb"},
    }


def test_manifest_row_counts_are_the_data_rows(tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    for f in manifest["files"]:
        assert tables[f["dataset"]].height == f["rows"] == manifest["datasets"][f["dataset"]]["expected_rows"]
    assert manifest["totals"]["rows"] == sum(f["rows"] for f in manifest["files"])


def test_manifest_bytes_and_hashes_match(out_dir: Path, manifest: dict) -> None:
    for f in manifest["files"]:
        data = (out_dir / f["path"]).read_bytes()
        assert len(data) == f["bytes"]
        assert hashlib.sha256(data).hexdigest() == f["sha256"]


def test_household_file_is_gb18030_and_needs_more_than_gbk(out_dir: Path, manifest: dict) -> None:
    f = next(f for f in manifest["files"] if f["dataset"] == "household_registration")
    assert f["encoding"] == "gb18030" and f["line_terminator"] == "CRLF"
    data = (out_dir / f["path"]).read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("the GB 18030 file must not be valid UTF-8")
    text = data.decode("gb18030")
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    outside_gbk = 0
    for line in lines[1:]:
        try:
            line.encode("gbk")
        except UnicodeEncodeError:
            outside_gbk += 1
    expected = manifest["datasets"]["household_registration"]["notes"]["names_outside_gbk"]
    assert outside_gbk == expected >= 1


def test_bom_only_where_the_manifest_says(out_dir: Path, manifest: dict) -> None:
    for f in manifest["files"]:
        data = (out_dir / f["path"]).read_bytes()
        has_bom = data.startswith(b"\xef\xbb\xbf")
        assert has_bom == (f["encoding"] == "utf-8 with BOM"), f["path"]
        if f["encoding"].startswith("utf-8"):
            data.decode("utf-8")
    hrss = manifest["datasets"]["social_insurance_enrolment"]["faults"]["repair"]["utf8_bom"]
    assert hrss["count"] == 1 and hrss["unit"] == "file"


def test_enterprise_file_is_a_json_array_with_numeric_capital(out_dir: Path, manifest: dict) -> None:
    f = next(f for f in manifest["files"] if f["dataset"] == "enterprise_registration")
    rows = json.loads((out_dir / f["path"]).read_text(encoding="utf-8"))
    assert isinstance(rows, list) and len(rows) == f["rows"]
    assert all(isinstance(r, dict) for r in rows)
    capitals = [r["注册资本"] for r in rows]
    assert all(c is None or (isinstance(c, (int, float)) and not isinstance(c, bool)) for c in capitals)
    assert any(isinstance(c, float) for c in capitals) and any(isinstance(c, int) for c in capitals)
    others = [v for r in rows for k, v in r.items() if k != "注册资本"]
    assert all(v is None or isinstance(v, str) for v in others)


def test_subsistence_workbook_reads_with_polars(out_dir: Path, manifest: dict) -> None:
    f = next(f for f in manifest["files"] if f["dataset"] == "subsistence_allowance")
    frame = pl.read_excel(out_dir / f["path"])
    assert frame.height == f["rows"]
    assert {"姓名", "出生日期", "公民身份号码", "月保障金额"} <= set(frame.columns)
    # No wall clock inside: the workbook's creation stamp is the as-of date.
    with zipfile.ZipFile(out_dir / f["path"]) as book:
        core = book.read("docProps/core.xml").decode("utf-8")
        assert {i.date_time for i in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:\w+ [^>]*>([^<]+)<", core) == ["2026-11-24T00:00:00Z"] * 2


def test_generated_codes_pass_the_warehouse_checks(tables: dict[str, pl.DataFrame]) -> None:
    psb = tables["household_registration"]
    ids = [v.strip().upper() for v in psb["公民身份号码"].drop_nulls().to_list()]
    valid = [v for v in ids if resident_id_valid(v)]
    assert len(valid) >= 0.99 * len(ids)
    # Sex digit and birth date agree with the record for every valid row.
    for row in psb.filter(pl.col("公民身份号码").is_not_null()).iter_rows(named=True):
        rid = row["公民身份号码"].strip().upper()
        if resident_id_valid(rid) and row["性别"] is not None:
            assert row["性别"].strip() == ("男" if int(rid[16]) % 2 else "女"), rid

    codes = [v.strip() for v in tables["enterprise_registration"]["统一社会信用代码"].drop_nulls().to_list()]
    good = [c for c in codes if uscc_valid(c)]
    assert len(good) >= 0.98 * len(codes)
    assert {c[:2] for c in good} >= {"91", "92", "93", "N2", "A1"}
    assert any(c[8:10] == "MA" for c in good) and any(c[8:10] != "MA" for c in good)
    assert all(uscc_valid(c, require_org_code=True) for c in good)  # GB 11714 inside, old and MA codes alike
