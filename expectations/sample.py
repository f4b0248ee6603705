"""Masked samples of failing rows: what an officer may see in a finding, a report or a ticket.

Personal values are masked with the masking package's own transforms (330203********1234,
张*, 138****5678); any other value is cut short and any run of six or more digits in it masked,
so a resident ID typed into the wrong column does not leak either (Art. 33).
"""

from __future__ import annotations

import json
import re

import polars as pl

from catalog.model import CatalogField, PersonalKind
from lakehouse.lineage import lineage_key_expr
from masking.transforms import mask_value

SAMPLE_ROWS = 3
MAX_SHOWN = 24
_DIGITS = re.compile(r"\d{6,}")


def mask_cell(value: object, kind: PersonalKind) -> str | None:
    if value is None:
        return None
    text = str(value)
    if kind is PersonalKind.free_text:
        return f"〔{len(text)}字 已屏蔽 text withheld〕"
    if kind is not PersonalKind.none:
        try:
            return mask_value(kind, text)
        except ValueError:
            return "***"
    text = _DIGITS.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 4) + m.group(0)[-2:], text)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def masked_sample(frame: pl.DataFrame, fields: list[CatalogField], *, by_column: bool = False) -> str:
    """JSON list of up to three rows: lineage key plus the masked values of ``fields``.

    ``by_column`` reads the provider's headers (quarantine rows) instead of clean column names.
    """
    head = frame.head(SAMPLE_ROWS)
    keys = head.select(lineage_key_expr()).to_series().to_list() if head.height else []
    rows = []
    for i, key in enumerate(keys):
        row: dict[str, str | None] = {"lineage_key": key}
        for f in fields:
            column = f.column if by_column else f.name
            if column in head.columns:
                row[f.label] = mask_cell(head[column][i], f.personal)
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, default=str)
