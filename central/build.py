"""Build the dbt project into a fresh DuckDB file and publish it atomically: readers never wait.

DuckDB allows one writer per file. Readers (decision-analysis systems, ``dw query``) open the
published file read-only; a build never touches it. It writes ``central/.build/next.duckdb``,
and only a complete, fully tested build is swapped in with ``os.replace`` (atomic on POSIX): a
reader holds either the old file or the new one, never a half-built or mixed set. A reader
that opened the old file keeps reading it until it closes.

A build is skipped when nothing it reads has changed: the fingerprint (every source's Delta
version, a hash of the dbt project, k, the as-of date and the blocked datasets) is recorded beside
the published file. A blocked dataset (its critical quality check failed) counts with the version
the published file was built from: its models are kept, not rebuilt (``central.carry``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from catalog.model import Catalog, CatalogEntry
from central import carry, forms, lineage, shared_check
from central.lake_source import PINS_ENV
from central.paths import DBT_PROJECT_DIR, META_SCHEMA, build_record, central_dir, docs_dir, published_db, target_dir
from central.runner import DbtFailed, run_dbt
from config.settings import Settings
from lakehouse import tables
from lakehouse.lock import writer_lock

BUILD_DB_ENV = "DW_CENTRAL_BUILD_DB"

__all__ = ["BuildPlan", "DbtFailed", "SharedViewRefused", "build_now", "building", "generate_docs", "keep_blocked", "plan", "publish"]


@dataclass(frozen=True)
class BuildPlan:
    fingerprint: dict[str, Any]
    up_to_date: bool
    build_db: Path
    missing: tuple[str, ...] = field(default=())  # sources not yet in the lake (read as empty)
    blocked: tuple[str, ...] = field(default=())  # datasets whose models keep the published build's version

    @property
    def pins(self) -> dict[str, int]:
        return {k: v for k, v in self.fingerprint["sources"].items() if v is not None}


def project_hash(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """Hash of everything in the dbt project that changes what a build produces."""
    digest = hashlib.sha256()
    for path in sorted(project_dir.rglob("*")):
        rel = path.relative_to(project_dir).as_posix()
        if path.is_file() and not rel.startswith(("target/", "logs/")) and path.suffix in (".sql", ".yml", ".yaml", ".csv"):
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def source_key(entry: CatalogEntry) -> str:
    zone, table = forms.source_of(entry)
    return f"{zone}/{table}"


def source_versions(settings: Settings, catalog: Catalog) -> dict[str, int | None]:
    """``zone/table`` -> current Delta version (None: not written yet) of every table dbt reads."""
    out = {}
    for entry in catalog.entries:
        zone, table = forms.source_of(entry)
        out[source_key(entry)] = tables.version(tables.table_path(settings.lake_dir, zone, table))
    return dict(sorted(out.items()))


def plan(settings: Settings, catalog: Catalog, blocked: Collection[str] = ()) -> BuildPlan:
    """What a build now would read. ``blocked``: dataset ids whose blocking quality check failed."""
    current = source_versions(settings, catalog)
    recorded = read_record(settings)
    published_from = (recorded or {}).get("fingerprint", {}).get("sources", {})
    blocked_keys = {source_key(e) for e in catalog.entries if e.dataset.id in blocked}
    blocked_ids = sorted(e.dataset.id for e in catalog.entries if e.dataset.id in blocked)
    fingerprint = {
        # a blocked source stays at the version its kept models were built from (None: never built)
        "sources": {k: published_from.get(k) if k in blocked_keys else v for k, v in current.items()},
        "project": project_hash(),
        "k": settings.k_anonymity,
        "as_of": settings.today().isoformat(),
        "blocked": blocked_ids,
    }
    up_to_date = published_db(settings).exists() and recorded is not None and recorded.get("fingerprint") == fingerprint
    return BuildPlan(
        fingerprint=fingerprint,
        up_to_date=up_to_date,
        build_db=central_dir(settings) / ".build" / "next.duckdb",
        missing=tuple(k for k, v in current.items() if v is None),
        blocked=tuple(blocked_ids),
    )


def read_record(settings: Settings) -> dict[str, Any] | None:
    path = build_record(settings)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def dbt_environment(settings: Settings, build: BuildPlan) -> dict[str, str]:
    """What a dbt invocation of this build needs in its environment (all from config.settings)."""
    return {
        "DW_HOME": str(settings.home),
        "DW_LAKE": str(settings.lake_dir),
        "DW_CATALOG": str(settings.catalog_dir),
        BUILD_DB_ENV: str(build.build_db),
        PINS_ENV: json.dumps(build.pins),
        "DW_K_ANONYMITY": str(settings.k_anonymity),
        "DW_AS_OF": build.fingerprint["as_of"],
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


@contextmanager
def building(settings: Settings, build: BuildPlan) -> Iterator[dict[str, str]]:
    """A fresh build file and the environment for dbt, set in ``os.environ`` for the duration.

    dagster-dbt passes ``os.environ`` to the dbt process; the previous values come back after.
    """
    build.build_db.parent.mkdir(parents=True, exist_ok=True)
    for stale in build.build_db.parent.glob(build.build_db.name + "*"):
        stale.unlink()  # a build killed half-way leaves its file here; it was never published
    env = dbt_environment(settings, build)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield env
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class SharedViewRefused(RuntimeError):
    """A shared view breaks its share class; the build was not published."""


def keep_blocked(settings: Settings, build: BuildPlan, catalog: Catalog) -> list[dict[str, Any]]:
    """Copy what the blocked datasets feed from the published file into the build (before the
    docs, so they describe the whole set); one row per kept relation."""
    if not build.blocked:
        return []
    manifest = json.loads((target_dir(settings) / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(build.build_db)) as con:
        return carry.carry_over(con, published_db(settings), carry.kept_relations(manifest, catalog, build.blocked))


def publish(settings: Settings, build: BuildPlan, catalog: Catalog, *, docs: Path | None = None,
            kept: list[dict[str, Any]] | None = None) -> Path:
    """Check the shared views, seal the finished build file and swap it in atomically; record
    what it was built from and which relations it kept from earlier builds (``kept``, from
    :func:`keep_blocked`). A shared view that breaks the catalog stops the swap."""
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    manifest = json.loads((target_dir(settings) / "manifest.json").read_text(encoding="utf-8"))
    kept = kept or []
    with duckdb.connect(str(build.build_db)) as con:
        problems = shared_check.structural_problems(con, catalog, manifest)
        if problems:
            raise SharedViewRefused("共享视图违反共享属性，未发布 shared views break their share class, nothing published: "
                                    + "; ".join(problems))
        con.execute(f"create schema if not exists {META_SCHEMA}")
        con.execute(f"create or replace table {META_SCHEMA}.build as select ? as build_id, ? as built_at, ? as fingerprint",
                    [build_id, datetime.now(UTC).isoformat(timespec="seconds"), json.dumps(build.fingerprint)])
        con.execute(f"create or replace table {lineage.SEALED_TABLE} as select ? as manifest", [lineage.sealed(manifest)])
        con.execute(f"create or replace table {META_SCHEMA}.kept (schema_name varchar, relation varchar, "
                    "blocked_datasets varchar[], kept_from_build varchar, built_at varchar)")
        for r in kept:
            con.execute(f"insert into {META_SCHEMA}.kept values (?, ?, ?, ?, ?)",
                        [r["schema_name"], r["relation"], r["blocked_datasets"], r["kept_from_build"], r["built_at"]])
        con.execute("checkpoint")  # everything in the file itself: no WAL travels with the swap
    target = published_db(settings)
    os.replace(build.build_db, target)
    if docs is not None and docs.exists():
        _replace_docs(settings, docs)
    record = {"build_id": build_id, "fingerprint": build.fingerprint, "published": str(target), "kept": kept}
    tmp = build_record(settings).with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, build_record(settings))
    return target


def _replace_docs(settings: Settings, static_index: Path) -> None:
    out = docs_dir(settings)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "index.html.tmp"
    shutil.copyfile(static_index, tmp)
    os.replace(tmp, out / "index.html")


def generate_docs(settings: Settings) -> Path:
    """``dbt docs generate --static`` on the finished build file (before the swap, so no reader
    holds it): one self-contained page, manifest and catalog inside, that opens from disk."""
    target = target_dir(settings)
    run_dbt(["docs", "generate", "--static", "--no-compile"], target)
    return target / "static_index.html"


def build_now(settings: Settings, catalog: Catalog, *, force: bool = False, unit_tests: bool = False,
              blocked: Collection[str] = ()) -> BuildPlan:
    """Plan, build, test and publish in this process (tests, benchmarks); the main job does the
    same through dagster-dbt. Raises :class:`DbtFailed` and publishes nothing if dbt fails."""
    build = plan(settings, catalog, blocked)
    if build.up_to_date and not force:
        return build
    args = ["build"] if unit_tests else ["build", "--exclude", "resource_type:unit_test"]
    with writer_lock("dbt build", home=settings.home), building(settings, build):
        run_dbt([*args, *carry.exclusions(catalog, build.blocked)], target_dir(settings))
        kept = keep_blocked(settings, build, catalog)
        docs = generate_docs(settings)
        publish(settings, build, catalog, docs=docs, kept=kept)
    return build
