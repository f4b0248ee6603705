"""The vectorised code generators agree with the warehouse's scalar checks and never repeat."""

from __future__ import annotations

import numpy as np
import polars as pl

from demo.enterprises import _codes
from demo.identifiers import mobiles, org_codes, resident_id_check_codes, resident_ids
from standards.checksums import org_code_valid, resident_id_check_code, uscc_valid


def test_resident_id_check_codes_match_the_scalar_rule() -> None:
    rng = np.random.default_rng(0)
    bodies = pl.Series(["".join(map(str, row)) for row in rng.integers(0, 10, (5000, 17))])
    vectorised = resident_id_check_codes(bodies).to_list()
    assert vectorised == [resident_id_check_code(b) for b in bodies]
    assert "X" in vectorised


def test_resident_ids_are_unique_and_carry_sex_and_birth() -> None:
    rng = np.random.default_rng(1)
    n = 1_600  # 400 per county, day and sex: far above real birth counts, below the 500 the scheme allows
    birth = pl.Series(np.full(n, np.datetime64("1990-01-01", "D")))
    male = pl.Series(np.tile([True, False], n // 2))
    area = pl.Series(["330203"] * (n // 2) + ["330212"] * (n - n // 2))
    ids = resident_ids(area, birth, male, rng)
    assert ids.n_unique() == n
    assert (ids.str.slice(6, 8) == "19900101").all()
    assert ((ids.str.slice(16, 1).cast(pl.Int64) % 2 == 1) == male).all()


def test_organisation_codes_pass_gb11714() -> None:
    assert all(org_code_valid(c) for c in org_codes(5000, np.random.default_rng(2)))


def test_enterprise_codes_are_valid_and_unique_even_when_random_segments_clash() -> None:
    n = 200_000  # old-style segments come from 9e7 numbers: clashes are certain at this size
    kind = np.array(["91"] * n)
    codes = _codes(kind, np.zeros(n, dtype=bool), np.random.default_rng(3))
    assert codes.n_unique() == n
    assert all(uscc_valid(c, require_org_code=True) for c in codes.head(5000))


def test_mobiles_look_like_mainland_numbers() -> None:
    numbers = mobiles(1000, np.random.default_rng(4))
    assert numbers.str.contains(r"^1[3-9]\d{9}$").all()


def test_post_2015_codes_carry_a_valid_gb11714_check_too() -> None:
    n = 5000
    kind = np.array(["91", "92", "93", "N2", "A1"] * (n // 5))
    codes = _codes(kind, np.ones(n, dtype=bool), np.random.default_rng(6))
    assert codes.str.slice(8, 2).eq("MA").all()
    assert all(uscc_valid(c, require_org_code=True) for c in codes)
