from __future__ import annotations

import random

import polars as pl
import pytest

from standards.checksums import (
    USCC_ALPHABET,
    legacy_resident_id_valid,
    luhn_valid,
    org_code_valid,
    resident_id_check_code,
    resident_id_valid,
    resident_id_valid_expr,
    uscc_check_code,
    uscc_valid,
    uscc_valid_expr,
)


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014", "330212199001011235"[:17] + resident_id_check_code("33021219900101123")])
def test_valid_resident_ids(value):
    assert resident_id_valid(value)


def test_ningbo_ids_that_stdnum_rejects_are_valid():
    # 鄞州 330212 with a birth year before 2002, 奉化 330213 before 2016: real numbers exist.
    for body in ("33021219750301002", "33021319880612004"):
        assert resident_id_valid(body + resident_id_check_code(body))


@pytest.mark.parametrize("value", ["11010519491231002x", "110105194912310021", "11010519491331002X", "1101051949123100", "11010521991231002X"])
def test_invalid_resident_ids(value):
    assert not resident_id_valid(value)


def test_legacy_15_digit_id():
    assert legacy_resident_id_valid("110105491231002")
    assert not legacy_resident_id_valid("110105491331002")


def test_vectorised_resident_id_agrees_with_scalar():
    rng = random.Random(7)
    values = []
    for _ in range(2000):
        body = f"3302{rng.randint(0, 99):02d}{rng.randint(1900, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 31):02d}{rng.randint(0, 999):03d}"
        values.append(body + rng.choice([resident_id_check_code(body)] * 3 + list("0123456789X")))
    got = pl.DataFrame({"v": values}).select(resident_id_valid_expr(pl.col("v"))).to_series().to_list()
    assert got == [resident_id_valid(v) for v in values]
    assert 0 < sum(got) < len(got)


def test_uscc_with_n_and_a_registrars_and_org_code():
    for body in ("91330203MA2GQ6XX", "N2330203MA2GQ6XX", "A1330203MA2GQ6XX"):
        body17 = body + "0"
        assert uscc_valid(body17 + uscc_check_code(body17))
    org = "12345678"
    total = sum("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".index(c) * w for c, w in zip(org, (3, 7, 9, 10, 5, 8, 4, 2)))
    check = 11 - total % 11
    org9 = org + ("X" if check == 10 else "0" if check == 11 else str(check))
    assert org_code_valid(org9)
    body17 = "91330203" + org9
    assert uscc_valid(body17 + uscc_check_code(body17), require_org_code=True)


def test_uscc_rejects_wrong_check_bad_registrar_and_forbidden_letters():
    body17 = "91330203MA2GQ6XX0"
    good = body17 + uscc_check_code(body17)
    wrong = body17 + USCC_ALPHABET[(USCC_ALPHABET.index(good[-1]) + 1) % 31]
    assert not uscc_valid(wrong)
    assert not uscc_valid("Z" + good[1:])
    assert not uscc_valid(good[:5] + "I" + good[6:])


def test_vectorised_uscc_agrees_with_scalar():
    rng = random.Random(3)
    values = []
    for _ in range(1000):
        body = rng.choice("9NA") + rng.choice("123") + "".join(rng.choice(USCC_ALPHABET) for _ in range(15))
        values.append(body + rng.choice([uscc_check_code(body), rng.choice(USCC_ALPHABET)]))
    got = pl.DataFrame({"v": values}).select(uscc_valid_expr(pl.col("v"))).to_series().to_list()
    assert got == [uscc_valid(v) for v in values]


def test_luhn_including_19_digit_unionpay():
    assert luhn_valid("4111111111111111")
    body = "621226120200588943"  # 19-digit UnionPay: exactly one check digit completes it
    assert sum(luhn_valid(body + str(d)) for d in range(10)) == 1
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111111１1111111")
