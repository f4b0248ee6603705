"""Freshness (Art. 26): whoever provides must update on the catalog's cycle.

The date of a delivery is the date in its file name (providers name extracts by their
date, ``hukou_20261124.csv``) or, without one, the day it was loaded. A dataset is stale when
the warehouse's today (``DW_TODAY`` / ``Settings.today()``) is more than one cycle past it.

>>> allowance(UpdateCycle.weekly)
7
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from catalog.model import UPDATE_CYCLE_ZH, Catalog, CatalogEntry, UpdateCycle
from config.settings import BUREAU_TZ
from ingest import ledger

_DAYS = {
    UpdateCycle.real_time: 1,
    UpdateCycle.daily: 1,
    UpdateCycle.weekly: 7,
    UpdateCycle.monthly: 31,
    UpdateCycle.quarterly: 92,
    UpdateCycle.yearly: 366,
}
_FILE_DATE = re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])(?!\d)")


def allowance(cycle: UpdateCycle) -> int:
    """Days a delivery stays current under its update cycle."""
    return _DAYS[cycle]


@dataclass(frozen=True)
class Freshness:
    dataset: str
    provider: str
    provider_name: str
    cycle: UpdateCycle
    delivered_on: date | None  # None: never delivered
    today: date

    @property
    def days_late(self) -> int:
        if self.delivered_on is None:
            return -1
        return max(0, (self.today - self.delivered_on).days - allowance(self.cycle))

    @property
    def stale(self) -> bool:
        return self.delivered_on is None or self.days_late > 0

    def describe(self) -> str:
        who = f"{self.provider_name} ({self.provider})"
        cycle = f"{UPDATE_CYCLE_ZH[self.cycle]} {self.cycle.value}"
        if self.delivered_on is None:
            return f"{self.dataset}: 从未交付 never delivered — {who}, 更新周期 cycle {cycle}"
        if not self.stale:
            return f"{self.dataset}: 按时 fresh — 最近交付 delivered {self.delivered_on}, 更新周期 cycle {cycle}"
        return (f"{self.dataset}: 逾期{self.days_late}天 {self.days_late} day(s) late — {who}, "
                f"最近交付 last delivery {self.delivered_on}, 更新周期 cycle {cycle}")


def delivery_date(source_file: str, loaded_on: date) -> date:
    m = _FILE_DATE.search(Path(source_file).name)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    return loaded_on


def freshness_of(entry: CatalogEntry, batches: pl.DataFrame, today: date) -> Freshness:
    rows = batches.filter(pl.col("dataset") == entry.dataset.id)
    delivered = None
    for r in rows.iter_rows(named=True):
        d = delivery_date(r["source_file"], r["loaded_at"].astimezone(BUREAU_TZ).date())
        delivered = d if delivered is None or d > delivered else delivered
    return Freshness(entry.dataset.id, entry.provider.code, entry.provider.name, entry.dataset.update_cycle, delivered, today)


def all_freshness(catalog: Catalog, lake: Path, today: date) -> list[Freshness]:
    batches = ledger.read_ledger(lake)
    return [freshness_of(e, batches, today) for e in catalog.entries]
