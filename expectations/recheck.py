"""Re-check rows against one rule, for the problem-data loop's verify step (Art. 27).

``recheck(rule_id, dataset, keys)`` answers which of the given lineage keys still fail. A key
of a batch whose rows are still current is re-checked in place; a key of an earlier delivery is
followed to the record with the same business key in the current delivery (the provider's
fix arrives as a new file), and that record is checked. A record no longer delivered at all
no longer fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from catalog.model import Dataset
from catalog.validate import load_catalog
from config.settings import Settings, load_settings
from expectations.door import REASON, door_masks, typed
from expectations.evaluate import failing_masks
from expectations.registry import catalog_rules, rule_by_id
from expectations.verify import clean_table
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, lineage_key_expr

KEY = "lineage_key"


def recheck(rule_id: str, dataset: str, lineage_keys: Iterable[str], settings: Settings | None = None) -> set[str]:
    """The subset of ``lineage_keys`` whose record still breaks ``rule_id`` in ``dataset`` now."""
    settings = settings or load_settings()
    wanted = set(lineage_keys)
    if not wanted:
        return set()
    catalog = load_catalog(settings.catalog_dir)
    today = settings.today()
    rule = rule_by_id(catalog_rules(catalog, today), rule_id)
    entry = catalog.dataset(dataset)
    lake = settings.lake_dir

    clean = clean_table(lake, dataset)
    clean = clean.with_columns(lineage_key_expr()) if clean is not None else pl.DataFrame({KEY: []}, schema={KEY: pl.String})
    others = {o: t for o in rule.check.needs() if (t := clean_table(lake, o)) is not None}
    failing_now: set[str] = set()
    if clean.height and all(o in others for o in rule.check.needs()):
        masks = failing_masks((rule,), clean, others)
        failing_now = set(clean.filter(masks[rule.id])[KEY].to_list())
    in_clean = set(clean[KEY].to_list())

    still = {k for k in wanted if k in in_clean and k in failing_now}
    rest = wanted - in_clean
    quarantined = _quarantined(lake, dataset)
    if rest and quarantined.height:
        _, masks = door_masks(quarantined.drop(KEY), entry.dataset, today)
        if rule.id in masks.columns:
            still |= rest & set(quarantined.filter(masks[rule.id])[KEY].to_list())
        rest -= set(quarantined[KEY].to_list())
    if rest:
        still |= _followed(lake, entry.dataset, rest, clean, failing_now)
    return still


def _quarantined(lake: Path, dataset: str) -> pl.DataFrame:
    path = tables.table_path(lake, "quarantine", dataset)
    if not tables.exists(path):
        return pl.DataFrame({KEY: []}, schema={KEY: pl.String})
    frame = tables.read(path)
    return frame.with_columns(lineage_key_expr()) if REASON in frame.columns else pl.DataFrame({KEY: []}, schema={KEY: pl.String})


def _followed(lake: Path, dataset: Dataset, keys: set[str], clean: pl.DataFrame, failing_now: set[str]) -> set[str]:
    """Keys of earlier deliveries whose record, found again by its business key, still fails."""
    raw_path = tables.table_path(lake, "raw", dataset.id)
    key_fields = [f.name for f in dataset.key_fields]
    if not key_fields or not tables.exists(raw_path) or not clean.height:
        return set()
    batches = sorted({k.rsplit(":", 1)[0] for k in keys})
    raw = tables.read(raw_path, filter_expr=pl.col(BATCH_ID).is_in(batches)).with_columns(lineage_key_expr())
    old = typed(raw.filter(pl.col(KEY).is_in(list(keys))), dataset).select(KEY, *key_fields)
    now = clean.select(pl.col(KEY).alias("_now"), *key_fields)
    matched = old.join(now, on=key_fields, how="inner")
    return {k for k, n in zip(matched[KEY], matched["_now"]) if n in failing_now}


__all__ = ["recheck"]
