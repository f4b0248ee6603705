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

__all__ = ["check_csv_shape", "check_headers", "repeated_header_row"]

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
    if quotes.size:
        _fields_by_csv_module(utf8, len(header), path)
    else:
        _fields_by_counting(raw, newlines, len(header), path)
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
    hits = pl.sum_horizontal(pl.col(c).str.strip_chars().str.strip_chars("\ufeff").is_in(names).fill_null(False).cast(pl.Int32)
                             for c in frame.columns)
    found = frame.select(pl.arg_where(hits >= need).first()).item()
    return None if found is None else int(found) + 1


def _unclosed_quote_line(quotes: np.ndarray, newlines: np.ndarray) -> int:
    """The line of the quote left open at the end: read in order, quotes open and close in turn
    (an escaped ``""`` closes and reopens), so with an odd count the last one never closes."""
    return int(np.searchsorted(newlines, quotes[-1])) + 1


def _fields_by_counting(raw: np.ndarray, newlines: np.ndarray, width: int, path: Path) -> None:
    """No quotes in the file: a line's fields are its commas plus one."""
    commas = np.flatnonzero(raw == _COMMA)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [raw.size]))
    fields = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    lengths = ends - starts - (raw[np.maximum(ends - 1, 0)] == 13)  # without a trailing CR
    wrong = np.flatnonzero((fields != width) & (lengths > 0))
    wrong = np.array([i for i in wrong[:1000] if raw[starts[i]:ends[i]].tobytes().strip()], dtype=np.int64)
    if wrong.size:
        _refuse_field_count(path, int(wrong[0]) + 1, int(fields[wrong[0]]), width, int(wrong.size))


def _fields_by_csv_module(utf8: bytes, width: int, path: Path) -> None:
    """Quoted fields may hold commas and line breaks: count fields with a real CSV reader."""
    reader = csv.reader(io.StringIO(utf8.decode("utf-8"), newline=""), strict=True)
    start = 1
    bad_first: tuple[int, int] | None = None
    bad = 0
    try:
        for record in reader:
            if record and len(record) != width and any(v.strip() for v in record):
                bad += 1
                bad_first = bad_first or (start, len(record))
            start = reader.line_num + 1
    except csv.Error:
        raise SourceError(path, None, None, "引号使用错误 a quoted field is malformed (text after its closing quote)",
                          _FIX, line=start) from None
    if bad_first:
        _refuse_field_count(path, bad_first[0], bad_first[1], width, bad)


def _refuse_field_count(path: Path, line: int, fields: int, width: int, lines: int) -> None:
    more = f"; 另有 {lines - 1} 行同样 {lines - 1} more such line(s)" if lines > 1 else ""
    raise SourceError(
        path, None, None,
        f"字段数与表头不符 this line has {fields} field(s), the header has {width}{more}",
        "检查分隔符、引号和换行 check delimiters, quotes and line breaks, then re-export",
        line=line,
    )
