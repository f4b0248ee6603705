"""`dw publish --to postgresql://…`: the central tables in one PostgreSQL transaction."""

from __future__ import annotations

import duckdb
import psycopg
import pytest
from typer.testing import CliRunner

from central.pg_publish import plain_url, publish_to_postgres
from central.query import connect_reader
from dw.cli import app
from tests.central.district import built, catalog, published  # noqa: F401 (fixtures)


def _pg_rows(url: str, sql: str):
    with psycopg.connect(plain_url(url)) as pg:
        return pg.execute(sql).fetchall()


def test_publish_copies_every_published_table_with_its_rows(built, postgres_url):
    out = CliRunner().invoke(app, ["publish", "--to", postgres_url, "--schema", "dw_central"])
    assert out.exit_code == 0, out.output
    with connect_reader(published(built)) as con:
        expected = {t: con.execute(f"select count(*) from published.{t}").fetchall()[0][0] for (t,) in con.sql(
            "select table_name from information_schema.tables where table_schema = 'published'").fetchall()}
        suppressed = con.sql("select count(*) from published.allowance_by_street where suppressed").fetchall()[0][0]
    got = {t: _pg_rows(postgres_url, f"select count(*) from dw_central.{t}")[0][0] for t in expected}
    assert got == expected and len(got) == 6
    assert _pg_rows(postgres_url, "select count(*) from dw_central.allowance_by_street where suppressed")[0][0] == suppressed
    assert _pg_rows(postgres_url, "select count(*) from dw_central.allowance_by_street where suppressed and cell_count is not null")[0][0] == 0


def test_the_bureau_copy_and_a_failed_publish_leaves_the_old_set(built, postgres_url, tmp_path):
    first = publish_to_postgres(built, postgres_url, pg_schema="dw_bureau", source_schema="central")
    assert "person_profile" in first.tables
    # A copy of the published file with a table PostgreSQL refuses (a NUL character in text),
    # sorted after the others so it fails half-way through the transaction.
    bad_home = tmp_path / "bad_home"
    (bad_home / "central").mkdir(parents=True)
    bad = bad_home / "central" / "warehouse.duckdb"
    with duckdb.connect(str(bad)) as con:
        con.execute(f"attach '{published(built)}' as good (read_only)")
        con.execute("create schema central")
        con.execute("create schema dw_meta")
        con.execute("create table dw_meta.build as select * from good.dw_meta.build")
        con.execute("create table central.allowance_by_street as select * from good.central.allowance_by_street limit 1")
        con.execute("create table central.zz_broken as select chr(0) as bad_text")
    from config.settings import load_settings

    with pytest.raises(psycopg.Error):
        publish_to_postgres(load_settings(bad_home), postgres_url, pg_schema="dw_bureau", source_schema="central")
    tables_now = {r[0] for r in _pg_rows(postgres_url, "select table_name from information_schema.tables where table_schema = 'dw_bureau'")}
    assert tables_now == set(first.tables)
    assert _pg_rows(postgres_url, "select count(*) from dw_bureau.person_profile")[0][0] == first.tables["person_profile"]
    assert _pg_rows(postgres_url, "select count(*) from information_schema.schemata where schema_name = 'dw_bureau__next'")[0][0] == 0


def test_a_bad_url_is_one_line(built):
    out = CliRunner().invoke(app, ["publish", "--to", "postgresql://nobody@127.0.0.1:1/none"])
    assert out.exit_code == 1 and "PostgreSQL 发布失败" in out.output and len(out.output.strip().splitlines()) == 1
