"""Duplicate collection (重复采集, Art. 12): a file carrying items another provider owns.

A provider's file may hold columns its catalog entry does not list. When such a column is
headed with the standard name (数据项名称, the catalog label) of a data item whose
authoritative source is another provider, the provider is
collecting again what it should obtain by sharing. Those columns never reach the clean zone
(clean holds catalogued items only); they are reported with both providers named.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from catalog.model import Catalog, CatalogEntry, CatalogField


@dataclass(frozen=True)
class Recollection:
    column: str
    item: str
    item_label: str
    authoritative_provider: str
    authoritative_provider_name: str
    rows_with_values: int

    def describe(self, entry: CatalogEntry) -> str:
        return (
            f"重复采集 duplicate collection: {entry.provider.name}({entry.provider.code}) 的文件含列 "
            f"[{self.column}] = 数据项 {self.item_label}({self.item}), 其权威来源为 authoritative source is "
            f"{self.authoritative_provider_name}({self.authoritative_provider}); 应通过共享获取 obtain it by sharing (Art. 12)"
        )


def find_recollections(raw: pl.DataFrame, entry: CatalogEntry, catalog: Catalog) -> list[Recollection]:
    catalogued = {f.column for f in entry.dataset.fields}
    owners = _authoritative_headers(catalog)
    found = []
    for column in raw.columns:
        if column in catalogued or column not in owners:
            continue
        owner, field = owners[column]
        if owner.provider.code == entry.provider.code:
            continue
        filled = raw.select(pl.col(column).str.strip_chars().str.len_chars().gt(0).sum()).item()
        found.append(
            Recollection(
                column=column,
                item=field.item,
                item_label=field.label,
                authoritative_provider=owner.provider.code,
                authoritative_provider_name=owner.provider.name,
                rows_with_values=int(filled or 0),
            )
        )
    return found


def _authoritative_headers(catalog: Catalog) -> dict[str, tuple[CatalogEntry, CatalogField]]:
    """Data item name -> (entry, field) of its authoritative source.

    Provider-local headers are not used: two units may both head a column 出生日期 for different
    items. A name shared by two items is dropped rather than guessed.
    """
    seen: dict[str, list[tuple[CatalogEntry, CatalogField]]] = {}
    for e in catalog.entries:
        for f in e.dataset.fields:
            if f.authoritative:
                seen.setdefault(f.label, []).append((e, f))
    return {name: places[0] for name, places in seen.items() if len({f.item for _, f in places}) == 1}
