"""Reading and writing the files `dw pii` works on: CSV (UTF-8 or GB18030/GBK), Parquet, Delta.

CSV encodings are detected, never guessed (see standards.encoding).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from lakehouse import tables
from standards.encoding import EncodingProblem, to_utf8


class InputError(Exception):
    """The input cannot be read; the message says what, where and what to do."""


@dataclass(frozen=True)
class Table:
    frame: pl.DataFrame
    format: str  # csv | parquet | delta
    encoding: str | None = None  # CSV only: the codec the file was decoded with


def detect_format(path: Path) -> str:
    if path.is_dir():
        if tables.exists(path):
            return "delta"
        raise InputError(f"{path}: 文件夹不是 Delta 表 folder is not a Delta table (no _delta_log); give a CSV, Parquet or Delta path")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise InputError(f"{path}: 不支持的文件类型 unsupported file type {suffix!r}; use .csv, .parquet or a Delta table folder")


def decode_csv(path: Path) -> tuple[bytes, str]:
    """The file as UTF-8 bytes and the encoding it was in (see standards.encoding)."""
    try:
        return to_utf8(path.read_bytes())
    except EncodingProblem as exc:
        raise InputError(f"{path}: {exc}; 请另存为 UTF-8 re-save the file as UTF-8 and try again") from None


def read_table(path: Path) -> Table:
    if not path.exists():
        raise InputError(f"{path}: 文件不存在 file not found")
    fmt = detect_format(path)
    try:
        if fmt == "delta":
            return Table(tables.read(path), fmt)
        if fmt == "parquet":
            return Table(pl.read_parquet(path), fmt)
        utf8, codec = decode_csv(path)
        # Every cell as text: leading zeros of IDs and phone numbers must survive.
        return Table(pl.read_csv(utf8, infer_schema=False), fmt, codec)
    except InputError:
        raise
    except Exception as exc:  # polars/arrow parse errors carry the row; keep their words
        raise InputError(f"{path}: 无法读取 cannot read as {fmt}: {exc}") from None


def write_table(frame: pl.DataFrame, path: Path, like: Table) -> None:
    """Write in the input's format (and, for CSV, its encoding)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if like.format == "delta":
        tables.replace(path, frame, commit_info={"dw.pii": "masked copy"})
    elif like.format == "parquet":
        frame.write_parquet(path)
    else:
        codec = "utf-8-sig" if like.encoding == "utf-16" else like.encoding or "utf-8"
        path.write_bytes(frame.write_csv().encode(codec))
