"""`dw query`: read-only answers across providers that reconcile to the clean tables."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from dw.cli import app
from lakehouse import tables
from tests.central.district import built, catalog  # noqa: F401 (fixtures)

runner = CliRunner()


def dw(*args: str):
    return runner.invoke(app, list(args))


def test_insured_share_of_allowance_recipients_by_street_reconciles_to_clean_tables(built):
    out = dw("query", "select street, cell_count, insured_recipients from central.allowance_by_street", "--format", "json")
    assert out.exit_code == 0, out.output
    answer = {r["street"]: (r["cell_count"], r["insured_recipients"]) for r in json.loads(out.output)}

    lake = built.lake_dir
    dibao = tables.read(tables.table_path(lake, "clean", "subsistence_allowance"))
    insured = (tables.read(tables.table_path(lake, "clean", "social_insurance_enrolment"))
               .filter(pl.col("status") == "参保缴费").select("resident_id").unique().with_columns(insured=pl.lit(True)))
    expected = (dibao.join(insured, on="resident_id", how="left")
                .group_by("street").agg(pl.len().alias("n"), pl.col("insured").fill_null(False).sum().alias("ins")))
    assert answer == {r["street"]: (r["n"], r["ins"]) for r in expected.to_dicts()}
    assert sum(n for n, _ in answer.values()) == dibao.height


def test_population_reconciles_and_csv_and_table_formats(built):
    hukou = tables.read(tables.table_path(built.lake_dir, "clean", "household_registration"))
    out = dw("query", "select sum(cell_count) as residents from central.population_by_street_age_sex", "--format", "csv")
    assert out.output.splitlines() == ["residents", str(hukou.height)]
    table = dw("query", "select street, cell_count from central.allowance_by_street order by street")
    assert table.exit_code == 0 and "cell_count" in table.output and "行 rows" in table.output


@pytest.mark.parametrize("sql", [
    "insert into central.person_profile select * from central.person_profile",
    "drop table central.person_profile",
    "create table x as select 1",
    "copy (select * from central.person_profile) to '/tmp/out.csv'",
    "attach '/tmp/other.duckdb' as other",
    "set threads = 1",
    "select 1; delete from central.person_profile",
])
def test_writes_are_refused_with_one_clear_line(built, sql):
    out = dw("query", sql)
    assert out.exit_code == 1
    line = out.output.strip()
    assert "\n" not in line and ("只读" in line or "只接受一条" in line) and ("read-only" in line or "exactly one" in line)


def test_file_access_is_off_even_inside_a_select(built):
    out = dw("query", "select * from read_csv('/etc/passwd')")
    assert out.exit_code == 1 and "查询失败 query failed" in out.output
