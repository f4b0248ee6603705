"""Check digits of the national identifier standards (Art. 30: standards as code).

Each standard has a scalar form, for recognisers and single values, and a polars expression
form, for whole columns at ingestion speed. Both share the same weights and alphabets.

>>> resident_id_valid("11010519491231002X")
True
>>> uscc_valid("91330203MA2GQ6XX2E")
False
>>> luhn_valid("6222021234567890128"), luhn_valid("6222021234567890127")
(True, False)
"""

from __future__ import annotations

from datetime import date

import polars as pl

# GB 11643-1999: weights 2^(17-i) mod 11; check code indexed by the weighted sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"

# GB 32100-2015: 31 symbols (no I, O, Z, S, V); 18th character is the check code.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_REGISTRARS = "123456789ANY"  # first character: registering authority

# GB 11714-1997 organisation code (characters 9-17 of a USCC): mod 11 with these weights.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def resident_id_check_code(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CODES[total % 11]


def resident_id_valid(value: str) -> bool:
    """18-digit resident ID with a valid birth date and mod 11-2 check code."""
    if len(value) != 18 or not value[:17].isascii() or not value[:17].isdigit():
        return False
    if value[17] not in "0123456789X":
        return False
    return _birth_date_ok(value[6:14]) and resident_id_check_code(value[:17]) == value[17]


def legacy_resident_id_valid(value: str) -> bool:
    """15-digit first-generation ID (no check digit; YYMMDD birth date, 19YY)."""
    return len(value) == 15 and value.isascii() and value.isdigit() and _birth_date_ok("19" + value[6:12])


def _birth_date_ok(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1880, 1, 1) <= born <= date.today()


def uscc_check_code(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_valid(code9: str) -> bool:
    """GB 11714 organisation code: 8 body characters and a check character (digit or X)."""
    if len(code9) != 9 or any(c not in _ORG_ALPHABET for c in code9[:8]):
        return False
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(code9[:8], ORG_WEIGHTS))
    check = 11 - total % 11
    expected = "X" if check == 10 else "0" if check == 11 else str(check)
    return code9[8] == expected


def uscc_valid(value: str, *, require_org_code: bool = False) -> bool:
    """Unified social credit code: mod 31 check; optionally the embedded organisation code too.

    Codes issued to new market entities after 2015 often carry an organisation-code segment
    that is not itself checksummed (e.g. ``MA...``), so the organisation check is opt-in.
    """
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


def resident_id_valid_expr(col: pl.Expr) -> pl.Expr:
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
        & (birth >= date(1880, 1, 1))
        & (birth <= date.today())
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
