"""The batch ledger (批次台账): every decision about every delivered file, appended, never edited.

A *delivery* is one file's content at one path: (dataset, source_file, file_sha256). Its batch id
is the dataset plus the first 16 hex of the content's SHA-256, so the same bytes under another
name are the same batch. Each decision about a delivery is one event row:

| event | meaning |
|---|---|
| ``loaded`` | its rows were committed to raw, clean and quarantine at the recorded versions |
| ``held`` | a snapshot the guard (or an ambiguous name) kept from replacing the current table |
| ``refused`` | the file could not be read at all; nothing of it was loaded |
| ``repeated`` | the same bytes were already loaded (under this or another name): nothing loaded |
| ``rejected`` | an operator rejected a held file, or dismissed a refused or rolled-back one |
| ``rolled_back`` | a restore removed the batch's rows from the tables (versions after the restore) |

A restore also writes one dataset-level ``restored`` row (no file) with the versions it left, so
that every version of raw, clean and quarantine the warehouse made is a point in the ledger.

The state of a delivery is its last event. A load writes its tables first and its ``loaded``
event last, so a load interrupted before the event is redone; every table write and every event
carries a once-per-batch mark (see ``lakehouse.tables.Once``), so nothing is committed twice, even
by two processes that bypass the writer lock.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from lakehouse import tables

DELIVERY = ["dataset", "source_file", "file_sha256"]
LOADED, HELD, REFUSED, REPEATED, REJECTED, ROLLED_BACK = "loaded", "held", "refused", "repeated", "rejected", "rolled_back"
EVENTS = (LOADED, HELD, REFUSED, REPEATED, REJECTED, ROLLED_BACK)
RESTORED = "restored"  # a dataset-level row (source_file ""): the three versions a restore left
NEEDS_OPERATOR = (HELD, REFUSED, ROLLED_BACK)  # shown in status until replaced or decided

SCHEMA = pl.Schema({
    "batch_id": pl.String(),
    "dataset": pl.String(),
    "provider": pl.String(),
    "source_file": pl.String(),
    "file_sha256": pl.String(),
    "file_bytes": pl.Int64(),
    "encoding": pl.String(),
    "loaded_at": pl.Datetime("us", "UTC"),  # when the event was recorded (for ``loaded``: the load)
    "raw_rows": pl.Int64(),
    "clean_rows": pl.Int64(),
    "quarantined_rows": pl.Int64(),
    "recollected_columns": pl.String(),
    "raw_version": pl.Int64(),
    "clean_version": pl.Int64(),
    "quarantine_version": pl.Int64(),
    "event": pl.String(),
    "reason": pl.String(),  # one line, 中文 + English; never a value from the file
    "figures": pl.String(),  # JSON: the guard's measurements, the repeated batch, the restore
    "generation": pl.Int64(),  # loaded: this batch's n-th load (the once-mark of its table writes)
    "superseded_rows": pl.Int64(),  # loaded: rows of earlier files this load replaced as corrections
    "decided_by": pl.String(),  # operator account for release / reject / restore; null for the pipeline
    "sequence": pl.Int64(),  # this delivery's n-th event: two writers racing past the lock record the same n
})



def ledger_path(lake: Path) -> Path:
    return tables.table_path(lake, "meta", "batches")


def read_ledger(lake: Path) -> pl.DataFrame:
    """Every event, oldest first; ledgers written before events existed read as ``loaded`` rows."""
    path = ledger_path(lake)
    if not tables.exists(path):
        return pl.DataFrame(schema=SCHEMA)
    frame = tables.read(path)
    missing = [pl.lit(None, dtype=dtype).alias(name) for name, dtype in SCHEMA.items() if name not in frame.columns]
    frame = frame.with_columns(missing).select(SCHEMA.names()).cast(SCHEMA).sort("loaded_at", maintain_order=True)
    # Two writers that bypassed the lock may both append a delivery's n-th event (an append is not
    # refused by Delta's conflict check): the first recorded counts, the repeat is not an event.
    repeat = pl.col("sequence").is_not_null() & pl.struct(*DELIVERY, "sequence").is_duplicated() & (
        pl.int_range(pl.len()).over(*DELIVERY, "sequence") > 0
    )
    frame = frame.filter(~repeat)
    return frame.with_columns(pl.col("event").fill_null(LOADED), pl.col("generation").fill_null(1))


def deliveries(lake: Path, dataset: str | None = None) -> pl.DataFrame:
    """One row per delivery: its last event (``state``) plus that event's columns."""
    events = read_ledger(lake).filter(pl.col("event") != RESTORED)
    if dataset is not None:
        events = events.filter(pl.col("dataset") == dataset)
    return events.group_by(DELIVERY, maintain_order=True).last().rename({"event": "state"})


def state_of(lake: Path, dataset: str, source_file: str, sha256: str) -> str | None:
    rows = deliveries(lake, dataset).filter((pl.col("source_file") == source_file) & (pl.col("file_sha256") == sha256))
    return rows["state"][0] if rows.height else None


def loaded_batches(lake: Path, dataset: str) -> pl.DataFrame:
    """Deliveries whose rows are in the tables now: state ``loaded``, the latest per path.

    Each row carries the counts of its ``loaded`` event. For a snapshot dataset the current
    snapshot is the one loaded last (:func:`latest_batch`); the others stay in raw as received.
    """
    state = deliveries(lake, dataset).filter(pl.col("state") == LOADED)
    return state.sort("loaded_at").group_by("source_file", maintain_order=True).last()


def latest_batch(lake: Path, dataset: str) -> dict[str, Any] | None:
    """The most recently loaded batch of ``dataset`` that is still in the tables, or None."""
    rows = loaded_batches(lake, dataset).sort("loaded_at")
    return rows.row(-1, named=True) if rows.height else None


def latest_hashes(lake: Path, dataset: str) -> dict[str, str]:
    """source_file -> content hash of its latest loaded batch."""
    return dict(loaded_batches(lake, dataset).select("source_file", "file_sha256").iter_rows())


def generation(lake: Path, batch_id: str, events: pl.DataFrame | None = None) -> int:
    """How many times ``batch_id`` was loaded so far (its next load is this + 1)."""
    events = read_ledger(lake) if events is None else events
    return events.filter((pl.col("batch_id") == batch_id) & (pl.col("event") == LOADED)).height


def loaded_elsewhere(lake: Path, dataset: str, sha256: str, source_file: str) -> str | None:
    """The path under which these bytes were loaded (or are held/rolled back) before, if any but this one."""
    rows = deliveries(lake, dataset).filter(
        (pl.col("file_sha256") == sha256) & (pl.col("source_file") != source_file) & pl.col("state").is_in([LOADED, ROLLED_BACK])
    )
    return rows["source_file"][0] if rows.height else None


def record(lake: Path, event: dict[str, Any], *, after: int | None = None) -> int:
    """Append one event for a delivery; ``after``: how many events of it the decision was based on.

    The event is marked once as the delivery's (after + 1)-th: if another writer recorded an
    event for this delivery since the decision was taken (two processes bypassing the lock),
    this one is not recorded a second time. ``after`` None: count now (under the writer lock).
    """
    row = {name: event.get(name) for name in SCHEMA.names()}
    row["event"] = row["event"] or LOADED
    row["loaded_at"] = row["loaded_at"] or datetime.now(UTC)
    if isinstance(row["figures"], dict):
        row["figures"] = json.dumps(row["figures"], ensure_ascii=False, sort_keys=True)
    sequence = (_events_of(lake, row).height if after is None else after) + 1
    row["sequence"] = sequence
    once = tables.Once(_delivery_id(row), sequence)
    version = tables.append(ledger_path(lake), pl.DataFrame([row], schema=SCHEMA), commit_info={"batch_id": str(row["batch_id"])}, once=once)
    if version % COMPACT_EVERY == 0:
        tables.compact(ledger_path(lake))  # one small file per event would make every read slower
    return version


COMPACT_EVERY = 200


def _events_of(lake: Path, row: dict[str, Any]) -> pl.DataFrame:
    return read_ledger(lake).filter(
        (pl.col("dataset") == row["dataset"]) & (pl.col("source_file") == row["source_file"]) & (pl.col("file_sha256") == row["file_sha256"])
    )


def _delivery_id(row: dict[str, Any]) -> str:
    """A short stable id of a delivery for the once-mark (a path may hold any characters)."""
    digest = hashlib.sha256(f"{row['dataset']}\0{row['source_file']}\0{row['file_sha256']}".encode()).hexdigest()[:24]
    return f"delivery-{digest}"
