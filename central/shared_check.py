"""Shared views against the catalog (Art. 16): nothing restricted unmasked, nothing not-shared.

Two walks over every view in the ``shared`` schema:

- :func:`structural_problems` (cheap; run before every publish): the view is a catalog dataset
  that may be shared, its columns are exactly that dataset's items (plus the lineage key), none
  of them is an item whose one source is a not-shared dataset, and in dbt's lineage it reads only
  the form the share class allows (a restricted view reads the restricted release copy).
- :func:`value_problems` (scans data with ``masking``'s own privacy gate): no personal value the
  restricted policy removes is left in a restricted view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb
import polars as pl

from catalog.model import Catalog, ShareClass
from central import forms
from central.lineage import relation_ids, upstream_sources
from masking import gate
from masking.policy import load_policy
from masking.scan import Scanner, default_scanner

SCHEMA = "shared"


def shared_views(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = ? order by table_name, ordinal_position",
        [SCHEMA]).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def structural_problems(con: duckdb.DuckDBPyConnection, catalog: Catalog, manifest: Mapping[str, Any] | None = None) -> list[str]:
    by_id = {e.dataset.id: e for e in catalog.entries}
    not_shared_items = {f.item for e in catalog.entries if e.dataset.share_class is ShareClass.not_shared
                        for f in e.dataset.fields if f.authoritative}
    problems = []
    for view, cols in shared_views(con).items():
        entry = by_id.get(view)
        if entry is None:
            problems.append(f"shared.{view}: 不是目录中的数据集 not a catalog dataset")
            continue
        if not forms.has_shared_view(entry):
            problems.append(f"shared.{view}: 非共享数据不得进入共享视图 not-shared dataset in a shared view")
        allowed = {c.name: c for c in forms.columns(entry)}
        for col in cols:
            if col == "lineage_key":
                continue
            c = allowed.get(col)
            if c is None:
                problems.append(f"shared.{view}.{col}: 目录中无此数据项 column is no catalogued item of {view}")
            elif c.item in not_shared_items:
                problems.append(f"shared.{view}.{col}: 非共享数据项 {c.item} item of a not-shared dataset")
        missing = set(allowed) - set(cols)
        if missing:
            problems.append(f"shared.{view}: 缺少数据项 catalogued items missing: {sorted(missing)}")
        if manifest is not None:
            problems += _lineage_problems(manifest, view, entry)
    return problems


def _lineage_problems(manifest: Mapping[str, Any], view: str, entry: Any) -> list[str]:
    start = relation_ids(manifest).get((SCHEMA, view))
    sources = {(n["meta"]["zone"], n["meta"]["table"]) for n in upstream_sources(manifest, start)} if start else set()
    wanted = {forms.source_of(entry)}
    if sources != wanted:
        return [f"shared.{view}: 读取 reads {sorted(sources)}, 共享属性只允许 its share class allows only {sorted(wanted)}"]
    return []


def value_problems(con: duckdb.DuckDBPyConnection, catalog: Catalog, *, scanner: Scanner | None = None,
                   limit: int | None = None) -> list[str]:
    """Run masking's privacy gate (restricted policy) over every restricted shared view."""
    scanner = scanner or default_scanner()
    policy = load_policy("restricted")
    by_id = {e.dataset.id: e for e in catalog.entries}
    problems = []
    for view in shared_views(con):
        entry = by_id.get(view)
        if entry is None or entry.dataset.share_class is not ShareClass.restricted:
            continue
        cols = forms.columns(entry)
        sql = f"select {', '.join(c.name for c in cols)} from {SCHEMA}.{view}" + (f" limit {int(limit)}" if limit else "")
        frame = pl.from_arrow(con.sql(sql).to_arrow_table())
        assert isinstance(frame, pl.DataFrame)
        frame = frame.rename({c.name: c.source for c in cols})
        fields = {f.name: f for f in entry.dataset.fields}
        result = gate.check(frame, {n: f.personal for n, f in fields.items()}, {n: f.label for n, f in fields.items()},
                            policy, scanner)
        problems += [f"shared.{view}: {p}" for p in result.problems]
    return problems
