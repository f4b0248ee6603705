"""Check digits of the national identifier standards (Art. 30: standards as code).

Each standard has a scalar form, for recognisers and single values, and a polars expression
form, for whole columns at ingestion speed. Both share the same weights and alphabets.

>>> resident_id_valid("11010519491231002X")
True
>>> uscc_valid("91330203MA2GQ6XX2E")
False
>>> org_code_valid("715267260"), org_code_valid("71526726X")  # 9144030071526726XG, positions 9-17
(False, True)
>>> luhn_valid("6222021234567890128"), luhn_valid("6222021234567890127")
(True, False)
"""

from __future__ import annotations

from datetime import date

import polars as pl

from config.settings import warehouse_today

# GB 11643-1999: weights 2^(17-i) mod 11; check code indexed by the weighted sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"
EARLIEST_BIRTH = date(1880, 1, 1)  # no birth date before this is plausible

# GB 32100-2015: 31 symbols (no I, O, Z, S, V); 18th character is the check code.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# First character: the registration authority (登记管理部门); second: the organisation category
# (机构类别) that authority may issue. GB 32100-2015 named 1, 5, 9 and Y; the table as published
# since (quoted by secondary sources; the standard's text is not at hand offline) adds 2-4, 6-8, A, N.
USCC_CATEGORIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他: not divided into categories, always 1
}
USCC_REGISTRARS = "".join(USCC_CATEGORIES)

# GB 11714-1997 organisation code (characters 9-17 of a USCC, 主体标识码): eight body characters
# worth 0-35 (digits, then A-Z), weighted; check = 11 - sum mod 11, written X for 10 and 0 for 11.
# Codes assigned since 2015 (``MA...``) carry a valid one too: every such code in the public
# examples of tests/standards/test_checksums.py passes.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def resident_id_check_code(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CODES[total % 11]


def resident_id_valid(value: str, today: date | None = None) -> bool:
    """18-digit resident ID with a valid birth date (not after ``today``, by default the
    warehouse's clock, DW_TODAY) and mod 11-2 check code."""
    if len(value) != 18 or not value[:17].isascii() or not value[:17].isdigit():
        return False
    if value[17] not in "0123456789X":
        return False
    return _birth_date_ok(value[6:14], today) and resident_id_check_code(value[:17]) == value[17]


def legacy_resident_id_valid(value: str, today: date | None = None) -> bool:
    """15-digit first-generation ID (no check digit; YYMMDD birth date, 19YY)."""
    return len(value) == 15 and value.isascii() and value.isdigit() and _birth_date_ok("19" + value[6:12], today)


def _birth_date_ok(yyyymmdd: str, today: date | None) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return EARLIEST_BIRTH <= born <= (today or warehouse_today())


def uscc_check_code(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character of eight body characters."""
    check = 11 - sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body8, ORG_WEIGHTS)) % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def org_code_valid(code9: str) -> bool:
    """GB 11714 organisation code: 8 body characters and a check character (digit or X)."""
    if len(code9) != 9 or any(c not in _ORG_ALPHABET for c in code9[:8]):
        return False
    return code9[8] == org_code_check_char(code9[:8])


def uscc_category_valid(value: str) -> bool:
    """The second character is an organisation category the first (the registrar) issues."""
    return len(value) >= 2 and value[1] in USCC_CATEGORIES.get(value[0], "")


def uscc_valid(value: str, *, require_org_code: bool = False) -> bool:
    """Unified social credit code: registrar and mod 31 check; optionally the embedded GB 11714
    organisation code too (the masking recognisers score it separately; the quality rules
    check it as a rule of its own, ``expectations.fieldspec``)."""
    if len(value) != 18 or any(c not in USCC_ALPHABET for c in value):
        return False
    if value[0] not in USCC_REGISTRARS:
        return False
    if uscc_check_code(value[:17]) != value[17]:
        return False
    return org_code_valid(value[8:17]) if require_org_code else True


def luhn_valid(digits: str) -> bool:
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def resident_id_valid_expr(col: pl.Expr, today: date | None = None) -> pl.Expr:
    """Vectorised :func:`resident_id_valid` for a column already upper-cased and half-width."""
    weighted = pl.sum_horizontal(
        col.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(ID_WEIGHTS)
    )
    check = (weighted % 11).replace_strict(list(range(11)), list(ID_CHECK_CODES), return_dtype=pl.String)
    birth = col.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    return (
        col.str.contains(r"^\d{17}[\dX]$")
        & (check == col.str.slice(17, 1))
        & birth.is_not_null()
        & (birth >= EARLIEST_BIRTH)
        & (birth <= (today or warehouse_today()))
    ).fill_null(False)


def uscc_valid_expr(col: pl.Expr) -> pl.Expr:
    """Vectorised :func:`uscc_valid` (mod 31 only) for an upper-cased, half-width column."""
    index = {c: i for i, c in enumerate(USCC_ALPHABET)}
    weighted = pl.sum_horizontal(
        col.str.slice(i, 1).replace_strict(index, default=None, return_dtype=pl.Int32) * w
        for i, w in enumerate(USCC_WEIGHTS)
    )
    check = ((31 - weighted % 31) % 31).replace_strict(
        list(range(31)), list(USCC_ALPHABET), return_dtype=pl.String
    )
    pattern = f"^[{USCC_REGISTRARS}][{USCC_ALPHABET}]{{17}}$"
    return (col.str.contains(pattern) & (check == col.str.slice(17, 1))).fill_null(False)


def uscc_category_valid_expr(col: pl.Expr) -> pl.Expr:
    """Vectorised :func:`uscc_category_valid`."""
    pairs = sorted(r + c for r, categories in USCC_CATEGORIES.items() for c in categories)
    return col.str.slice(0, 2).is_in(pairs).fill_null(False)


def org_code_valid_expr(col: pl.Expr) -> pl.Expr:
    """Vectorised :func:`org_code_valid` for a column of 9-character upper-cased codes."""
    index = {c: i for i, c in enumerate(_ORG_ALPHABET)}
    weighted = pl.sum_horizontal(
        col.str.slice(i, 1).replace_strict(index, default=None, return_dtype=pl.Int32) * w
        for i, w in enumerate(ORG_WEIGHTS)
    )
    check = 11 - weighted % 11
    expected = pl.when(check == 10).then(pl.lit("X")).when(check == 11).then(pl.lit("0")).otherwise(check.cast(pl.String))
    return (col.str.contains(r"^[0-9A-Z]{8}[0-9X]$") & (expected == col.str.slice(8, 1))).fill_null(False)


def widen_legacy_id(value: str) -> str:
    """A 15-digit first-generation ID as its 18-digit form: 19 before the YYMMDD, then the check code.

    >>> widen_legacy_id("110105491231002")
    '11010519491231002X'
    """
    first17 = value[:6] + "19" + value[6:]
    return first17 + resident_id_check_code(first17)


def widen_legacy_id_expr(col: pl.Expr) -> pl.Expr:
    """Vectorised :func:`widen_legacy_id` for a column of 15-digit strings."""
    first17 = pl.concat_str([col.str.slice(0, 6), pl.lit("19"), col.str.slice(6, 9)])
    weighted = pl.sum_horizontal(
        first17.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(ID_WEIGHTS)
    )
    check = (weighted % 11).replace_strict(list(range(11)), list(ID_CHECK_CODES), return_dtype=pl.String)
    return pl.concat_str([first17, check])
