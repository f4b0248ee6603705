"""Lineage: how every row in the lake names where it came from, without naming whom it is about.

A row is referred to by its batch and its data row in the delivered file, never by a personal
value: findings, tickets, audit entries and reports all use :func:`lineage_key`.

>>> lineage_key("household_registration-3f2a9c0d1e2b4a5c", 17)
'household_registration-3f2a9c0d1e2b4a5c:17'
"""

from __future__ import annotations

import polars as pl

BATCH_ID = "_batch_id"  # <dataset>-<first 16 hex of the file's SHA-256>
SOURCE_FILE = "_source_file"  # path under the landing folder
FILE_SHA256 = "_file_sha256"
LOADED_AT = "_loaded_at"
ROW_NUMBER = "_row_number"  # 1-based data row in the file (the header is row 0)
LINEAGE = [BATCH_ID, SOURCE_FILE, ROW_NUMBER]


def lineage_key(batch_id: str, row_number: int) -> str:
    return f"{batch_id}:{row_number}"


def lineage_key_expr() -> pl.Expr:
    """:func:`lineage_key` for every row of a frame that carries the lineage columns."""
    return pl.format("{}:{}", pl.col(BATCH_ID), pl.col(ROW_NUMBER)).alias("lineage_key")
