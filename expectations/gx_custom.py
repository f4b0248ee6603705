"""Custom Great Expectations expectations, registered in this one module (import it first).

Their metrics evaluate the project's own checks (``expectations.checks``), which call the
vectorised standards in ``standards/``: GX reports and documents the result, the rule is still
defined once. GX hands pandas values to a metric; they cross to polars and back by position.
A suite that names these expectations but was loaded without this module would silently lose
them; ``expectations.gx_suite.load_suite`` refuses such a suite loudly instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import pandas as pd
import polars as pl
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation, ColumnPairMapExpectation
from great_expectations.expectations.metrics.map_metric_provider.column_condition_partial import column_condition_partial
from great_expectations.expectations.metrics.map_metric_provider.column_map_metric_provider import ColumnMapMetricProvider
from great_expectations.expectations.metrics.map_metric_provider.column_pair_condition_partial import column_pair_condition_partial
from great_expectations.expectations.metrics.map_metric_provider.column_pair_map_metric_provider import ColumnPairMapMetricProvider

from expectations import checks as c
from expectations.rules import Columns

_V, _A, _B = "v", "a", "b"


def _passes(check: c.Check, **series: pd.Series) -> pd.Series:
    """``check`` applied to pandas series (named as the check expects); True where a value passes."""
    index = next(iter(series.values())).index
    frame = pl.DataFrame({k: pl.Series(k, s.astype(object).where(s.notna(), None).tolist(), dtype=_dtype(s)) for k, s in series.items()})
    failing = frame.select(check.failing(Columns()).fill_null(False)).to_series().to_list()
    return pd.Series([not f for f in failing], index=index)


def _dtype(s: pd.Series) -> pl.DataType:
    if pd.api.types.is_datetime64_any_dtype(s):
        return pl.Datetime("us")
    return pl.String()


class ColumnValuesValidResidentId(ColumnMapMetricProvider):
    condition_metric_name = "column_values.dw_valid_resident_id"
    condition_value_keys = ("today",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, today: str, **kwargs: Any) -> pd.Series:
        return _passes(c.ResidentId(_V, date.fromisoformat(today)), v=column)


class ColumnValuesValidUscc(ColumnMapMetricProvider):
    condition_metric_name = "column_values.dw_valid_uscc"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _passes(c.Uscc(_V), v=column)


class ColumnValuesValidOrganisationCode(ColumnMapMetricProvider):
    condition_metric_name = "column_values.dw_valid_organisation_code"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _passes(c.OrgCode(_V), v=column)


class ColumnValuesKnownRegionPrefix(ColumnMapMetricProvider):
    condition_metric_name = "column_values.dw_known_region_prefix"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _passes(c.RegionPrefix(_V), v=column)


class ColumnValuesNoControlCharacters(ColumnMapMetricProvider):
    condition_metric_name = "column_values.dw_no_control_characters"
    condition_value_keys = ("free_text",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, free_text: bool = False, **kwargs: Any) -> pd.Series:
        return _passes(c.NoControlChars(_V, free_text=free_text), v=column)


class ColumnValuesNoSymbols(ColumnMapMetricProvider):
    condition_metric_name = "column_values.dw_no_symbols"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, **kwargs: Any) -> pd.Series:
        return _passes(c.NoSymbols(_V), v=column)


class ColumnPairValuesAgreeWithResidentId(ColumnPairMapMetricProvider):
    condition_metric_name = "column_pair_values.dw_agree_with_resident_id"
    condition_domain_keys = ("batch_id", "table", "column_A", "column_B", "row_condition", "condition_parser", "ignore_row_if")
    condition_value_keys = ("part",)

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A: pd.Series, column_B: pd.Series, part: str = "birth", **kwargs: Any) -> pd.Series:
        if part.startswith("after:"):
            return _passes(c.AfterIdBirth(_A, _B, int(part.split(":")[1])), a=column_A, b=column_B)
        return _passes(c.IdAgrees(_A, _B, part), a=column_A, b=column_B)


class ExpectColumnValuesToBeValidResidentId(ColumnMapExpectation):
    """公民身份号码 GB 11643: 18 characters, a birth date not after ``today``, mod 11-2 check code."""

    today: str  # ISO date: the warehouse's clock when the suite was compiled (DW_TODAY)
    map_metric = "column_values.dw_valid_resident_id"
    success_keys = ("mostly", "today")
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["haishu-dw", "GB 11643"], "contributors": ["haishu-dw"]}


class ExpectColumnValuesToBeValidUscc(ColumnMapExpectation):
    """统一社会信用代码 GB 32100: registrar (1-9, A, N, Y) and a category it issues, 31-symbol alphabet, mod 31 check code."""

    map_metric = "column_values.dw_valid_uscc"
    success_keys = ("mostly",)
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["haishu-dw", "GB 32100"], "contributors": ["haishu-dw"]}


class ExpectColumnValuesToHaveValidOrganisationCode(ColumnMapExpectation):
    """统一社会信用代码第9-17位 GB 11714: the organisation code's own mod 11 check character."""

    map_metric = "column_values.dw_valid_organisation_code"
    success_keys = ("mostly",)
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["haishu-dw", "GB 11714"], "contributors": ["haishu-dw"]}


class ExpectColumnValuesToHaveKnownRegionPrefix(ColumnMapExpectation):
    """公民身份号码 starts with a division code of a known province and prefecture range (GB/T 2260)."""

    map_metric = "column_values.dw_known_region_prefix"
    success_keys = ("mostly",)
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["haishu-dw", "GB/T 2260"], "contributors": ["haishu-dw"]}


class ExpectColumnValuesToHaveNoControlCharacters(ColumnMapExpectation):
    """No NUL, U+FEFF or other Cc/Cf character (tab and newline allowed in free text)."""

    free_text: bool = False
    map_metric = "column_values.dw_no_control_characters"
    success_keys = ("mostly", "free_text")
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["haishu-dw"], "contributors": ["haishu-dw"]}


class ExpectColumnValuesToHaveNoSymbols(ColumnMapExpectation):
    """No emoji or other symbol (Unicode So, Sk, Co) in a key or a personal name."""

    map_metric = "column_values.dw_no_symbols"
    success_keys = ("mostly",)
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["haishu-dw"], "contributors": ["haishu-dw"]}


class ExpectColumnPairValuesToAgreeWithResidentId(ColumnPairMapExpectation):
    """The birth date or sex in column B is the one resident ID column A encodes (or comes after it)."""

    part: str = "birth"
    ignore_row_if: str = "either_value_is_missing"
    map_metric = "column_pair_values.dw_agree_with_resident_id"
    success_keys = ("mostly", "part", "ignore_row_if")
    library_metadata: ClassVar[dict[str, Any]] = {"tags": ["haishu-dw", "GB 11643"], "contributors": ["haishu-dw"]}


CUSTOM = {
    cls.__name__: cls
    for cls in (
        ExpectColumnValuesToBeValidResidentId,
        ExpectColumnValuesToBeValidUscc,
        ExpectColumnValuesToHaveValidOrganisationCode,
        ExpectColumnValuesToHaveKnownRegionPrefix,
        ExpectColumnValuesToHaveNoControlCharacters,
        ExpectColumnValuesToHaveNoSymbols,
        ExpectColumnPairValuesToAgreeWithResidentId,
    )
}
