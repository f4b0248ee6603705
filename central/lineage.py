"""dbt's lineage, read from its manifest: which lake sources a relation of the build is made from.

One walk for everyone who asks: the shared-view check (a view reads only the form its share
class allows) and the query guard in ``sharing.query_access`` (which catalog datasets a central
table holds, so a query of it needs their grants). The lineage is sealed into the published
file itself (``dw_meta.lineage``), so a reader judges the tables it queries by the build that made
them, never by a later build's manifest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import duckdb

from central.paths import META_SCHEMA

Manifest = Mapping[str, Any]
EMPTY: Manifest = {"nodes": {}, "sources": {}}
SEALED_TABLE = f"{META_SCHEMA}.lineage"
_NODE_FIELDS = ("resource_type", "schema", "name", "alias", "identifier", "depends_on", "meta")


def sealed(manifest: Manifest) -> str:
    """The part of a manifest lineage needs, as JSON to keep beside the tables it explains."""
    def trim(nodes: Mapping[str, Any]) -> dict[str, Any]:
        return {key: {f: node[f] for f in _NODE_FIELDS if f in node} for key, node in nodes.items()}

    return json.dumps({"nodes": trim(manifest["nodes"]), "sources": trim(manifest["sources"])}, ensure_ascii=False)


def read_sealed(con: duckdb.DuckDBPyConnection) -> Manifest:
    """The lineage sealed into the file ``con`` reads (none: nothing is explained)."""
    try:
        [(text,)] = con.execute(f"select manifest from {SEALED_TABLE}").fetchall()
    except duckdb.CatalogException:  # a file published before lineage was sealed
        return EMPTY
    return json.loads(text)


def relation_ids(manifest: Manifest) -> dict[tuple[str, str], str]:
    """``(schema, name)`` as the relation is called in the DuckDB file -> the node's unique id."""
    out = {}
    for key, node in manifest["nodes"].items():
        if node.get("resource_type") in ("model", "seed", "snapshot"):
            out[(node["schema"], node.get("alias") or node["name"])] = key
    for key, node in manifest["sources"].items():
        out[(node["schema"], node.get("identifier") or node["name"])] = key
    return out


def upstream_sources(manifest: Manifest, start: str) -> list[Mapping[str, Any]]:
    """The source nodes ``start`` is built from (itself, if it is a source), each once."""
    nodes = {**manifest["nodes"], **manifest["sources"]}
    seen: set[str] = set()
    found: dict[str, Mapping[str, Any]] = {}
    stack = [start]
    while stack:
        key = stack.pop()
        if key in seen or key not in nodes:
            continue
        seen.add(key)
        node = nodes[key]
        if node["resource_type"] == "source":
            found[key] = node
        stack += node.get("depends_on", {}).get("nodes", [])
    return [found[k] for k in sorted(found)]
