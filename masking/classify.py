"""Column classification: what the catalog says a column holds, checked against its content.

A sample of each column is scanned. A column whose cells are, for the most part, wholly one
kind of personal data is *observed* as that kind. Against the catalog this gives:

- ``confirmed``: the catalog's personal kind is what the content shows;
- ``unconfirmed``: the catalog says personal but the sample does not show it (warning);
- ``catalog_error``: the catalog says not personal but the content is personal data;
- ``free_text``: scanned span by span, never classified whole.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import polars as pl

from catalog.model import CatalogField, PersonalKind
from masking.entities import ENTITY_KIND, Entity
from masking.scan import Scanner

SAMPLE_SIZE = 500
OBSERVED_SHARE = 0.6  # share of non-empty sampled cells that must be wholly one kind
_BIRTH_HEADER = re.compile(r"出生|生日|birth", re.IGNORECASE)
_DATE = re.compile(r"^(1[89]|20)\d{2}[-/.年]?\d{1,2}[-/.月]?\d{1,2}日?$")


@dataclass(frozen=True)
class ColumnClass:
    column: str
    catalog: PersonalKind | None  # None when there is no catalog (CLI on a loose file)
    observed: Entity | None
    share: float
    status: str

    @property
    def observed_kind(self) -> PersonalKind:
        return ENTITY_KIND[self.observed] if self.observed else PersonalKind.none

    def message(self) -> str:
        seen = f"{self.observed.value} in {self.share:.0%} of sampled cells" if self.observed else "no personal data"
        if self.status == "catalog_error":
            return (
                f"目录错误 catalog error: column {self.column!r} is catalogued as not personal but its content is "
                f"{seen}; set `personal: {self.observed_kind.value}` in the catalog"
            )
        if self.status == "unconfirmed":
            return f"未确认 column {self.column!r} is catalogued as {self.catalog and self.catalog.value} but the sample shows {seen}"
        return f"column {self.column!r}: {self.status} ({seen})"


def _sample(frame: pl.DataFrame, column: str) -> list[str]:
    values = frame.get_column(column).drop_nulls().cast(pl.String)
    if values.len() > SAMPLE_SIZE:
        values = values.sample(SAMPLE_SIZE, seed=0)
    return [v for v in values.to_list() if v.strip()]


def observe(scanner: Scanner, column: str, cells: list[str]) -> tuple[Entity | None, float]:
    """The entity most cells are wholly made of, and its share of the cells."""
    header = scanner.infer_header(column, cells)
    whole: Counter[Entity] = Counter()
    for cell in cells:
        spans = scanner.scan(cell, header)
        stripped = len(cell.strip())
        if len(spans) == 1 and spans[0].end - spans[0].start >= 0.9 * stripped:
            whole[spans[0].entity] += 1
    if not whole or not cells:
        return None, 0.0
    entity, n = whole.most_common(1)[0]
    share = n / len(cells)
    return (entity, share) if share >= OBSERVED_SHARE else (None, share)


def classify(frame: pl.DataFrame, fields: tuple[CatalogField, ...], scanner: Scanner) -> list[ColumnClass]:
    """One classification per catalog field present in ``frame``."""
    out = []
    for f in fields:
        if f.name not in frame.columns:
            continue
        if f.personal is PersonalKind.free_text:
            out.append(ColumnClass(f.name, f.personal, None, 0.0, "free_text"))
            continue
        entity, share = observe(scanner, f.label, _sample(frame, f.name))
        observed = ENTITY_KIND[entity] if entity else PersonalKind.none
        if f.personal is PersonalKind.none:
            status = "catalog_error" if observed is not PersonalKind.none else "none"
        elif f.personal is PersonalKind.birth_date:
            status = "confirmed" if frame.schema[f.name].is_temporal() or _dates(frame, f.name) else "unconfirmed"
        else:
            status = "confirmed" if observed is f.personal else "unconfirmed"
        out.append(ColumnClass(f.name, f.personal, entity, share, status))
    return out


def _dates(frame: pl.DataFrame, column: str) -> bool:
    cells = _sample(frame, column)
    return bool(cells) and sum(bool(_DATE.match(c.strip())) for c in cells) >= OBSERVED_SHARE * len(cells)


def infer_kinds(frame: pl.DataFrame, scanner: Scanner) -> dict[str, PersonalKind]:
    """Kinds for a file without a catalog entry (``dw pii mask``): a column wholly of one kind is
    structured; a birth-date header is a birth date; any other text column is free text."""
    kinds: dict[str, PersonalKind] = {}
    for column in frame.columns:
        entity, _share = observe(scanner, column, _sample(frame, column))
        kind = ENTITY_KIND[entity] if entity else PersonalKind.none
        if kind is not PersonalKind.none:
            kinds[column] = kind
        elif _BIRTH_HEADER.search(column) and (frame.schema[column].is_temporal() or _dates(frame, column)):
            kinds[column] = PersonalKind.birth_date
        elif frame.schema[column] == pl.String:
            kinds[column] = PersonalKind.free_text
    return kinds
