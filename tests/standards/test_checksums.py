from __future__ import annotations

import random
from datetime import date

import polars as pl
import pytest

from standards.checksums import (
    USCC_ALPHABET,
    legacy_resident_id_valid,
    luhn_valid,
    org_code_check_char,
    org_code_valid,
    org_code_valid_expr,
    resident_id_check_code,
    resident_id_valid,
    resident_id_valid_expr,
    uscc_category_valid,
    uscc_category_valid_expr,
    uscc_check_code,
    uscc_valid,
    uscc_valid_expr,
)

# Credit codes published on business licences and registries (public, organisations only):
# pre-2015 numeric organisation codes and post-2015 ``MA`` ones, from several provinces.
PUBLIC_USCCS = (
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司 (organisation code 71526726-X)
    "91330100716105852F",
    "91110108551385082Q",
    "91110000600037341L",
    "121200004013590816",  # registrar 1 (机构编制), category 2 (事业单位)
    "91310115MA1K3BTP2B",
    "91340600MA2PBM9HXD",
    "91420684MA4927PJ7B",
    "91620105MA71T4YW8Q",
    "91340603MA2UJXXCXF",
)
ORG_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def gb11714_check(body8: str) -> str:
    """The standard's arithmetic written out again here, so the test does not grade itself."""
    total = sum(ORG_VALUES.index(c) * w for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2)))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


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


@pytest.mark.parametrize("code", PUBLIC_USCCS)
def test_public_credit_codes_pass_gb32100_and_gb11714(code):
    assert uscc_valid(code, require_org_code=True) and uscc_category_valid(code)
    assert org_code_valid(code[8:17])


def test_gb11714_check_character_from_the_algorithm_and_only_that_one():
    rng = random.Random(11)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # as the segment appears inside a credit code
    for _ in range(500):
        body = "".join(rng.choice(alphabet) for _ in range(8))
        right = gb11714_check(body)
        assert org_code_check_char(body) == right
        assert [c for c in "0123456789X" if org_code_valid(body + c)] == [right]
    assert org_code_valid("71526726X") and not org_code_valid("715267260")
    assert not org_code_valid("7152672X") and not org_code_valid("71526726Y")


def test_wrong_inner_check_character_hides_from_gb32100_but_not_gb11714():
    for code in PUBLIC_USCCS:
        wrong_inner = next(c for c in "0123456789X" if c != code[16])
        first17 = code[:16] + wrong_inner
        tampered = first17 + uscc_check_code(first17)
        assert uscc_valid(tampered), "the outer mod 31 code was recomputed"
        assert not uscc_valid(tampered, require_org_code=True)
        assert not org_code_valid(tampered[8:17])


def test_registrars_and_the_categories_they_issue():
    body = "330203MA2GQ6XX"
    for prefix, ok in (("91", True), ("92", True), ("93", True), ("94", False), ("N1", True), ("N3", True),
                       ("N4", False), ("A1", True), ("A2", False), ("Y1", True), ("Y2", False), ("51", True),
                       ("33", True), ("35", True), ("36", False), ("B1", False)):
        first17 = prefix + body + "0"
        assert uscc_category_valid(first17 + "0") is ok, prefix


def test_vectorised_org_code_and_category_agree_with_scalar():
    rng = random.Random(5)
    codes = []
    for _ in range(2000):
        body = "".join(rng.choice(USCC_ALPHABET) for _ in range(8))
        codes.append(rng.choice("123456789ANYB") + rng.choice("12349") + "330203" + body
                     + rng.choice([gb11714_check(body), rng.choice("0123456789X")]) + "0")
    frame = pl.DataFrame({"v": codes}).select(
        org_code_valid_expr(pl.col("v").str.slice(8, 9)).alias("org"), uscc_category_valid_expr(pl.col("v")).alias("cat"))
    assert frame["org"].to_list() == [org_code_valid(c[8:17]) for c in codes]
    assert frame["cat"].to_list() == [uscc_category_valid(c) for c in codes]
    assert 0 < sum(frame["org"]) < len(codes) and 0 < sum(frame["cat"]) < len(codes)


def test_birth_date_limit_follows_the_warehouse_clock(monkeypatch):
    body = "33020320100101001"  # born 2010-01-01
    rid = body + resident_id_check_code(body)
    frame = pl.DataFrame({"v": [rid]})
    monkeypatch.setenv("DW_TODAY", "2009-12-31")
    assert not resident_id_valid(rid)
    assert not frame.select(resident_id_valid_expr(pl.col("v"))).item()
    monkeypatch.setenv("DW_TODAY", "2010-01-01")
    assert resident_id_valid(rid) and frame.select(resident_id_valid_expr(pl.col("v"))).item()
    monkeypatch.delenv("DW_TODAY")
    assert resident_id_valid(rid)
    assert not resident_id_valid(rid, date(2005, 1, 1))
