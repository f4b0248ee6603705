"""Which delivery holds a batch's rows now, read from the batch ledger (``meta/batches``).

A provider's fix arrives as a new batch. For a snapshot dataset the newest file replaces every
earlier one; for an incremental dataset a corrected file replaces the rows of the file of the
same name. Whether a ticket's rows still fail is for the quality package's ``recheck`` to say
(it follows a record into the current delivery); this module only tells the loop whether
anything was collected since a ticket's batch, and which batch took its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from catalog.model import Catalog, Delivery
from ingest import ledger


@dataclass(frozen=True)
class _Batch:
    dataset: str
    source_file: str
    loaded_at: datetime


class Deliveries:
    """``loaded``: the ledger's ``loaded`` events; ``current``: the deliveries whose state is
    ``loaded`` now (not held, refused, rolled back), one row each."""

    def __init__(self, loaded: pl.DataFrame, current: pl.DataFrame, catalog: Catalog):
        self._batches: dict[str, _Batch] = {}
        for batch, dataset, source, at in loaded.sort("loaded_at").select("batch_id", "dataset", "source_file", "loaded_at").iter_rows():
            self._batches[batch] = _Batch(dataset, source, at)
        self._latest_of_file: dict[tuple[str, str], str] = {}
        self._latest_of_dataset: dict[str, str] = {}
        for batch, dataset, source in current.sort("loaded_at").select("batch_id", "dataset", "source_file").iter_rows():
            self._latest_of_file[(dataset, source)] = batch
            self._latest_of_dataset[dataset] = batch
        self._snapshots = {e.dataset.id for e in catalog.entries if e.dataset.source.delivery is Delivery.snapshot}

    @classmethod
    def read(cls, lake: Path, catalog: Catalog) -> Deliveries:
        events = ledger.read_ledger(lake)
        current = ledger.deliveries(lake).filter(pl.col("state") == ledger.LOADED)
        return cls(events.filter(pl.col("event") == ledger.LOADED), current, catalog)

    def superseding(self, dataset: str, batch: str) -> str:
        """The batch now holding ``batch``'s rows: itself, unless a newer delivery replaced it."""
        if dataset in self._snapshots:
            return self._latest_of_dataset.get(dataset, batch)
        known = self._batches.get(batch)
        return self._latest_of_file.get((dataset, known.source_file), batch) if known else batch

    def corrected_in_place(self, dataset: str, batch: str) -> str | None:
        """The later batch of the same file name, if ``batch``'s file was delivered again.

        Ingestion replaces a file's rows with those of its new version, so the old rows are no
        longer in the raw table to be followed by their business key; a file corrected under its
        own name keeps its rows in place, so row n of the new version is row n of the old one.
        """
        known = self._batches.get(batch)
        if known is None:
            return None
        latest = self._latest_of_file.get((dataset, known.source_file), batch)
        return latest if latest != batch else None

    def collected_since(self, dataset: str, batch: str) -> bool:
        """Was any batch of ``dataset`` loaded after ``batch``? (A batch not in the ledger: any at all.)"""
        known = self._batches.get(batch)
        return any(b.dataset == dataset and (known is None or b.loaded_at > known.loaded_at) and name != batch
                   for name, b in self._batches.items())
