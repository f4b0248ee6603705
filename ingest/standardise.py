"""Apply a catalog entry to a raw frame: type every catalogued item, and split the rows.

Each row ends up either clean (typed, only catalogued items) or quarantined with the reasons,
in Chinese and English, and the source columns they concern. Nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from catalog.model import CatalogField, Dataset, FieldType
from lakehouse.lineage import ROW_NUMBER
from standards import normalise
from standards.checksums import resident_id_valid_expr, uscc_valid_expr

REASON = "_reason"  # quarantine: why, 中文 + English, one clause per problem

_PARSE = {
    FieldType.string: normalise.text,
    FieldType.integer: normalise.integer,
    FieldType.decimal: normalise.decimal,
    FieldType.date: normalise.date,
    FieldType.datetime: normalise.datetime,
    FieldType.resident_id: normalise.upper_code,
    FieldType.uscc: normalise.upper_code,
    FieldType.mobile: normalise.mobile,
}

_UNREADABLE = {
    FieldType.integer: "不是整数 not an integer",
    FieldType.decimal: "不是数值 not a number",
    FieldType.date: "日期无法识别 unreadable date",
    FieldType.datetime: "时间无法识别 unreadable date-time",
    FieldType.mobile: "手机号码格式错误 not a mainland mobile number",
}

_CHECKSUM = {
    FieldType.resident_id: (resident_id_valid_expr, "公民身份号码校验失败 invalid resident ID (GB 11643 check code or birth date)"),
    FieldType.uscc: (uscc_valid_expr, "统一社会信用代码校验失败 invalid unified social credit code (GB 32100 check code)"),
}


@dataclass(frozen=True)
class Split:
    clean: pl.DataFrame
    quarantine: pl.DataFrame  # the raw columns as received, plus REASON


def standardise(raw: pl.DataFrame, dataset: Dataset, lineage: list[str]) -> Split:
    """Type ``raw`` (all strings, source headers) by ``dataset``; ``lineage`` columns pass through."""
    missing = [f.column for f in dataset.fields if f.column not in raw.columns]
    if missing:
        reason = f"文件缺少目录数据项列 file lacks catalogued column(s) {missing}; 请按目录重新导出 re-export per the catalog"
        return Split(clean=_empty_clean(dataset, raw, lineage), quarantine=raw.with_columns(pl.lit(reason).alias(REASON)))

    typed = raw.with_columns(_parse(f).alias(f.name) for f in dataset.fields)
    problems = [_problem(f) for f in dataset.fields]
    reasons = pl.concat_str(problems, separator="; ", ignore_nulls=True)
    typed = typed.with_columns(pl.when(reasons != "").then(reasons).alias(REASON))
    typed = _flag_duplicate_keys(typed, dataset)

    bad = pl.col(REASON).is_not_null()
    clean = typed.filter(~bad).select(*lineage, *(f.name for f in dataset.fields))
    quarantine = typed.filter(bad).select(*raw.columns, REASON)
    return Split(clean=clean, quarantine=quarantine)


def parse_as(field_type: FieldType, expr: pl.Expr) -> pl.Expr:
    """A raw text expression read as ``field_type``'s standard form (null where unreadable)."""
    return _PARSE[field_type](expr)


def _parse(field: CatalogField) -> pl.Expr:
    return parse_as(field.type, pl.col(field.column))


def _problem(field: CatalogField) -> pl.Expr:
    """Null when the field is fine, else one clause naming the column."""
    # strip_chars also strips U+3000, so this agrees with normalise.text at a fraction of the cost.
    given = pl.col(field.column).str.strip_chars().str.len_bytes().fill_null(0) > 0
    parsed = pl.col(field.name)
    where = f"[{field.column}] "
    clauses: list[tuple[pl.Expr, str]] = []
    if field.required or field.key:
        clauses.append((~given, "必填项缺失 required value missing"))
    if field.type in _UNREADABLE:
        clauses.append((given & parsed.is_null(), _UNREADABLE[field.type]))
    if field.type in _CHECKSUM:
        is_valid, message = _CHECKSUM[field.type]
        clauses.append((given & ~is_valid(parsed), message))
    expr = pl.lit(None, dtype=pl.String)
    for condition, message in reversed(clauses):
        expr = pl.when(condition).then(pl.lit(where + message)).otherwise(expr)
    return expr


def _flag_duplicate_keys(typed: pl.DataFrame, dataset: Dataset) -> pl.DataFrame:
    """A later row repeating the key of an earlier valid row is quarantined, naming that row."""
    keys = [f.name for f in dataset.key_fields]
    valid = pl.col(REASON).is_null()
    first_row = pl.col(ROW_NUMBER).filter(valid).min().over(keys)
    duplicate = valid & (pl.col(ROW_NUMBER) != first_row)
    columns = ", ".join(f.column for f in dataset.key_fields)
    return typed.with_columns(
        pl.when(duplicate)
        .then(pl.format(f"[{columns}] 主键重复 duplicate key: same as data row {{}}", first_row))
        .otherwise(pl.col(REASON))
        .alias(REASON)
    )


def _empty_clean(dataset: Dataset, raw: pl.DataFrame, lineage: list[str]) -> pl.DataFrame:
    template = pl.DataFrame({c: raw[c].head(0) for c in lineage if c in raw.columns})
    typed = pl.DataFrame({f.column: pl.Series([], dtype=pl.String) for f in dataset.fields}).select(
        _parse(f).alias(f.name) for f in dataset.fields
    )
    return pl.concat([template, typed], how="horizontal")
