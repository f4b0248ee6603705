"""The hand-over between dataset builders, the fault injector and the writers.

A builder produces a :class:`Table`: the clean rows exactly as the provider's system would
export them (every value a string in the provider's canonical format), plus what it already
did on purpose (accepted anomalies such as references to people outside the register). The
column roles the fault injector needs come from the resource catalog, not from the builder,
so that the demo follows the catalog when an entry changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from catalog.model import Catalog, CatalogEntry, FieldType, PersonalKind
from catalog.validate import load_catalog

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalog" / "providers"


@cache
def district_catalog() -> Catalog:
    """The packaged catalog, loaded once: every header the demo writes must come from it."""
    return load_catalog(CATALOG_DIR)


@dataclass(frozen=True)
class Table:
    """One dataset's clean export, before faults.

    ``reserved`` marks rows that already carry a deliberate anomaly (listed in ``accepted``
    with its per-column count); the injector keeps quarantine faults, blanks and duplicates
    off those rows so that every count in the manifest stays exact.
    """

    dataset: str
    frame: pl.DataFrame
    date_format: str  # strftime of the provider's own date (or datetime) columns
    reserved: np.ndarray
    accepted: dict[str, dict[str, int]] = field(default_factory=dict)
    recollected: dict[str, str] = field(default_factory=dict)  # extra header -> item id
    notes: dict[str, int] = field(default_factory=dict)  # facts about the content worth checking

    def __post_init__(self) -> None:
        if len(self.reserved) != self.frame.height:
            raise ValueError(f"{self.dataset}: reserved mask has {len(self.reserved)} rows, frame {self.frame.height}")
        if any(dtype != pl.String for dtype in self.frame.dtypes):
            raise TypeError(f"{self.dataset}: every column must be a string as exported")


@dataclass(frozen=True)
class Layout:
    """Column roles of one dataset's file, read from its catalog entry."""

    provider: str
    pattern: str
    columns: tuple[str, ...]  # catalogued headers, in catalog order
    keys: tuple[str, ...]
    required: tuple[str, ...]  # key or required: a blank here sends the row to quarantine
    optional: tuple[str, ...]
    resident_ids: tuple[str, ...]
    usccs: tuple[str, ...]
    dates: tuple[str, ...]  # date and datetime columns
    numbers: tuple[str, ...]  # integer and decimal columns
    mobiles: tuple[str, ...]
    free_text: tuple[str, ...]

    @property
    def checked_codes(self) -> tuple[str, ...]:
        """Required identifier columns whose check code decides the row's fate."""
        return tuple(c for c in self.resident_ids + self.usccs if c in self.required)


def layout(dataset: str) -> Layout:
    """Column roles of ``dataset`` in the packaged catalog."""
    entry = district_catalog().dataset(dataset)
    return _layout(entry)


def _layout(entry: CatalogEntry) -> Layout:
    fields = entry.dataset.fields

    def of(*types: FieldType) -> tuple[str, ...]:
        return tuple(f.column for f in fields if f.type in types)

    return Layout(
        provider=entry.provider.code,
        pattern=entry.dataset.source.pattern,
        columns=tuple(f.column for f in fields),
        keys=tuple(f.column for f in fields if f.key),
        required=tuple(f.column for f in fields if f.key or f.required),
        optional=tuple(f.column for f in fields if not (f.key or f.required)),
        resident_ids=of(FieldType.resident_id),
        usccs=of(FieldType.uscc),
        dates=of(FieldType.date, FieldType.datetime),
        numbers=of(FieldType.integer, FieldType.decimal),
        mobiles=of(FieldType.mobile),
        free_text=tuple(f.column for f in fields if f.personal is PersonalKind.free_text),
    )
