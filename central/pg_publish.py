"""Copy the published central tables into a PostgreSQL schema in one transaction (BI tools).

Everything is built in a staging schema ``<schema>__next`` and swapped in by dropping the old
schema and renaming the new one inside the same transaction: readers see the old set until the
commit, then the new set, never a mix; a failure anywhere rolls everything back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg import sql

from central.paths import META_SCHEMA, published_db
from central.query import connect_reader
from config.settings import Settings

SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,50}$")


@dataclass(frozen=True)
class Published:
    schema: str
    tables: dict[str, int]  # table -> rows
    build_id: str


def pg_type(duckdb_type: str) -> str:
    """PostgreSQL type for a DuckDB column type.

    >>> pg_type("DECIMAL(18,4)"), pg_type("VARCHAR"), pg_type("BIGINT")
    ('numeric(18,4)', 'text', 'bigint')
    """
    t = duckdb_type.upper()
    if t.startswith("DECIMAL"):
        return "numeric" + t[len("DECIMAL"):].lower()
    return {"VARCHAR": "text", "BIGINT": "bigint", "INTEGER": "integer", "HUGEINT": "numeric", "DOUBLE": "double precision",
            "FLOAT": "real", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp",
            "TIMESTAMP WITH TIME ZONE": "timestamptz", "SMALLINT": "smallint"}.get(t, "text")


def plain_url(url: str) -> str:
    """SQLAlchemy-style URLs (postgresql+psycopg://) as libpq wants them (postgresql://)."""
    return re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)


def publish_to_postgres(settings: Settings, url: str, *, pg_schema: str = "dw_central",
                        source_schema: str = "published") -> Published:
    if not SCHEMA_NAME.match(pg_schema):
        raise ValueError(f"模式名无效 invalid PostgreSQL schema name {pg_schema!r}: lower-case letters, digits, _")
    staging = f"{pg_schema}__next"
    copied: dict[str, int] = {}
    with connect_reader(published_db(settings)) as duck, psycopg.connect(plain_url(url)) as pg:
        row = duck.execute(f"select build_id from {META_SCHEMA}.build").fetchone()
        build_id = str(row[0]) if row else "?"
        names = [r[0] for r in duck.execute(
            "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
            "order by table_name", [source_schema]).fetchall()]
        if not names:
            raise ValueError(f"发布文件中无 {source_schema} 表 no tables in schema {source_schema!r} of the published file")
        with pg.cursor() as cur:  # one transaction: psycopg commits on leaving the connection block
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(staging)))
            cur.execute(sql.SQL("create schema {}").format(sql.Identifier(staging)))
            for name in names:
                copied[name] = _copy_table(duck, cur, source_schema, staging, name)
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(pg_schema)))
            cur.execute(sql.SQL("alter schema {} rename to {}").format(sql.Identifier(staging), sql.Identifier(pg_schema)))
            cur.execute(sql.SQL("comment on schema {} is {}").format(
                sql.Identifier(pg_schema), sql.Literal(f"海曙区数据仓中心表 central tables, build {build_id}")))
    return Published(pg_schema, copied, build_id)


def _copy_table(duck, cur, source_schema: str, staging: str, name: str) -> int:  # type: ignore[no-untyped-def]
    cols = duck.execute("select column_name, data_type from information_schema.columns where table_schema = ? "
                        "and table_name = ? order by ordinal_position", [source_schema, name]).fetchall()
    target = sql.Identifier(staging, name)
    cur.execute(sql.SQL("create table {} ({})").format(target, sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(pg_type(t))) for c, t in cols)))
    column_list = sql.SQL(", ").join(sql.Identifier(c) for c, _ in cols)
    result = duck.cursor().execute(f'select * from "{source_schema}"."{name}"')
    rows = 0
    with cur.copy(sql.SQL("copy {} ({}) from stdin").format(target, column_list)) as copy:
        while batch := result.fetchmany(10_000):
            for row in batch:
                copy.write_row(row)
            rows += len(batch)
    return rows
