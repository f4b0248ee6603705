from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from lakehouse import tables
from masking.cli import pii_app
from tests.masking.conftest import make_id

ROWS = {
    "工单编号": ["GD2024001", "GD2024002"],
    "联系人": ["张伟", "欧阳娜娜"],
    "来电号码": ["13812345678", "13912345678"],
    "诉求内容": [f"市民李娜来电反映海曙区鼓楼街道中山西路138号3幢502室漏水，身份证号{make_id()}", "路灯不亮"],
}
PERSONAL = ["张伟", "欧阳娜娜", "13812345678", "13912345678", "李娜", "中山西路138号", make_id()]


@pytest.fixture
def runner(monkeypatch, tmp_path) -> CliRunner:
    monkeypatch.setenv("DW_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DW_PSEUDONYM_KEY", "cli-test")
    return CliRunner()


def write(fmt: str, tmp_path: Path) -> Path:
    frame = pl.DataFrame(ROWS)
    if fmt == "csv-gbk":
        path = tmp_path / "in.csv"
        path.write_bytes(frame.write_csv().encode("gbk"))
    elif fmt == "parquet":
        path = tmp_path / "in.parquet"
        frame.write_parquet(path)
    else:
        path = tmp_path / "in_delta"
        tables.replace(path, frame)
    return path


def test_scan_prints_json_lines(runner, tmp_path):
    result = runner.invoke(pii_app, ["scan", str(write("csv-gbk", tmp_path)), "--workers", "1"])
    assert result.exit_code == 0, result.output
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(set(f) == {"row", "column", "entity_type", "start", "end", "score"} for f in findings)
    kinds = {(f["row"], f["column"], f["entity_type"]) for f in findings}
    assert {(0, "联系人", "PERSON"), (1, "来电号码", "CN_MOBILE"), (0, "诉求内容", "CN_RESIDENT_ID"), (0, "诉求内容", "ADDRESS")} <= kinds
    text = ROWS["诉求内容"][0]
    person = next(f for f in findings if f["column"] == "诉求内容" and f["entity_type"] == "PERSON")
    assert text[person["start"] : person["end"]] == "李娜"


def test_scan_columns_option_and_unknown_column(runner, tmp_path):
    path = write("parquet", tmp_path)
    result = runner.invoke(pii_app, ["scan", str(path), "--columns", "来电号码", "--workers", "1"])
    assert {json.loads(x)["column"] for x in result.stdout.splitlines()} == {"来电号码"}
    bad = runner.invoke(pii_app, ["scan", str(path), "--columns", "nope"])
    assert bad.exit_code == 2 and "nope" in bad.output


@pytest.mark.parametrize("fmt", ["csv-gbk", "parquet", "delta"])
def test_mask_open_round_trip(runner, tmp_path, fmt):
    source = write(fmt, tmp_path)
    target = tmp_path / ("out.csv" if fmt == "csv-gbk" else "out.parquet" if fmt == "parquet" else "out_delta")
    result = runner.invoke(pii_app, ["mask", str(source), str(target), "--policy", "open", "--workers", "1"])
    assert result.exit_code == 0, result.output
    if fmt == "csv-gbk":
        text = target.read_bytes().decode("gb18030")
        out = pl.read_csv(text.encode(), infer_schema=False)
    elif fmt == "parquet":
        out = pl.read_parquet(target)
    else:
        out = tables.read(target)
    assert out.columns == list(ROWS) and out.height == 2
    dump = out.write_csv()
    for value in PERSONAL:
        assert value not in dump
    assert "海曙区鼓楼街道" in dump  # address generalised to street level, not dropped


def test_undecodable_csv_is_refused_with_place(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n1,\xff\xfe\xff\n")
    result = runner.invoke(pii_app, ["scan", str(path)])
    assert result.exit_code == 2 and "line 2" in result.output and "UTF-8" in result.output
