"""Read a provider file as received: every value a string, every row numbered.

Encoding is detected, never guessed, and must be one for the whole file (see
standards.encoding). The shape is checked before the parser sees it, so that a refusal can say
where the file is broken without quoting it: a quote that never closes, a line with more or
fewer fields than the header, two headers equal after trimming, the header repeated further
down (two exports joined). Every refusal is a ``SourceError``: one line, no value from the file.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from catalog.model import StorageFormat
from ingest.errors import SourceError
from ingest.shape import check_csv_shape, check_headers, locate_quote_fault, repeated_header_row
from lakehouse.lineage import ROW_NUMBER
from standards.encoding import EncodingProblem, to_utf8

REEXPORT = "请提供单位按目录重新导出 ask the provider to re-export the file"


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
    data = _read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    if storage_format is StorageFormat.xlsx:
        frame, encoding = _read_xlsx(path, data_sheet(path, columns, sheet)), "xlsx"
    else:
        utf8, encoding = _decode(data, path)
        frame = _read_json(utf8, path) if storage_format is StorageFormat.json else _read_csv(utf8, path)
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
    frame = frame.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW_NUMBER))
    return SourceFile(path=path, frame=frame, sha256=sha, size=len(data), encoding=encoding)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    raise SourceError(path, None, None, f"文件无法读取 cannot read the file ({reason})",
                      "检查文件权限与完整性 check its permissions and that it is a complete regular file")


def _decode(data: bytes, path: Path) -> tuple[bytes, str]:
    try:
        return to_utf8(data)
    except EncodingProblem as exc:
        problem = exc
    raise SourceError(path, None, None, str(problem), REEXPORT + " (UTF-8 或 or GBK)", line=problem.line, byte=problem.byte)


def _read_csv(utf8: bytes, path: Path) -> pl.DataFrame:
    header = check_csv_shape(utf8, path)
    try:
        frame = pl.read_csv(io.BytesIO(utf8), infer_schema=False, raise_if_empty=True)
    except pl.exceptions.NoDataError:
        failure = "空文件 the file is empty (no header)"
    except pl.exceptions.PolarsError as exc:
        # Polars quotes the offending text in its message: only its kind is repeated here.
        failure = f"CSV格式错误 malformed CSV ({type(exc).__name__})"
        line = locate_quote_fault(utf8)
        if line is not None:
            raise SourceError(path, None, None, "引号使用错误 a quoted field is malformed (text after its closing quote)",
                              "请修正后重新导出 fix the export and deliver the file again", line=line) from None
    else:
        if frame.width != len(header):
            raise SourceError(path, None, None, "CSV表头无法解析 the header line cannot be parsed", REEXPORT, line=1)
        frame.columns = header  # as the header line says (polars renames nothing once they are unique)
        row = repeated_header_row(frame)
        if row is not None:
            raise SourceError(path, row, None, "表头在文件中间重复出现 the header repeats inside the file (two exports joined?)",
                              REEXPORT + " as one file with one header")
        return frame
    raise SourceError(path, None, None, failure, REEXPORT)


def data_sheet(path: Path, columns: tuple[str, ...], sheet: str | None) -> str | int:
    """The sheet the catalog names, else the first holding the most catalogued headers (a cover
    or notes sheet holds none of them and is never read as data), else the first sheet."""
    if sheet is not None or not columns:
        return sheet if sheet is not None else 0
    try:
        reader = fastexcel.read_excel(path)
        wanted = {c.strip() for c in columns}
        found = {}
        for name in reader.sheet_names:
            headers = {str(c.name).strip().lstrip("\ufeff") for c in reader.load_sheet(name, n_rows=0).available_columns()}
            found[name] = len(wanted & headers)
    except Exception as exc:  # calamine raises its own types for corrupt workbooks
        raise SourceError(path, None, None, f"Excel文件无法读取 unreadable workbook ({type(exc).__name__})",
                          "请另存为 .xlsx 后重新提供 re-save it as .xlsx") from None
    best = max(found.values(), default=0)
    return next(name for name, n in found.items() if n == best) if best else 0


def _read_xlsx(path: Path, sheet: str | int = 0) -> pl.DataFrame:
    try:
        if isinstance(sheet, str):
            frame = pl.read_excel(path, engine="calamine", infer_schema_length=0, sheet_name=sheet)
        else:
            frame = pl.read_excel(path, engine="calamine", infer_schema_length=0, sheet_id=sheet + 1)
        # The header row as written: the reader renames a repeated header (姓名, 姓名_1).
        header = [str(v) for v in fastexcel.read_excel(path).load_sheet(sheet, header_row=None, n_rows=1).to_polars().row(0)]
    except Exception as exc:  # calamine raises its own types for corrupt workbooks
        failure = f"Excel文件无法读取 unreadable workbook ({type(exc).__name__})"
    else:
        check_headers(header, path)
        frame = frame.select(pl.all().cast(pl.String))
        row = repeated_header_row(frame)
        if row is not None:
            raise SourceError(path, row, None, "表头在工作表中重复出现 the header repeats inside the sheet", REEXPORT + " with one header")
        return frame
    raise SourceError(path, None, None, failure, "请另存为 .xlsx 后重新提供 re-save it as .xlsx")


def _read_json(utf8: bytes, path: Path) -> pl.DataFrame:
    try:
        records = json.loads(utf8, object_pairs_hook=_no_repeated_keys)
    except json.JSONDecodeError as exc:
        failure, line = f"JSON格式错误 malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno
    except _RepeatedKey:
        failure, line = "JSON对象含重复的键 a JSON object repeats a key", None
    else:
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise SourceError(path, None, None, "JSON须为对象数组 JSON must be an array of objects", REEXPORT)
        columns: dict[str, None] = {}
        for record in records:
            columns.update(dict.fromkeys(record))
        check_headers(list(columns), path)
        return pl.DataFrame(
            {c: [_as_text(r.get(c)) for r in records] for c in columns},
            schema={c: pl.String for c in columns},
        )
    raise SourceError(path, None, None, failure, REEXPORT, line=line)


class _RepeatedKey(ValueError):
    pass


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise _RepeatedKey
    return record


def _as_text(value: object) -> str | None:
    # Numbers keep their JSON spelling so that raw stays "as received".
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
