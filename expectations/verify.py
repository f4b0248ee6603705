"""Verification of one clean table: its suite evaluated in polars, failing rows by lineage.

The rows that fail a rule are found by re-applying the rule's predicate to the clean table
(never from GX's capped lists); cross-source rules read the authoritative clean tables too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from catalog.model import Catalog
from expectations.evaluate import failing_masks
from expectations.registry import verify_rules
from expectations.rules import Rule
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, LINEAGE, ROW_NUMBER


@dataclass(frozen=True)
class Verification:
    dataset: str
    rules: tuple[Rule, ...]
    frame: pl.DataFrame  # the clean table as checked
    masks: pl.DataFrame  # one boolean column per rule id, True = fails

    def counts(self) -> dict[str, int]:
        if self.masks.width == 0:
            return {}
        return {k: int(v or 0) for k, v in self.masks.sum().row(0, named=True).items()}

    def failing(self, rule_id: str) -> pl.DataFrame:
        return self.frame.filter(self.masks[rule_id])


def clean_table(lake: Path, dataset: str) -> pl.DataFrame | None:
    path = tables.table_path(lake, "clean", dataset)
    return tables.read(path) if tables.exists(path) else None


def verify_dataset(catalog: Catalog, dataset: str, lake: Path, today: date, *, local_only: bool = False) -> Verification | None:
    """None when the dataset has no clean table yet. ``local_only``: skip cross-source rules."""
    frame = clean_table(lake, dataset)
    if frame is None:
        return None
    frame = frame.sort(BATCH_ID, ROW_NUMBER) if set(LINEAGE) <= set(frame.columns) else frame
    rules = tuple(r for r in verify_rules(catalog, dataset, today) if not (local_only and r.check.needs()))
    others: dict[str, pl.DataFrame] = {}
    for rule in rules:
        for other in rule.check.needs():
            if other not in others:
                loaded = clean_table(lake, other)
                others[other] = loaded if loaded is not None else pl.DataFrame()
    usable = tuple(r for r in rules if all(others.get(o) is not None and others[o].width for o in r.check.needs()))
    return Verification(dataset, usable, frame, failing_masks(usable, frame, others))
