"""Read a provider file as received: every value a string, every row numbered.

Encoding is detected, never guessed (see standards.encoding); bytes in no accepted encoding
are an error naming the file, the line and the byte offset.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from catalog.model import StorageFormat
from ingest.errors import SourceError
from lakehouse.lineage import ROW_NUMBER
from standards.encoding import EncodingProblem, to_utf8


@dataclass(frozen=True)
class SourceFile:
    path: Path
    frame: pl.DataFrame  # all String columns as in the file, plus ROW_NUMBER
    sha256: str
    size: int
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", or "xlsx" for a workbook


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_source(path: Path, storage_format: StorageFormat, *, columns: tuple[str, ...] = (), sheet: str | None = None) -> SourceFile:
    """``columns``: the catalogued headers, to find a workbook's data sheet; ``sheet``: the catalog names it."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if storage_format is StorageFormat.xlsx:
        frame, encoding = _read_xlsx(path, data_sheet(path, columns, sheet)), "xlsx"
    else:
        try:
            utf8, encoding = to_utf8(data)
        except EncodingProblem as exc:
            raise SourceError(path, None, None, str(exc), "ask the provider to re-export the file as UTF-8 or GBK") from exc
        frame = _read_json(utf8, path) if storage_format is StorageFormat.json else _read_csv(utf8, path)
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
    frame = frame.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW_NUMBER))
    return SourceFile(path=path, frame=frame, sha256=sha, size=len(data), encoding=encoding)


def _read_csv(utf8: bytes, path: Path) -> pl.DataFrame:
    try:
        return pl.read_csv(io.BytesIO(utf8), infer_schema=False, raise_if_empty=True)
    except pl.exceptions.PolarsError as exc:
        raise SourceError(path, None, None, f"CSV格式错误 malformed CSV: {exc}", "check quoting and column counts") from exc


def data_sheet(path: Path, columns: tuple[str, ...], sheet: str | None) -> str | int:
    """The sheet the catalog names, else the first holding the most catalogued headers (a cover
    or notes sheet holds none of them and is never read as data), else the first sheet."""
    if sheet is not None or not columns:
        return sheet if sheet is not None else 0
    try:
        import fastexcel

        reader = fastexcel.read_excel(path)
        wanted = {c.strip() for c in columns}
        found = {}
        for name in reader.sheet_names:
            headers = {str(c.name).strip().lstrip("\ufeff") for c in reader.load_sheet(name, n_rows=0).available_columns()}
            found[name] = len(wanted & headers)
    except Exception as exc:  # calamine raises its own types for corrupt workbooks
        raise SourceError(path, None, None, f"Excel文件无法读取 unreadable workbook: {exc}", "re-save it as .xlsx") from exc
    best = max(found.values(), default=0)
    return next(name for name, n in found.items() if n == best) if best else 0


def _read_xlsx(path: Path, sheet: str | int = 0) -> pl.DataFrame:
    try:
        if isinstance(sheet, str):
            frame = pl.read_excel(path, engine="calamine", infer_schema_length=0, sheet_name=sheet)
        else:
            frame = pl.read_excel(path, engine="calamine", infer_schema_length=0, sheet_id=sheet + 1)
    except Exception as exc:  # calamine raises its own types for corrupt workbooks
        raise SourceError(path, None, None, f"Excel文件无法读取 unreadable workbook: {exc}", "re-save it as .xlsx") from exc
    return frame.select(pl.all().cast(pl.String))


def _read_json(utf8: bytes, path: Path) -> pl.DataFrame:
    try:
        records = json.loads(utf8)
    except json.JSONDecodeError as exc:
        raise SourceError(path, exc.lineno, None, f"JSON格式错误 malformed JSON: {exc.msg}", "fix the export") from exc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise SourceError(path, None, None, "JSON须为对象数组 JSON must be an array of objects", "re-export")
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    return pl.DataFrame(
        {c: [_as_text(r.get(c)) for r in records] for c in columns},
        schema={c: pl.String for c in columns},
    )


def _as_text(value: object) -> str | None:
    # Numbers keep their JSON spelling so that raw stays "as received".
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
