"""Identifier numbers with valid check codes, generated a column at a time.

The weights and alphabets are those of ``standards.checksums`` (the warehouse's own rules),
applied with numpy because the demo makes up to millions of numbers; the tests confirm every
number against the scalar checks of that module.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from demo.words import MOBILE_PREFIXES
from standards.checksums import (
    ID_CHECK_CODES,
    ID_WEIGHTS,
    ORG_WEIGHTS,
    USCC_ALPHABET,
    org_code_check_char,
    uscc_check_code,
)


def _digit_matrix(values: pl.Series, width: int) -> np.ndarray:
    """(n, width) matrix of the ASCII digits of equal-length strings."""
    raw = np.frombuffer("".join(values.to_list()).encode("ascii"), dtype=np.uint8)
    return raw.reshape(len(values), width).astype(np.int64) - ord("0")


def resident_id_check_codes(first17: pl.Series) -> pl.Series:
    """GB 11643 check code of each 17-digit body."""
    total = _digit_matrix(first17, 17) @ np.array(ID_WEIGHTS, dtype=np.int64)
    codes = np.array(list(ID_CHECK_CODES))[total % 11]
    return pl.Series(codes, dtype=pl.String)


def resident_ids(area: pl.Series, birth: pl.Series, male: pl.Series, rng: np.random.Generator) -> pl.Series:
    """Unique 18-digit numbers: area + birth date + sequence (odd for men) + check code.

    Sequence codes are handed out per (area, birth date, sex) from a random start, so no two
    people share a number however many are born in one county on one day (up to 500).
    """
    frame = pl.DataFrame({"area": area, "birth": birth, "male": male, "start": rng.integers(0, 500, len(area))})
    seq = frame.select(
        (
            2 * ((pl.col("start").first() + pl.int_range(pl.len())).over("area", "birth", "male") % 500)
            + pl.col("male").cast(pl.Int64)
        ).alias("seq")
    )["seq"]
    first17 = (
        pl.DataFrame({"a": area, "b": birth.dt.strftime("%Y%m%d"), "s": seq})
        .select(pl.concat_str(pl.col("a"), pl.col("b"), pl.col("s").cast(pl.String).str.zfill(3)))
        .to_series()
    )
    return (first17 + resident_id_check_codes(first17)).rename("id")


def org_codes(n: int, rng: np.random.Generator) -> pl.Series:
    """GB 11714 organisation codes: eight digits and their mod-11 check character."""
    body = rng.integers(10_000_000, 99_999_999, n)
    digits = (body[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    check = 11 - (digits @ np.array(ORG_WEIGHTS)) % 11
    check_char = np.where(check == 10, "X", np.where(check == 11, "0", check.astype(str)))
    return pl.Series(np.char.add(body.astype(str), check_char), dtype=pl.String)


def new_entity_codes(n: int, rng: np.random.Generator) -> pl.Series:
    """Organisation segments of post-2015 market entities: 'MA', six characters of the credit-code
    alphabet and the GB 11714 check character (real ``MA`` codes carry one too)."""
    alphabet = np.array(list(USCC_ALPHABET))
    bodies = ["MA" + "".join(row) for row in alphabet[rng.integers(0, len(alphabet), (n, 6))]]
    return pl.Series([b + org_code_check_char(b) for b in bodies], dtype=pl.String)


def usccs(prefix: pl.Series, area: str, org: pl.Series) -> pl.Series:
    """GB 32100 codes: registrar + category (``prefix``), area, organisation segment, check."""
    first17 = [p + area + o for p, o in zip(prefix.to_list(), org.to_list(), strict=True)]
    return pl.Series([f + uscc_check_code(f) for f in first17], dtype=pl.String)


def mobiles(n: int, rng: np.random.Generator) -> pl.Series:
    """Eleven-digit mainland mobile numbers with real operator prefixes."""
    prefix = np.array(MOBILE_PREFIXES)[rng.integers(0, len(MOBILE_PREFIXES), n)]
    return pl.Series((prefix * 100_000_000 + rng.integers(0, 100_000_000, n)).astype(str), dtype=pl.String)
