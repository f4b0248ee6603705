"""Data element formats (数据元格式, Art. 30) as polars expressions.

Providers write the same value many ways: full-width digits from Chinese input methods,
2021年12月24日 beside 2021/12/24 and 20211224, mobiles with +86 and dashes. Each function
here takes a String expression and returns the standard form, or null where the value cannot
be read; the caller decides whether null means "missing" or "quarantine".
"""

from __future__ import annotations

import polars as pl

# Full-width ASCII (U+FF01..U+FF5E) maps to U+0021..U+007E; U+3000 is the ideographic space.
# One character for one, so an offset found in folded text is an offset in the original.
HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_CHARS = [chr(c) for c in HALF_WIDTH]
_HALF_CHARS = [chr(c) for c in HALF_WIDTH.values()]

# After folding 年 月 / . into "-" and dropping 日, every spelling is one of these two.
DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d")
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H时%M分",
    "%Y%m%d%H%M%S",
    "%Y-%m-%dT%H:%M:%S",
)


def fold_width(text: str) -> str:
    """Half-width copy of one string, the same length (the scalar form of :func:`text`'s folding).

    >>> fold_width("１３８　ＡＢ")
    '138 AB'
    """
    return text.translate(HALF_WIDTH)


def text(col: pl.Expr) -> pl.Expr:
    """Half-width, trimmed, empty as null: the base every other format starts from."""
    cleaned = col.str.replace_many(_FULL_CHARS, _HALF_CHARS).str.strip_chars()
    return pl.when(cleaned.str.len_chars() > 0).then(cleaned)


def upper_code(col: pl.Expr) -> pl.Expr:
    """Identifiers compared upper-case, without inner spaces (a lower-case x is the same ID)."""
    return text(col).str.replace_all(r"\s", "").str.to_uppercase()


def date(col: pl.Expr) -> pl.Expr:
    # Excel date cells read as text carry a midnight time; any other time is not a date.
    value = text(col).str.strip_suffix(" 00:00:00").str.replace_all(r"[年月/.]", "-").str.strip_suffix("日")
    return pl.coalesce([value.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS])


def datetime(col: pl.Expr) -> pl.Expr:
    value = text(col)
    return pl.coalesce(
        [value.str.to_datetime(fmt, strict=False, time_unit="us") for fmt in DATETIME_FORMATS]
        + [date(col).cast(pl.Datetime("us"))]
    )


def mobile(col: pl.Expr) -> pl.Expr:
    """Mainland mobile as 11 digits: drops +86 / 0086 / 86, spaces and dashes."""
    digits = text(col).str.replace_all(r"[\s\-()]", "").str.replace(r"^(\+?86|0086)(1\d{10})$", "$2")
    return pl.when(digits.str.contains(r"^1[3-9]\d{9}$")).then(digits)


def integer(col: pl.Expr) -> pl.Expr:
    return text(col).str.replace_all(",", "").cast(pl.Int64, strict=False)


def decimal(col: pl.Expr) -> pl.Expr:
    """Amounts and measures as Decimal(18, 4): money must not pick up binary float error."""
    return text(col).str.replace_all(r"[,，]", "").cast(pl.Decimal(18, 4), strict=False)
