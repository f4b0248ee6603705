"""Delta tables of the lakehouse: where they live, how they are written, how they are read back.

Every write is one Delta commit, so a write that fails or is interrupted leaves the previous
version as it was (Art. 31); nothing is overwritten without a new version, and every version
stays readable (time travel, Art. 14) until an operator vacuums it.

A write may carry a :class:`Once` mark (Delta's application transaction identifier, ``txn``):
the table then remembers that this batch's write of that generation was committed, and a later
write with the same mark is skipped. For two writers racing past the writer lock that is not
enough by itself (measured with deltalake 1.6.6: two *appends* with the same mark can both
commit), so marked replaces always carry a predicate: Delta's conflict check then refuses the
second of two racing replaces, which re-plans, finds the mark and stops. Appends stay
at-least-once under such a race; their readers drop repeats (see ``ingest.ledger``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from deltalake import CommitProperties, DeltaTable, Transaction, write_deltalake
from deltalake.exceptions import CommitFailedError

from lakehouse.lineage import BATCH_ID

ZONES = ("raw", "clean", "quarantine", "release", "meta")


def table_path(lake: Path, zone: str, name: str) -> Path:
    """``lake/zone/name``; zones are fixed so that nobody writes around them (Art. 8, 13)."""
    if zone not in ZONES:
        raise ValueError(f"unknown zone {zone!r}; one of {ZONES}")
    return lake / zone / name


def exists(path: Path) -> bool:
    return DeltaTable.is_deltatable(str(path))


def version(path: Path) -> int | None:
    """Latest committed version, or None if the table has never been written."""
    return DeltaTable(str(path)).version() if exists(path) else None


def read(path: Path, *, version: int | None = None, filter_expr: pl.Expr | None = None) -> pl.DataFrame:
    """Read a table (optionally an older version); an absent table is an error, not empty."""
    if not exists(path):
        raise FileNotFoundError(f"Delta table not found: {path}. Run `dw run` to build it.")
    frame = pl.scan_delta(str(path), version=version)
    if filter_expr is not None:
        frame = frame.filter(filter_expr)
    return frame.collect()


@dataclass(frozen=True)
class Once:
    """Commit at most once per table: ``app_id`` (a batch) at ``generation`` (its n-th load)."""

    app_id: str
    generation: int


def committed(path: Path, once: Once) -> bool:
    """Whether a write marked ``once`` (or a later generation of it) is already in the table's log."""
    if not exists(path):
        return False
    done = DeltaTable(str(path)).transaction_version(once.app_id)
    return done is not None and done >= once.generation


def replace(
    path: Path,
    frame: pl.DataFrame,
    *,
    where: str | None = None,
    commit_info: Mapping[str, str] | None = None,
    once: Once | None = None,
) -> int:
    """Overwrite the table (or only the rows matching the SQL predicate ``where``) in one commit.

    New columns are merged into the schema, so a provider adding a column does not break the
    history of a raw table. Returns the new version (with ``once`` already committed: the
    current version, and nothing is written).
    """
    return _write(path, frame, "overwrite", where=where, commit_info=commit_info, once=once)


def append(path: Path, frame: pl.DataFrame, *, commit_info: Mapping[str, str] | None = None, once: Once | None = None) -> int:
    """Append rows in one commit; returns the new version (see :func:`replace` for ``once``)."""
    return _write(path, frame, "append", where=None, commit_info=commit_info, once=once)


def _write(
    path: Path,
    frame: pl.DataFrame,
    mode: str,
    *,
    where: str | None,
    commit_info: Mapping[str, str] | None,
    once: Once | None,
) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    txns = [Transaction(once.app_id, once.generation)] if once is not None else None
    for attempt in range(_ATTEMPTS):
        if once is not None and committed(path, once):
            return DeltaTable(str(path)).version()
        if once is not None and not exists(path):
            # Two writers creating a table at once are not checked against each other's txn marks
            # (delta-rs plans both as creations; measured: a batch committed twice). Create it empty
            # first, so that the batch's own commit is always checked against a concurrent one.
            _create_empty(path, frame)
        table_exists = exists(path)
        try:
            properties = CommitProperties(custom_metadata=dict(commit_info or {}), app_transactions=txns)
            if mode == "append":
                write_deltalake(str(path), frame.to_arrow(), mode="append", schema_mode="merge", commit_properties=properties)
            else:
                # A whole-table replace of a marked batch still names a predicate ("true"): only then
                # does delta-rs check a concurrent writer's added rows against it (measured: without,
                # two racing replaces can both land and the table holds the rows twice).
                predicate = where if where is not None or once is None else "true"
                write_deltalake(
                    str(path),
                    frame.to_arrow(),
                    mode="overwrite",
                    predicate=predicate if table_exists else None,
                    schema_mode="merge" if where is not None else "overwrite",
                    commit_properties=properties,
                )
            break
        except CommitFailedError:
            # Another writer committed first: plan again against its commit (and skip if it was this batch).
            if once is None or attempt == _ATTEMPTS - 1:
                raise
    return DeltaTable(str(path)).version()


_ATTEMPTS = 3


def _create_empty(path: Path, frame: pl.DataFrame) -> None:
    try:
        write_deltalake(str(path), frame.head(0).to_arrow(), mode="append", schema_mode="merge")
    except Exception:  # a concurrent creator won; any other problem shows at the real write
        if not exists(path):
            raise


def row_count(path: Path, *, version: int | None = None) -> int:
    """Rows in the table (at ``version``), from the Delta log's file statistics: no data is read."""
    if not exists(path):
        return 0
    actions = pa.table(DeltaTable(str(path), version=version).get_add_actions(flatten=True))
    return int(pc.sum(actions.column("num_records")).as_py() or 0)


def batch_counts(path: Path, *, version: int | None = None) -> dict[str, int]:
    """``_batch_id`` -> rows of that batch in the table (at ``version``); {} if there is no table."""
    if not exists(path):
        return {}
    frame = pl.scan_delta(str(path), version=version).group_by(BATCH_ID).len().collect()
    return dict(frame.iter_rows())


def compact(path: Path) -> None:
    """Rewrite small files into larger ones (no data change: readers and history are unaffected)."""
    DeltaTable(str(path)).optimize.compact()


def history(path: Path) -> list[dict]:
    """Commit log, newest first: version, timestamp, operation and our commit info."""
    return DeltaTable(str(path)).history()


def restore(path: Path, to_version: int) -> int:
    """Make ``to_version`` the current content again, as a new version (nothing is lost)."""
    table = DeltaTable(str(path))
    table.restore(to_version)
    return DeltaTable(str(path)).version()
