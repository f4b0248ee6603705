"""Writing a dataset the way its provider's system exports it: CSV in three encodings, a JSON
array, an Excel workbook. A blank is an empty CSV field, a JSON ``null`` or an absent cell.
Output is byte-for-byte reproducible (no timestamps, fixed order), and every file appears at
once (written beside, then renamed), so a landing-folder sensor never sees half a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl
import xlsxwriter

XLSX_MAX_ROWS = 1_048_576  # per worksheet, header included
_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class FileFormat:
    """How one provider exports: container, text encoding, line end, typed columns.

    ``numbers`` become JSON numbers or Excel number cells when they parse as numbers;
    ``dates`` become Excel date cells when they are ISO dates (other spellings stay text,
    as they do in workbooks people have typed into).
    """

    kind: str  # csv | json | xlsx
    encoding: str = "utf-8"  # Python codec name; utf-8-sig writes a BOM
    line_terminator: str = "\n"
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    @property
    def encoding_label(self) -> str:
        """For the manifest: how to decode the bytes ('binary' for a workbook, a zip file)."""
        if self.kind == "xlsx":
            return "binary"
        return {"utf-8-sig": "utf-8 with BOM"}.get(self.encoding, self.encoding)


@dataclass(frozen=True)
class WrittenFile:
    """Where a file went, its size and its SHA-256 (the manifest lets a loader verify it got this file)."""

    path: Path
    bytes: int
    sha256: str


def write(frame: pl.DataFrame, path: Path, fmt: FileFormat, as_of: date) -> WrittenFile:
    """Write ``frame`` (all string columns, null = blank) to ``path`` in ``fmt``."""
    if fmt.kind == "csv":
        data = frame.write_csv(line_terminator=fmt.line_terminator).encode(fmt.encoding)
    elif fmt.kind == "json":
        data = _json_array(frame, fmt.numbers).encode(fmt.encoding)
    elif fmt.kind == "xlsx":
        data = _workbook(frame, fmt, as_of)
    else:
        raise ValueError(f"unknown file kind {fmt.kind!r}")
    write_bytes(path, data)
    return WrittenFile(path=path, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())


def write_bytes(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _number(value: str) -> int | float | str:
    if _INTEGER.fullmatch(value):
        return int(value)
    if _DECIMAL.fullmatch(value):
        return float(value)
    return value


def _iso_date(value: str) -> datetime | None:
    """The date of a well-formed, real ISO date; None for anything else (it stays text)."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None


def _json_array(frame: pl.DataFrame, numbers: tuple[str, ...]) -> str:
    """A top-level array, one object per line: large exports stay diffable and streamable."""
    lines = []
    for row in frame.iter_rows(named=True):
        obj = {k: _number(v) if k in numbers and v is not None else v for k, v in row.items()}
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _workbook(frame: pl.DataFrame, fmt: FileFormat, as_of: date) -> bytes:
    if frame.height + 1 > XLSX_MAX_ROWS:
        raise ValueError(
            f"{frame.height} rows exceed the xlsx limit of {XLSX_MAX_ROWS - 1} "
            "data rows per sheet (工作表行数超限); use a smaller scale"
        )
    # 'created' is stamped into docProps/core.xml: pin it so reruns are byte-identical.
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"created": datetime(as_of.year, as_of.month, as_of.day)})
    sheet = book.add_worksheet("低保对象名册")
    header = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "0.00"})
    sheet.write_row(0, 0, frame.columns, header)
    sheet.set_column(0, len(frame.columns) - 1, 14)
    kinds = [("number" if c in fmt.numbers else "date" if c in fmt.dates else "text") for c in frame.columns]
    for r, row in enumerate(frame.iter_rows(), start=1):
        for c, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            if value is None:
                continue
            if kind == "date" and (when := _iso_date(value)) is not None:
                sheet.write_datetime(r, c, when, day)
            elif kind == "number" and not isinstance(parsed := _number(value), str):
                sheet.write_number(r, c, parsed, money if isinstance(parsed, float) else None)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()
