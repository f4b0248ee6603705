"""Hostile deliveries built from the demo district (issue 12): each function writes one case into
a landing folder that already holds the demo files, and returns the path it wrote.

The cases are the provider's and operator's ordinary mistakes that used to lose or double data:
a wrong delimiter, a renamed column, a partial extract, a truncated GB18030 file, a workbook with
a cover sheet, the same file copied or renamed, an empty file before a good one.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polars as pl
import xlsxwriter

HUKOU = "psb/hukou_20261124.csv"
DIBAO = "mca/dibao_20261124.xlsx"
BIRTHS = "hb/chusheng_20261124.csv"
HOTLINE = "hotline/gongdan_20261124.csv"


def _hukou_text(landing: Path) -> str:
    return (landing / HUKOU).read_bytes().decode("gb18030")


def _write(landing: Path, rel: str, data: bytes) -> Path:
    path = landing / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def wrong_delimiter(landing: Path) -> Path:
    """The next household snapshot delivered with TAB between the fields."""
    return _write(landing, "psb/hukou_20261125.csv", _hukou_text(landing).replace(",", "\t").encode("gb18030"))


def renamed_column(landing: Path, old: str = "姓名", new: str = "名字") -> Path:
    """The next household snapshot with one header renamed."""
    text = _hukou_text(landing)
    header, _, body = text.partition("\r\n")
    return _write(landing, "psb/hukou_20261125.csv", (header.replace(old, new) + "\r\n" + body).encode("gb18030"))


def partial_extract(landing: Path, rows: int = 10) -> Path:
    """A 10-row extract named ``hukou_20261124_part.csv``: it sorts after the loaded file."""
    lines = _hukou_text(landing).split("\r\n")
    return _write(landing, "psb/hukou_20261124_part.csv", "\r\n".join(lines[: rows + 1]).encode("gb18030"))


def truncated(landing: Path) -> Path:
    """The loaded household file cut at half its bytes, on a character and line boundary, in place."""
    data = (landing / HUKOU).read_bytes()
    cut = len(data) // 2
    while True:
        try:
            data[:cut].decode("gb18030")
            break
        except UnicodeDecodeError:
            cut -= 1
    # Cut mid-line, the file is refused by its shape (ingest/shape.py); cut at the line before, it
    # reads well and only the guard can tell that half the register is missing.
    return _write(landing, HUKOU, data[: data.rfind(b"\r\n", 0, cut)])


def same_date_twice(landing: Path) -> list[Path]:
    """Two different household files for one new date, spelt two ways."""
    lines = _hukou_text(landing).split("\r\n")
    first = _write(landing, "psb/hukou_20261125.csv", "\r\n".join(lines[:-2]).encode("gb18030"))
    second = _write(landing, "psb/hukou_2026-11-25.csv", "\r\n".join(lines[:-3]).encode("gb18030"))
    return [first, second]


def cover_sheet_workbook(landing: Path) -> Path:
    """The next allowance workbook with a notes sheet (说明) first and the data on sheet 2."""
    frame = pl.read_excel(landing / DIBAO, engine="calamine", infer_schema_length=0)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    cover = book.add_worksheet("说明")
    cover.write_row(0, 0, ["填报说明"])
    cover.write_row(1, 0, ["本表为最低生活保障对象名册，数据见第二页。"])
    data = book.add_worksheet("低保对象名册")
    data.write_row(0, 0, frame.columns)
    for r, row in enumerate(frame.iter_rows(), start=1):
        for c, value in enumerate(row):
            if value is not None:
                data.write_string(r, c, str(value))
    book.close()
    return _write(landing, "mca/dibao_20261125.xlsx", buffer.getvalue())


def copied(landing: Path, rel: str = BIRTHS, new_name: str = "chusheng_20261124_copy.csv") -> Path:
    """The same bytes under a second name beside the first."""
    target = (landing / rel).with_name(new_name)
    shutil.copyfile(landing / rel, target)
    return target


def renamed(landing: Path, rel: str = BIRTHS, new_name: str = "chusheng_20261125.csv") -> Path:
    """The same bytes moved to another name (the first name is gone)."""
    target = (landing / rel).with_name(new_name)
    (landing / rel).rename(target)
    return target


def new_births(landing: Path, name: str, prefix: str = "N") -> Path:
    """A good incremental delivery: the demo births with fresh certificate numbers."""
    frame = pl.read_csv(landing / BIRTHS, infer_schema=False)
    frame = frame.with_columns((pl.lit(prefix) + pl.col("出生医学证明编号").str.slice(1)).alias("出生医学证明编号"))
    return _write(landing, f"hb/{name}", frame.write_csv().encode("utf-8"))


def empty_then_good(landing: Path) -> tuple[Path, Path]:
    """An empty ``chusheng_20261201.csv`` and, after it, a good ``chusheng_20261202.csv``."""
    return _write(landing, "hb/chusheng_20261201.csv", b""), new_births(landing, "chusheng_20261202.csv")


def corrected_rows(landing: Path, rel: str, name: str, column: str, rows: int = 3) -> Path:
    """A later incremental file repeating the first ``rows`` records with ``column`` changed."""
    frame = pl.read_csv(landing / rel, infer_schema=False).head(rows)
    frame = frame.with_columns((pl.col(column).fill_null("") + "（更正）").alias(column))
    return _write(landing, str(Path(rel).parent / name), frame.write_csv().encode("utf-8"))
