"""The one ingestion path (Art. 8, 13): provider file -> raw, clean and quarantine tables.

Each delivered file (a content at a path) gets exactly one decision, recorded in the ledger
(``ingest.ledger``), and one file's decision never stops the others:

- **repeated**: its bytes were loaded before, under any name: nothing is loaded;
- **refused**: it cannot be read at all: nothing is loaded;
- **held** (snapshots only): its name is ambiguous (a suffix beside the date, or two files for
  one date) or the guard (``ingest.guard``) finds it implausible as the whole table: the
  current table stays as it is until an operator releases or rejects it (``ingest.decisions``);
- **loaded**: raw rows as received (replacing that path's earlier rows), quarantine, clean,
  the duplicate-collection report, and last the ledger event; each a single Delta commit marked
  once per batch and generation, so redoing an interrupted load converges to the same tables
  and no batch is ever committed twice.

Which snapshot is current comes from the date its name carries (``ingest.delivery_date``).
Everything here runs under the warehouse's writer lock (``lakehouse.lock``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from catalog.model import Catalog, CatalogEntry, Delivery
from config.settings import RecollectionPolicy, Settings
from ingest import guard, ledger, repeated_keys
from ingest.delivery_date import sort_out
from ingest.errors import SourceError
from ingest.landing import dataset_files
from ingest.read import SourceFile, file_digest, read_source
from ingest.recollection import Recollection, find_recollections
from ingest.standardise import REASON, standardise
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, FILE_SHA256, LINEAGE, LOADED_AT, SOURCE_FILE
from lakehouse.lock import writer_lock


@dataclass(frozen=True)
class BatchResult:
    """What one run decided about one delivered file (``event``: see ``ingest.ledger``)."""

    batch_id: str
    dataset: str
    provider: str
    source_file: str
    raw_rows: int
    clean_rows: int
    quarantined_rows: int
    recollections: tuple[Recollection, ...]
    clean_version: int | None
    event: str = ledger.LOADED
    reason: str = ""
    superseded_rows: int = 0

    def line(self) -> str:
        """One line for the run summary and logs: the file, the decision, why."""
        if self.event == ledger.LOADED:
            return (f"{self.source_file}: 已加载 loaded, 原始 raw {self.raw_rows} = 清洗 clean {self.clean_rows} "
                    f"+ 隔离 quarantined {self.quarantined_rows}")
        return f"{self.source_file}: {EVENT_ZH[self.event]} {self.event} — {self.reason}"


EVENT_ZH = {
    ledger.LOADED: "已加载", ledger.HELD: "已挂起", ledger.REFUSED: "已拒收", ledger.REPEATED: "重复交付",
    ledger.REJECTED: "已驳回", ledger.ROLLED_BACK: "已回滚",
}


def pending_files(entry: CatalogEntry, settings: Settings) -> list[Path]:
    """Files of this dataset that need a decision: every new content of an incremental dataset; for
    a snapshot, the files of the newest date and names with no plain date (older dates are stale)."""
    files = dataset_files(entry, settings.landing_dir)  # regular readable files only (ingest/landing.py)
    if entry.dataset.source.delivery is Delivery.snapshot:
        found = sort_out(entry.dataset.source.pattern, files)
        files = sorted([*found.undated, *found.newest])
    decided = {(r["source_file"], r["file_sha256"]) for r in ledger.deliveries(settings.lake_dir, entry.dataset.id).iter_rows(named=True)}
    return [f for f in files if (_relative(f, settings), file_digest(f)) not in decided]


def ingest_dataset(entry: CatalogEntry, catalog: Catalog, settings: Settings) -> list[BatchResult]:
    """Decide every pending file of ``entry``, oldest name first; returns one result per decision."""
    with writer_lock(f"ingest {entry.dataset.id}", home=settings.home):
        results = [_decide(entry, catalog, settings, path) for path in pending_files(entry, settings)]
    return [r for r in results if r is not None]


def ingest_file(
    entry: CatalogEntry, catalog: Catalog, settings: Settings, path: Path, *, decided_by: str | None = None
) -> BatchResult:
    """Load ``path`` now, without the snapshot guard: an operator's release (``decided_by``)."""
    with writer_lock(f"load {entry.dataset.id}", home=settings.home):
        source = _read(entry, path)
        return _load(entry, catalog, settings, source, decided_by=decided_by)


def _decide(entry: CatalogEntry, catalog: Catalog, settings: Settings, path: Path) -> BatchResult | None:
    rel = _relative(path, settings)
    sha = file_digest(path)
    dataset = entry.dataset
    # One reading of the ledger decides whether this delivery is still open and which load of
    # its batch this would be: a writer that bypassed the lock and decided it meanwhile wins.
    events = ledger.read_ledger(settings.lake_dir)
    mine = events.filter((pl.col("dataset") == dataset.id) & (pl.col("source_file") == rel) & (pl.col("file_sha256") == sha))
    if mine.height:
        return None
    gen = ledger.generation(settings.lake_dir, f"{dataset.id}-{sha[:16]}", events) + 1
    if (first := ledger.loaded_elsewhere(settings.lake_dir, dataset.id, sha, rel)) is not None:
        return _record(entry, settings, rel, sha, path.stat().st_size, ledger.REPEATED,
                       f"内容与已交付文件 {first} 相同，未再加载 same bytes as {first}: loaded nothing", {"same_as": first})
    if dataset.source.delivery is Delivery.snapshot and (ambiguity := _ambiguity(entry, settings, path, sha)):
        return _record(entry, settings, rel, sha, path.stat().st_size, ledger.HELD, ambiguity, {})
    try:
        source = _read(entry, path)
    except SourceError as exc:
        return _record(entry, settings, rel, sha, path.stat().st_size, ledger.REFUSED, str(exc), {})
    return _load(entry, catalog, settings, source, guarded=dataset.source.delivery is Delivery.snapshot, generation=gen, after=0)


def _ambiguity(entry: CatalogEntry, settings: Settings, path: Path, sha: str) -> str | None:
    """Why this snapshot file cannot be told apart as the current one, or None."""
    pattern = entry.dataset.source.pattern
    siblings = [p for p in (settings.landing_dir / entry.provider.code).glob(pattern) if p.is_file() and not p.is_symlink()]
    found = sort_out(pattern, siblings)
    if path in found.undated:
        return (f"文件名在日期外另有内容或无日期，无法判定是否为完整全量 the name adds to (or lacks) the date the pattern "
                f"{pattern} carries (e.g. _part): ambiguous")
    rejected = {r["source_file"] for r in ledger.deliveries(settings.lake_dir, entry.dataset.id).iter_rows(named=True)
                if r["state"] == ledger.REJECTED}
    rivals = [p for p in found.newest if p != path and _relative(p, settings) not in rejected and file_digest(p) != sha]
    if rivals:
        names = ", ".join(_relative(p, settings) for p in rivals)
        return f"同一日期 {found.newest_date} 有多个不同文件 another file for the same date {found.newest_date}: {names}: ambiguous"
    return None


def _read(entry: CatalogEntry, path: Path) -> SourceFile:
    dataset = entry.dataset
    return read_source(path, dataset.storage_format, columns=tuple(f.column for f in dataset.fields), sheet=dataset.source.sheet)


def _load(
    entry: CatalogEntry, catalog: Catalog, settings: Settings, source: SourceFile, *, guarded: bool = False,
    decided_by: str | None = None, generation: int | None = None, after: int | None = None, key_check: bool = True,
) -> BatchResult:
    """Load a read file; ``generation``/``after``: as decided from one ledger reading (None: read it now).
    ``key_check`` False only for the benchmark's unguarded baseline (benchmarks/bench_ingest.py)."""
    dataset = entry.dataset
    lake = settings.lake_dir
    rel = _relative(source.path, settings)
    batch_id = f"{dataset.id}-{source.sha256[:16]}"
    loaded_at = datetime.now(UTC)
    raw = source.frame.with_columns(
        pl.lit(batch_id).alias(BATCH_ID),
        pl.lit(rel).alias(SOURCE_FILE),
        pl.lit(source.sha256).alias(FILE_SHA256),
        pl.lit(loaded_at).alias(LOADED_AT),
    )

    recollections = find_recollections(source.frame, entry, catalog)
    split = standardise(raw, dataset, LINEAGE)
    quarantine, clean = split.quarantine, split.clean
    if recollections and settings.recollection_policy is RecollectionPolicy.refuse:
        reason = "; ".join(r.describe(entry) for r in recollections)
        quarantine = raw.with_columns(pl.lit(reason).alias(REASON))
        clean = clean.head(0)

    clean_path = tables.table_path(lake, "clean", dataset.id)
    snapshot = dataset.source.delivery is Delivery.snapshot
    if guarded and tables.row_count(clean_path) > 0:  # nothing to lose on a first load
        verdict = guard.judge(dataset, raw, clean, quarantine, tables.read(clean_path))
        if verdict.hold:
            return _record(entry, settings, rel, source.sha256, source.size, ledger.HELD, verdict.line(), verdict.figures,
                           encoding=source.encoding, after=after)

    keys = repeated_keys.KeyOutcome(clean, quarantine, pl.DataFrame(schema=repeated_keys.SUPERSEDED_SCHEMA), None)
    if not snapshot and key_check:
        keys = repeated_keys.apply(dataset, raw, clean, quarantine, clean_path, rel, loaded_at)
    clean, quarantine = keys.clean, keys.quarantine

    once = tables.Once(batch_id, generation or ledger.generation(lake, batch_id) + 1)
    info = {"batch_id": batch_id, "source_file": rel, "file_sha256": source.sha256}
    this_file = f"{SOURCE_FILE} = '{_sql_literal(rel)}'"
    raw_version = tables.replace(tables.table_path(lake, "raw", dataset.id), raw, where=this_file, commit_info=info, once=once)
    quarantine_version = tables.replace(
        tables.table_path(lake, "quarantine", dataset.id), quarantine, where=this_file, commit_info=info, once=once
    )
    clean_where = None if snapshot else this_file if keys.delete_where is None else f"{this_file} OR {keys.delete_where}"
    clean_version = tables.replace(clean_path, clean, where=clean_where, commit_info=info, once=once)
    if keys.superseded.height:
        tables.append(repeated_keys.superseded_path(lake), keys.superseded, commit_info=info, once=once)
    _report_recollections(settings, entry, rel, batch_id, recollections, loaded_at, once)

    reason = f"操作员放行 released by operator {decided_by}" if decided_by else ""
    ledger.record(lake, {
        "batch_id": batch_id, "dataset": dataset.id, "provider": entry.provider.code, "source_file": rel,
        "file_sha256": source.sha256, "file_bytes": source.size, "encoding": source.encoding, "loaded_at": loaded_at,
        "raw_rows": raw.height, "clean_rows": clean.height, "quarantined_rows": quarantine.height,
        "recollected_columns": json.dumps([r.column for r in recollections], ensure_ascii=False),
        "raw_version": raw_version, "clean_version": clean_version, "quarantine_version": quarantine_version,
        "event": ledger.LOADED, "reason": reason, "generation": once.generation, "superseded_rows": keys.superseded.height,
        "decided_by": decided_by,
    }, after=after)
    return BatchResult(
        batch_id=batch_id, dataset=dataset.id, provider=entry.provider.code, source_file=rel,
        raw_rows=raw.height, clean_rows=clean.height, quarantined_rows=quarantine.height,
        recollections=tuple(recollections), clean_version=clean_version, reason=reason,
        superseded_rows=keys.superseded.height,
    )


def _record(
    entry: CatalogEntry, settings: Settings, rel: str, sha: str, size: int, event: str, reason: str,
    figures: dict[str, object], *, encoding: str | None = None, after: int | None = 0,
) -> BatchResult:
    """A decision that loads nothing: recorded in the ledger, returned for the run summary."""
    batch_id = f"{entry.dataset.id}-{sha[:16]}"
    ledger.record(settings.lake_dir, {
        "batch_id": batch_id, "dataset": entry.dataset.id, "provider": entry.provider.code, "source_file": rel,
        "file_sha256": sha, "file_bytes": size, "encoding": encoding, "event": event, "reason": reason, "figures": figures,
    }, after=after)
    return BatchResult(
        batch_id=batch_id, dataset=entry.dataset.id, provider=entry.provider.code, source_file=rel,
        raw_rows=0, clean_rows=0, quarantined_rows=0, recollections=(), clean_version=None, event=event, reason=reason,
    )


def _report_recollections(
    settings: Settings,
    entry: CatalogEntry,
    rel: str,
    batch_id: str,
    recollections: list[Recollection],
    loaded_at: datetime,
    once: tables.Once,
) -> None:
    path = tables.table_path(settings.lake_dir, "meta", "duplicate_collection")
    if not recollections and not tables.exists(path):
        return
    rows = pl.DataFrame(
        [
            {
                "dataset": entry.dataset.id,
                "provider": entry.provider.code,
                "provider_name": entry.provider.name,
                "source_file": rel,
                "batch_id": batch_id,
                "detected_at": loaded_at,
                **asdict(r),
            }
            for r in recollections
        ],
        schema=_RECOLLECTION_SCHEMA,
    )
    # Replace this file's earlier findings so the report reflects the file as it is now.
    tables.replace(path, rows, where=f"source_file = '{_sql_literal(rel)}'", commit_info={"batch_id": batch_id}, once=once)


_RECOLLECTION_SCHEMA = pl.Schema({
    "dataset": pl.String(),
    "provider": pl.String(),
    "provider_name": pl.String(),
    "source_file": pl.String(),
    "batch_id": pl.String(),
    "detected_at": pl.Datetime("us", "UTC"),
    "column": pl.String(),
    "item": pl.String(),
    "item_label": pl.String(),
    "authoritative_provider": pl.String(),
    "authoritative_provider_name": pl.String(),
    "rows_with_values": pl.Int64(),
})


def relative(path: Path, settings: Settings) -> str:
    """``path`` as recorded: relative to the landing folder, with forward slashes."""
    return _relative(path, settings)


def _relative(path: Path, settings: Settings) -> str:
    return path.resolve().relative_to(settings.landing_dir.resolve()).as_posix()


def _sql_literal(value: str) -> str:
    return value.replace("'", "''")
