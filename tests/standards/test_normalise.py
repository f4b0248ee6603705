from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import polars as pl

from standards import normalise


def apply(fn, values):
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(fn(pl.col("v"))).to_series().to_list()


def test_text_half_width_trimmed_empty_as_null():
    assert apply(normalise.text, ["１２３ＡＢｃ", "\u3000 海曙区 ", "", "   ", None]) == ["123ABc", "海曙区", None, None, None]


def test_dates_in_every_provider_spelling():
    spellings = ["2021年12月24日", "2021/12/24", "20211224", "2021-12-24", "２０２１-12-24", "2021.12.24"]
    assert apply(normalise.date, spellings) == [date(2021, 12, 24)] * len(spellings)
    assert apply(normalise.date, ["2021-02-30", "明天", "2021/13/01", "2021-12-24 08:30:00"]) == [None] * 4
    assert apply(normalise.date, ["2021-12-24 00:00:00"]) == [date(2021, 12, 24)]  # an Excel date cell


def test_datetimes():
    got = apply(normalise.datetime, ["2026-11-24 08:15:00", "2026/11/24 8:05", "2026年11月24日 08:15", "20261124081500", "2026-11-24"])
    assert got == [datetime(2026, 11, 24, 8, 15), datetime(2026, 11, 24, 8, 5), datetime(2026, 11, 24, 8, 15),
                   datetime(2026, 11, 24, 8, 15), datetime(2026, 11, 24)]


def test_mobile_forms():
    got = apply(normalise.mobile, ["+86 138-1234-5678", "008613812345678", "13812345678", "１３８１２３４５６７８", "12812345678", "0574-87654321"])
    assert got == ["13812345678"] * 4 + [None, None]


def test_upper_code_accepts_lower_case_x():
    assert apply(normalise.upper_code, [" 11010519491231002x ", "91330203ma2gq6xx0 0"]) == ["11010519491231002X", "91330203MA2GQ6XX00"]


def test_numbers():
    assert apply(normalise.integer, ["1,234", "１２", "x"]) == [1234, 12, None]
    assert apply(normalise.decimal, ["1,234.5", "0.1", "abc"]) == [Decimal("1234.5000"), Decimal("0.1000"), None]
