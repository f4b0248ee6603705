"""Duplicate collection found by content (一数一源, Art. 12), whatever the column is called.

The header check in ``ingest.recollection`` catches a column headed with a data item's standard
name. A unit may head it otherwise (户主名称 for 姓名). So for every file that references
another provider's subjects (a resident ID, a credit code), each column outside its catalog
entry is compared, row by row through that reference, with the authoritative provider's items:
a column that reproduces an item's values is a re-collection of it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from catalog.model import Catalog, CatalogEntry, CatalogField
from ingest import ledger
from ingest.standardise import parse_as
from lakehouse import tables

MIN_ROWS = 20  # fewer joined rows prove nothing either way
MIN_SHARE = 0.9  # share of joined rows whose value equals the authoritative one


def content_recollections(catalog: Catalog, lake: Path) -> pl.DataFrame:
    """One row per (dataset, column, item) whose values reproduce another provider's item."""
    keys = {f.item: (e, f) for e in catalog.entries for f in e.dataset.fields if f.authoritative and f.key}
    findings = []
    for entry in catalog.entries:
        extra, raw = _uncatalogued_columns(entry, lake)
        if not extra:
            continue
        for ref in (f for f in entry.dataset.fields if f.reference and f.item in keys):
            owner, key = keys[ref.item]
            findings += _compare(entry, raw, extra, ref, owner, key, lake)
    return pl.DataFrame(findings, schema=_SCHEMA)


def _uncatalogued_columns(entry: CatalogEntry, lake: Path) -> tuple[list[str], pl.DataFrame]:
    batch = ledger.latest_batch(lake, entry.dataset.id)
    if batch is None:
        return [], pl.DataFrame()
    raw = tables.read(tables.table_path(lake, "raw", entry.dataset.id), filter_expr=pl.col("_batch_id") == batch["batch_id"])
    catalogued = {f.column for f in entry.dataset.fields}
    extra = [c for c in raw.columns if c not in catalogued and not c.startswith("_")]
    return extra, raw.with_columns(pl.lit(batch["source_file"]).alias("_source_file"))


def _compare(
    entry: CatalogEntry,
    raw: pl.DataFrame,
    extra: list[str],
    ref: CatalogField,
    owner: CatalogEntry,
    key: CatalogField,
    lake: Path,
) -> list[dict]:
    clean_path = tables.table_path(lake, "clean", owner.dataset.id)
    # A reference column missing from the file (renamed, dropped) leaves nothing to join on.
    if owner.provider.code == entry.provider.code or not tables.exists(clean_path) or ref.column not in raw.columns:
        return []
    authority = tables.read(clean_path)
    items = [f for f in owner.dataset.fields if f.authoritative and not f.key and f.name in authority.columns]
    if key.name not in authority.columns:
        return []
    authority = authority.select(key.name, *(f.name for f in items)).unique(key.name, keep="first")
    left = raw.select(parse_as(ref.type, pl.col(ref.column)).alias(key.name), *(pl.col(c).alias(f"~{c}") for c in extra))
    joined = left.join(authority, on=key.name, how="inner")
    found = []
    for column in extra:
        for item in items:
            given = parse_as(item.type, pl.col(f"~{column}"))
            both = given.is_not_null() & pl.col(item.name).is_not_null()
            compared, equal = joined.select(both.sum().alias("n"), (both & (given == pl.col(item.name))).sum().alias("eq")).row(0)
            if compared >= MIN_ROWS and equal / compared >= MIN_SHARE:
                found.append(
                    {
                        "dataset": entry.dataset.id,
                        "provider": entry.provider.code,
                        "provider_name": entry.provider.name,
                        "source_file": raw["_source_file"][0],
                        "column": column,
                        "item": item.item,
                        "item_label": item.label,
                        "authoritative_provider": owner.provider.code,
                        "authoritative_provider_name": owner.provider.name,
                        "rows_compared": compared,
                        "share_equal": round(equal / compared, 4),
                    }
                )
    return found


_SCHEMA = {
    "dataset": pl.String,
    "provider": pl.String,
    "provider_name": pl.String,
    "source_file": pl.String,
    "column": pl.String,
    "item": pl.String,
    "item_label": pl.String,
    "authoritative_provider": pl.String,
    "authoritative_provider_name": pl.String,
    "rows_compared": pl.Int64,
    "share_equal": pl.Float64,
}
