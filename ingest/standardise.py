"""Apply a catalog entry to a raw frame: type every catalogued item, and split the rows.

Each row ends up either clean (typed, only catalogued items) or quarantined with the reasons,
in Chinese and English, and the source columns they concern. Nothing is dropped silently.
Whether a value may enter clean is decided by the door rules of the quality registry
(``expectations.door``): the same rule objects verification runs, so the standard lives in
one place (Art. 30).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from catalog.model import Dataset
from config.settings import load_settings
from expectations.door import REASON, parse_as, parse_field, typed, with_reasons

__all__ = ["REASON", "Split", "parse_as", "standardise"]


@dataclass(frozen=True)
class Split:
    clean: pl.DataFrame
    quarantine: pl.DataFrame  # the raw columns as received, plus REASON


def standardise(raw: pl.DataFrame, dataset: Dataset, lineage: list[str], today: date | None = None) -> Split:
    """Type ``raw`` (all strings, source headers) by ``dataset``; ``lineage`` columns pass through.

    ``today`` bounds plausible dates (no future births); default: the warehouse's clock.
    """
    missing = [f.column for f in dataset.fields if f.column not in raw.columns]
    if missing:
        reason = f"文件缺少目录数据项列 file lacks catalogued column(s) {missing}; 请按目录重新导出 re-export per the catalog"
        return Split(clean=_empty_clean(dataset, raw, lineage), quarantine=raw.with_columns(pl.lit(reason).alias(REASON)))

    checked = with_reasons(typed(raw, dataset), dataset, today or load_settings().today())
    bad = pl.col(REASON).is_not_null()
    clean = checked.filter(~bad).select(*lineage, *(f.name for f in dataset.fields))
    quarantine = checked.filter(bad).select(*raw.columns, REASON)
    return Split(clean=clean, quarantine=quarantine)


def _empty_clean(dataset: Dataset, raw: pl.DataFrame, lineage: list[str]) -> pl.DataFrame:
    template = pl.DataFrame({c: raw[c].head(0) for c in lineage if c in raw.columns})
    typed_empty = pl.DataFrame({f.column: pl.Series([], dtype=pl.String) for f in dataset.fields}).select(
        parse_field(f).alias(f.name) for f in dataset.fields
    )
    return pl.concat([template, typed_empty], how="horizontal")
