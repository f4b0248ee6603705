"""The registry's door rules applied to a delivered frame (issue 13 item 1, Art. 29, 30).

Ingestion (``ingest/standardise.py``) asks this module why a row may not enter clean; the
findings of the ingest stage ask it again, with the same rule objects, which rule each
quarantined row broke. Values are read in their standard form by ``standards.normalise``.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from catalog.model import CatalogField, Dataset, FieldType, LegacyIds
from expectations.checks import UniqueKey
from expectations.registry import door_rules
from expectations.rules import Columns, Rule
from lakehouse.lineage import ROW_NUMBER
from standards import normalise
from standards.checksums import widen_legacy_id_expr

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


def parse_as(field_type: FieldType, expr: pl.Expr) -> pl.Expr:
    """A raw text expression read as ``field_type``'s standard form (null where unreadable)."""
    return _PARSE[field_type](expr)


def parse_field(field: CatalogField) -> pl.Expr:
    value = parse_as(field.type, pl.col(field.column))
    if field.type is FieldType.resident_id and field.values.legacy_ids is LegacyIds.convert:
        value = pl.when(value.str.contains(r"^\d{15}$")).then(widen_legacy_id_expr(value)).otherwise(value)
    return value


def door_columns(dataset: Dataset) -> Columns:
    return Columns(text_columns={f.name: f.column for f in dataset.fields}, door=True)


def typed(raw: pl.DataFrame, dataset: Dataset) -> pl.DataFrame:
    """``raw`` plus one typed column per catalogued field (the clean column names)."""
    return raw.with_columns(parse_field(f).alias(f.name) for f in dataset.fields)


def is_key_rule(rule: Rule) -> bool:
    return isinstance(rule.check, UniqueKey)


def with_reasons(frame: pl.DataFrame, dataset: Dataset, today: date) -> pl.DataFrame:
    """``frame`` (typed) plus REASON: null where the row may enter clean, else every broken rule."""
    rules = door_rules(dataset, today)
    cols = door_columns(dataset)
    clauses = [_first_failing([r for r in rules if r.columns == (f.name,) and not is_key_rule(r)], cols) for f in dataset.fields]
    clauses += [pl.when(r.failing(cols)).then(pl.lit(r.reason())) for r in rules if len(r.columns) > 1 and not is_key_rule(r)]
    reasons = pl.concat_str(clauses, separator="; ", ignore_nulls=True)
    out = frame.with_columns(pl.when(reasons != "").then(reasons).alias(REASON))
    key_rule = next((r for r in rules if is_key_rule(r)), None)
    return out if key_rule is None else _flag_duplicate_keys(out, key_rule)


def door_masks(quarantined: pl.DataFrame, dataset: Dataset, today: date) -> tuple[tuple[Rule, ...], pl.DataFrame]:
    """Which door rule(s) each quarantined row (raw columns + REASON) broke, re-applied as predicates.

    A duplicate key is a relation to a row that loaded, so for that rule the row's reason is read.
    """
    rules = door_rules(dataset, today)
    frame = typed(quarantined, dataset)
    cols = door_columns(dataset)
    exprs = []
    for r in rules:
        if is_key_rule(r):
            exprs.append(pl.col(REASON).str.contains(r.reason(), literal=True).fill_null(False).alias(r.id))
        else:
            exprs.append(r.failing(cols).alias(r.id))
    return rules, frame.select(exprs)


def _first_failing(rules: list[Rule], cols: Columns) -> pl.Expr:
    """Null when the field passes every rule, else the reason of the first rule it breaks."""
    expr = pl.lit(None, dtype=pl.String)
    for rule in reversed(rules):
        expr = pl.when(rule.failing(cols)).then(pl.lit(rule.reason())).otherwise(expr)
    return expr


def _flag_duplicate_keys(frame: pl.DataFrame, rule: Rule) -> pl.DataFrame:
    """A later row repeating the key of an earlier valid row is quarantined, naming that row."""
    keys = list(rule.columns)
    valid = pl.col(REASON).is_null()
    first_row = pl.col(ROW_NUMBER).filter(valid).min().over(keys)
    duplicate = valid & (pl.col(ROW_NUMBER) != first_row)
    return frame.with_columns(
        pl.when(duplicate).then(pl.format(rule.reason() + ": same as data row {}", first_row)).otherwise(pl.col(REASON)).alias(REASON)
    )
