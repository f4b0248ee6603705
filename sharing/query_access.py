"""Queries of the central tables (集中分析处理, Art. 19-20): who may read what, and the audit entry.

``dw query`` runs one read-only statement on the published DuckDB file (``central.query``).
Before it runs, this guard:

1. asks DuckDB which tables the statement reads: the *unoptimised* logical plan of ``EXPLAIN
   (FORMAT JSON)``, where views (shared, staging, intermediate), CTEs, ``query_table()`` and
   ``query()`` are already expanded into the base tables they bind and nothing is optimised
   away yet (the optimised plan answers ``count(*)`` from statistics without any scan). The
   physical plan adds the columns each scan of a lake source table really reads;
2. maps every base table to the catalog datasets it is built from, in dbt's lineage
   (``central.lineage`` over the manifest of the build): a lake source table is its dataset,
   a central table every dataset upstream of it. The ``published`` schema (k-suppressed
   aggregates for beyond the bureau) and the build record hold no dataset's records;
3. requires, for every restricted or not-shared dataset read, a live grant of the caller's unit
   with access ``query`` and the grant's purpose (``sharing.grants.usable_grant``), and that the
   columns read are among the granted items. A provider reads its own datasets without a grant.
   A table no lineage explains, and ``EXPLAIN`` (``EXPLAIN ANALYZE`` runs the query and shows
   counts), are refused to everyone but the bureau.

The bureau is the warehouse's custodian (Art. 8, 13) and supervises every unit (Art. 34); it
cannot hold grants (it never applies, ``sharing.applications.apply``), so it reads without one,
but like every caller it is audited (Art. 20, 31, 33).

Every query is audited, served or refused: the unit and account, the grants and purpose, the
tables and datasets read, the row count. Never the SQL text: a ``WHERE`` clause may hold a
resident ID. The answer is handed out only after its entry is committed, and the grants are
checked again in that transaction, so a grant revoked meanwhile serves nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
from sqlalchemy.orm import Session

from catalog.model import ShareClass
from central.lineage import Manifest, read_sealed, relation_ids, upstream_sources
from central.query import Answer, QueryRefused
from sharing.grants import usable_grant
from sharing.interface import log_refusal
from sharing.vocabulary import Access
from workflow.actors import Actor
from workflow.context import Workflow
from workflow.errors import Refusal, WorkflowError
from workflow.privacy import checked_text
from workflow.store.tables import ShareGrant

OPEN_SCHEMAS = frozenset({"published", "dw_meta"})  # k-suppressed aggregates beyond the bureau; the build record
ENDPOINT = "query"


@dataclass(frozen=True)
class Reads:
    """What one statement reads, in the terms of the catalog."""

    tables: tuple[str, ...]  # schema.table of every base table bound
    datasets: frozenset[str]  # catalog datasets whose records those tables hold
    unknown: tuple[str, ...] = ()  # tables no lineage explains (or EXPLAIN): the bureau's alone
    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)  # dataset -> lake columns scanned


def reads_of(con: duckdb.DuckDBPyConnection, query: str, manifest: Manifest) -> Reads:
    if duckdb.extract_statements(query)[0].type is duckdb.StatementType.EXPLAIN:
        return Reads((), frozenset(), unknown=("EXPLAIN",))
    try:
        plans = dict(con.execute("EXPLAIN (FORMAT JSON) " + query).fetchall())
    except duckdb.Error as exc:
        raise QueryRefused(f"查询失败 query failed: {str(exc).splitlines()[0]}") from None
    ids = relation_ids(manifest)
    tables = sorted({_relation(scan["Table"]) for scan in _scans(json.loads(plans["logical_plan"]))})
    datasets: set[str] = set()
    unknown = []
    for schema, name in tables:
        if schema in OPEN_SCHEMAS:
            continue
        key = ids.get((schema, name))
        if key is None:
            unknown.append(f"{schema}.{name}")
            continue
        datasets.update(n["meta"]["dw_dataset"] for n in upstream_sources(manifest, key))
    columns: dict[str, set[str]] = {}
    for scan in _scans(json.loads(plans["physical_plan"])):
        key = ids.get(_relation(scan["Table"]))
        if key in manifest["sources"]:
            columns.setdefault(manifest["sources"][key]["meta"]["dw_dataset"], set()).update(_scanned(scan))
    return Reads(tuple(f"{s}.{n}" for s, n in tables), frozenset(datasets), tuple(unknown),
                 {d: frozenset(c) for d, c in columns.items()})


class QueryGuard:
    """``central.query.run_query``'s ``authorise`` for one caller: refuse, or audit the answer."""

    def __init__(self, wf: Workflow, actor: Actor, grants: Sequence[int] = (), purpose: str | None = None):
        self.wf, self.actor, self.grants, self.purpose = wf, actor, tuple(grants), purpose

    def __call__(self, con: duckdb.DuckDBPyConnection, query: str) -> Callable[[Answer], None]:
        reads = reads_of(con, query, read_sealed(con))  # the lineage of the very file queried
        with _refusals_logged(self.wf, self.actor, reads), self.wf.store.read() as session:
            authorise(session, self.wf, self.actor, reads, self.grants, self.purpose)

        def served(answer: Answer) -> None:
            with _refusals_logged(self.wf, self.actor, reads), self.wf.store.write() as session:
                used = authorise(session, self.wf, self.actor, reads, self.grants, self.purpose)
                record(session, self.wf, self.actor, reads, used, self.purpose, len(answer.rows))

        return served


def authorise(session: Session, wf: Workflow, actor: Actor, reads: Reads, grant_ids: Sequence[int],
              purpose: str | None) -> list[ShareGrant]:
    """The grants that allow ``reads`` for ``actor`` (none needed: empty), or the refusal."""
    if actor.is_bureau:
        return []
    if reads.unknown:
        listed = ", ".join(reads.unknown)
        raise WorkflowError(Refusal.forbidden, f"只有区大数据主管机构可以查询 {listed}（无血缘说明其数据来源，或为 EXPLAIN）",
                            f"only the bureau may query {listed} (no lineage says whose data it holds, or it is EXPLAIN)",
                            "query_unexplained")
    needed = sorted(_restricted(wf, actor, reads.datasets))
    held = {g.dataset: g.id for g in (session.get(ShareGrant, i) for i in grant_ids) if g is not None and g.unit == actor.unit}
    if missing := [d for d in needed if d not in held]:
        listed = ", ".join(missing)
        raise WorkflowError(Refusal.forbidden, f"查询了受限数据集 {listed}：须有本单位有效的集中分析查询授权，用 --grant 指明",
                            f"the query reads restricted data of {listed}: name a live query grant of your unit for each with --grant",
                            "query_grant_required")
    used = []
    for dataset in needed:
        grant = usable_grant(session, actor, held[dataset], wf.today(), dataset=dataset, access=(Access.query.value,), purpose=purpose)
        if _items_read(wf, dataset, reads) - set(grant.items):
            raise WorkflowError(Refusal.forbidden, f"查询读取了授权范围以外的数据项（{dataset}）",
                                f"the query reads items of {dataset} outside the grant", "query_items")
        used.append(grant)
    return used


def record(session: Session, wf: Workflow, actor: Actor, reads: Reads, used: Sequence[ShareGrant], purpose: str | None,
           rows: int) -> None:
    stated = used[0].purpose if used else checked_text(purpose, "用途", "purpose") or None
    datasets = sorted(reads.datasets)
    wf.audit.record(session, actor, "share.query", f"{ENDPOINT}:{len(reads.tables)} tables",
                    dataset=datasets[0] if len(datasets) == 1 else None,
                    grant=",".join(str(g.id) for g in used)[:64] or None, purpose=stated, rows=rows,
                    detail={"tables": list(reads.tables[:20]), "datasets": datasets, "unknown": list(reads.unknown),
                            "restricted": sorted(_restricted(wf, actor, reads.datasets))})


def _restricted(wf: Workflow, actor: Actor, datasets: frozenset[str]) -> set[str]:
    """The datasets among ``datasets`` that need a grant of ``actor``: restricted or not shared, not its own."""
    out = set()
    for dataset in datasets:
        try:
            entry = wf.catalog.dataset(dataset)
        except KeyError:
            out.add(dataset)  # built from a dataset the catalog no longer lists: no grant can cover it
            continue
        if entry.dataset.share_class is not ShareClass.unconditional and entry.provider.code != actor.unit:
            out.add(dataset)
    return out


@contextmanager
def _refusals_logged(wf: Workflow, actor: Actor, reads: Reads) -> Iterator[None]:
    try:
        yield
    except WorkflowError as exc:
        log_refusal(wf, actor, ENDPOINT, exc, {"tables": list(reads.tables[:20]), "datasets": sorted(reads.datasets)})
        raise


def _items_read(wf: Workflow, dataset: str, reads: Reads) -> set[str]:
    """The catalog items of ``dataset`` its lake table's scans read (a string literal that happens to
    spell an item's name counts as reading it: this only ever refuses more)."""
    return set(reads.columns.get(dataset, frozenset())) & {f.name for f in wf.catalog.dataset(dataset).dataset.fields}


def _scans(plan: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in plan:
        info = node.get("extra_info") or {}
        if isinstance(info, dict) and "Table" in info:
            yield info
        yield from _scans(node.get("children", []))


def _relation(qualified: str) -> tuple[str, str]:
    """``warehouse.central.person_profile`` -> ``("central", "person_profile")``."""
    parts = qualified.split(".")
    return parts[-2], parts[-1]


def _scanned(scan: Mapping[str, Any]) -> set[str]:
    """Columns a scan reads: its projections and the column names in its pushed-down filters."""
    projections = scan.get("Projections", [])
    names = set([projections] if isinstance(projections, str) else projections)
    filters = scan.get("Filters", [])
    for text in [filters] if isinstance(filters, str) else filters:
        names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    return names
