"""Read-only SQL against the published central tables (Art. 19, 集中分析处理).

The published DuckDB file is opened read-only with file access disabled and the configuration
locked, and only a single ``SELECT`` (incl. ``WITH``, ``DESCRIBE``, ``SHOW``, ``SUMMARIZE``) or
``EXPLAIN`` is accepted: anything that writes (or reads files, attaches databases, changes
settings) is refused before it reaches DuckDB, and DuckDB would refuse it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from central.paths import published_db
from config.settings import Settings

READ_ONLY_TYPES = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
# ``explain_output=all``: EXPLAIN also shows the unoptimised logical plan, where every table a
# statement binds (through views, CTEs, query_table()) is still there; ``sharing.query_access``
# reads it to decide who may see the answer. Settings are locked, so it must be set here.
READER_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False, "explain_output": "all", "lock_configuration": True}


class QueryRefused(ValueError):
    """The statement would write, or is not one read-only query; the message is one line."""


class NotPublished(FileNotFoundError):
    """No build has been published in this warehouse yet."""


@dataclass(frozen=True)
class Answer:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def connect_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a published file: no writes, no file access, settings locked."""
    if not path.exists():
        raise NotPublished(f"尚未发布中心表 no central tables published yet at {path}: 先运行 run `dw run`")
    return duckdb.connect(str(path), read_only=True, config=READER_CONFIG)


def check_read_only(sql: str) -> str:
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"SQL 无法解析 cannot parse the query: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise QueryRefused(f"只接受一条查询语句 exactly one query statement expected, got {len(statements)}")
    kind = statements[0].type
    if kind not in READ_ONLY_TYPES:
        raise QueryRefused(
            f"只读查询，拒绝 {kind.name} 语句 read-only: {kind.name} statements are refused; "
            "dw query answers SELECT only and never changes the published tables")
    return statements[0].query


# Given the open connection and the checked statement, refuses (by raising) or returns what to do
# with the answer before it is handed out (``sharing.query_access``: the audit entry).
Authorise = Callable[[duckdb.DuckDBPyConnection, str], Callable[["Answer"], None]]


def run_query(settings: Settings, sql: str, authorise: Authorise | None = None) -> Answer:
    query = check_read_only(sql)
    with connect_reader(published_db(settings)) as con:
        served = authorise(con, query) if authorise else None
        try:
            result = con.sql(query)
        except duckdb.Error as exc:
            raise QueryRefused(f"查询失败 query failed: {str(exc).splitlines()[0]}") from None
        answer = Answer([], []) if result is None else Answer(list(result.columns), result.fetchall())
        if served:
            served(answer)
        return answer
