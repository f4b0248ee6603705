"""Delta tables of the lakehouse: where they live, how they are written, how they are read back.

Every write is one Delta commit, so a write that fails or is interrupted leaves the previous
version as it was (Art. 31); nothing is overwritten without a new version, and every version
stays readable (time travel, Art. 14) until an operator vacuums it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl
from deltalake import CommitProperties, DeltaTable, write_deltalake

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


def replace(
    path: Path,
    frame: pl.DataFrame,
    *,
    where: str | None = None,
    commit_info: Mapping[str, str] | None = None,
) -> int:
    """Overwrite the table (or only the rows matching the SQL predicate ``where``) in one commit.

    New columns are merged into the schema, so a provider adding a column does not break the
    history of a raw table. Returns the new version.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    write_deltalake(
        str(path),
        frame.to_arrow(),
        mode="overwrite",
        predicate=where if exists(path) else None,
        schema_mode="merge" if where is not None else "overwrite",
        commit_properties=CommitProperties(custom_metadata=dict(commit_info or {})),
    )
    return DeltaTable(str(path)).version()


def append(path: Path, frame: pl.DataFrame, *, commit_info: Mapping[str, str] | None = None) -> int:
    """Append rows in one commit; returns the new version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_deltalake(
        str(path),
        frame.to_arrow(),
        mode="append",
        schema_mode="merge",
        commit_properties=CommitProperties(custom_metadata=dict(commit_info or {})),
    )
    return DeltaTable(str(path)).version()


def history(path: Path) -> list[dict]:
    """Commit log, newest first: version, timestamp, operation and our commit info."""
    return DeltaTable(str(path)).history()


def restore(path: Path, to_version: int) -> int:
    """Make ``to_version`` the current content again, as a new version (nothing is lost)."""
    table = DeltaTable(str(path))
    table.restore(to_version)
    return DeltaTable(str(path)).version()
