"""The shape of a provider file, checked before and after parsing, located without quoting it.

A parser's own error message quotes the broken text (an unbalanced quote made polars paste the
rest of a file, names and resident IDs, into the error). These checks find the same faults
themselves and say where they are: line, column position, never a value.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import polars as pl

from ingest.errors import SourceError

__all__ = ["check_csv_shape", "check_headers", "locate_quote_fault", "repeated_header_row"]

_FIX = "请修正后重新导出 fix the export and deliver the file again"
_NL, _COMMA, _QUOTE = 10, 44, 34


def check_csv_shape(utf8: bytes, path: Path) -> list[str]:
    """The header's names, once quotes balance and every line has as many fields as the header."""
    if not utf8.strip():
        raise SourceError(path, None, None, "空文件 the file is empty (no header)", "请提供单位重新导出 ask the provider to re-export", line=1)
    raw = np.frombuffer(utf8, dtype=np.uint8)
    quotes = np.flatnonzero(raw == _QUOTE)
    newlines = np.flatnonzero(raw == _NL)
    if quotes.size % 2:
        line = _unclosed_quote_line(quotes, newlines)
        raise SourceError(path, None, None, "引号未闭合 a quote opens here and never closes (the rest of the file would become one value)",
                          _FIX, line=line)
    header = next(csv.reader(io.StringIO(utf8[: 1 << 16].decode("utf-8", "ignore"))), [])
    check_headers(header, path)
    _fields_per_record(raw, quotes, newlines, len(header), path)
    return header


def check_headers(names: list[str], path: Path) -> None:
    """Two headers equal once spaces and a BOM are trimmed cannot both be loaded: refuse, by position."""
    first: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        key = name.strip().lstrip("\ufeff").strip()
        if key in first:
            what = ("两列表头为空 two columns have an empty header" if not key
                    else "两列表头相同（去除空格后） two columns have the same header once spaces are trimmed")
            raise SourceError(path, None, f"{first[key]} & {position}", what, "请改正表头后重新导出 correct the header and re-export", line=1)
        first[key] = position


def repeated_header_row(frame: pl.DataFrame) -> int | None:
    """The first data row (1-based) that repeats the header: at least half its cells are header names."""
    if frame.height == 0 or frame.width == 0:
        return None
    names = [c.strip() for c in frame.columns]
    need = max(1 if frame.width == 1 else 2, (frame.width + 1) // 2)
    cell = [pl.col(c).str.strip_chars().str.strip_chars("\ufeff").is_in(names).fill_null(False) for c in frame.columns]
    # Cheap first: a repeated header has a header name in its first or second cell.
    candidates = frame.with_row_index("_i").filter(pl.any_horizontal(cell[:2]))
    if candidates.is_empty():
        return None
    hits = pl.sum_horizontal(c.cast(pl.Int32) for c in cell)
    found = candidates.filter(hits >= need).select(pl.col("_i").first()).item()
    return None if found is None else int(found) + 1


def _unclosed_quote_line(quotes: np.ndarray, newlines: np.ndarray) -> int:
    """The line of the quote left open at the end: read in order, quotes open and close in turn
    (an escaped ``""`` closes and reopens), so with an odd count the last one never closes."""
    return int(np.searchsorted(newlines, quotes[-1])) + 1


def _fields_per_record(raw: np.ndarray, quotes: np.ndarray, newlines: np.ndarray, width: int, path: Path) -> None:
    """Fields per record, counted at C speed: a comma or line break is a separator only where an
    even number of quotes precedes it (RFC 4180: ``""`` inside quotes toggles twice)."""
    commas = np.flatnonzero(raw == _COMMA)
    if quotes.size:
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
        breaks = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    else:
        breaks = newlines
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [raw.size]))
    fields = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    lengths = ends - starts - (raw[np.maximum(ends - 1, 0)] == 13)  # without a trailing CR
    wrong = np.flatnonzero((fields != width) & (lengths > 0))
    wrong = np.array([i for i in wrong[:1000] if raw[starts[i]:ends[i]].tobytes().strip()], dtype=np.int64)
    if wrong.size:
        line = int(np.searchsorted(newlines, starts[wrong[0]])) + 1  # physical line where the record starts
        _refuse_field_count(path, line, int(fields[wrong[0]]), width, int(wrong.size))


def locate_quote_fault(utf8: bytes) -> int | None:
    """The line of the first record Python's strict CSV reader rejects (text after a closing quote).

    Only called once polars has already refused the file, to say where without quoting it.
    """
    reader = csv.reader(io.StringIO(utf8.decode("utf-8"), newline=""), strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        return start
    return None


def _refuse_field_count(path: Path, line: int, fields: int, width: int, lines: int) -> None:
    more = f"; 另有 {lines - 1} 行同样 {lines - 1} more such line(s)" if lines > 1 else ""
    raise SourceError(
        path, None, None,
        f"字段数与表头不符 this line has {fields} field(s), the header has {width}{more}",
        "检查分隔符、引号和换行 check delimiters, quotes and line breaks, then re-export",
        line=line,
    )
