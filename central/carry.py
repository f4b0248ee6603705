"""Models that read a blocked dataset are not rebuilt: they keep what the last published build had.

A dataset is *blocked* when a blocking (critical) quality check on its clean table failed. The
build then leaves out every dbt node downstream of that dataset's source (``--exclude
source:<source>.<table>+``: its staging model, shared view, the central tables that join it, and
their tests) and builds the rest. Before the swap, each left-out relation is copied from the
previously published file into the new one (tables by value, views by their SQL, sources first),
and ``dw_meta.kept`` names it with the build it really comes from, so a reader sees one complete
set in which the stale part says so (``dw query "select * from dw_meta.kept"``).
"""

from __future__ import annotations

import graphlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from catalog.model import Catalog
from central import forms
from central.paths import META_SCHEMA

PROJECT = "haishu_dw"
OLD = "previous_build"  # the alias the previously published file is attached under


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    datasets: tuple[str, ...]  # the blocked datasets it reads

    @property
    def ref(self) -> str:
        return f'"{self.schema}"."{self.name}"'


def exclusions(catalog: Catalog, blocked: Collection[str]) -> list[str]:
    """dbt ``--exclude`` arguments leaving out everything downstream of the blocked datasets."""
    selectors = [f"source:{forms.source_name(e)}.{e.dataset.id}+" for e in catalog.entries if e.dataset.id in blocked]
    return ["--exclude", " ".join(sorted(selectors))] if selectors else []


def kept_relations(manifest: Mapping[str, Any], catalog: Catalog, blocked: Collection[str]) -> list[Relation]:
    """The source tables and models the blocked datasets feed, in an order that creates what a
    view reads before the view."""
    reads: dict[str, set[str]] = {}
    for entry in catalog.entries:
        if entry.dataset.id not in blocked:
            continue
        start = f"source.{PROJECT}.{forms.source_name(entry)}.{entry.dataset.id}"
        todo = [start]
        while todo:
            node = todo.pop()
            if entry.dataset.id not in reads.setdefault(node, set()):
                reads[node].add(entry.dataset.id)
                todo.extend(manifest["child_map"].get(node, ()))
    nodes = {**manifest["nodes"], **manifest["sources"]}
    wanted = {u for u in reads if nodes.get(u, {}).get("resource_type") in ("model", "source")}
    order = graphlib.TopologicalSorter({u: [p for p in manifest["parent_map"].get(u, ()) if p in wanted] for u in wanted})
    out = []
    for uid in order.static_order():
        node = nodes[uid]
        name = node["identifier"] if node["resource_type"] == "source" else node["alias"] or node["name"]
        out.append(Relation(node["schema"], name, tuple(sorted(reads[uid]))))
    return out


def carry_over(con: duckdb.DuckDBPyConnection, previous: Path, relations: list[Relation]) -> list[dict[str, Any]]:
    """Copy ``relations`` from the previously published file into the build; return one row per
    relation for ``dw_meta.kept`` (``kept_from`` None: there was no earlier version to keep)."""
    if not relations:
        return []
    if not previous.exists():
        return [_row(r, None, None) for r in relations]
    con.execute(f"attach '{previous}' as {OLD} (read_only)")
    try:
        build_id, built_at = con.execute(f"select build_id, built_at from {OLD}.{META_SCHEMA}.build").fetchone() or (None, None)
        earlier = _earlier_kept(con)
        rows = []
        for rel in relations:
            kind = _kind(con, rel)
            con.execute(f'create schema if not exists "{rel.schema}"')
            if kind == "VIEW":
                con.execute(_view_sql(con, rel))
            elif kind is not None:
                con.execute(f"create table {rel.ref} as select * from {OLD}.{rel.ref}")
            origin = earlier.get((rel.schema, rel.name), (build_id, built_at)) if kind else (None, None)
            rows.append(_row(rel, *origin))
        return rows
    finally:
        con.execute(f"detach {OLD}")


def _kind(con: duckdb.DuckDBPyConnection, rel: Relation) -> str | None:
    row = con.execute("select table_type from information_schema.tables where table_catalog = ? and table_schema = ? "
                      "and table_name = ?", [OLD, rel.schema, rel.name]).fetchone()
    return None if row is None else ("VIEW" if row[0] == "VIEW" else "TABLE")


def _view_sql(con: duckdb.DuckDBPyConnection, rel: Relation) -> str:
    # DuckDB stores a view's SQL without its own database name: it resolves in the new file.
    row = con.execute("select sql from duckdb_views() where database_name = ? and schema_name = ? and view_name = ?",
                      [OLD, rel.schema, rel.name]).fetchone()
    assert row is not None
    return str(row[0])


def _earlier_kept(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """A relation the previous build had itself kept still comes from its original build."""
    exists = con.execute("select count(*) from information_schema.tables where table_catalog = ? and "
                         "table_schema = ? and table_name = 'kept'", [OLD, META_SCHEMA]).fetchone()
    if not exists or not exists[0]:
        return {}
    rows = con.execute(f"select schema_name, relation, kept_from_build, built_at from {OLD}.{META_SCHEMA}.kept").fetchall()
    return {(s, n): (b, t) for s, n, b, t in rows}


def _row(rel: Relation, build_id: str | None, built_at: str | None) -> dict[str, Any]:
    return {"schema_name": rel.schema, "relation": rel.name, "blocked_datasets": list(rel.datasets),
            "kept_from_build": build_id, "built_at": built_at}
