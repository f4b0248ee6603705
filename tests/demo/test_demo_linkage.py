"""The same people and enterprises appear across sources, linked by resident ID and USCC."""

from __future__ import annotations

import re
import unicodedata

import polars as pl

from demo.hotline import _serial
from standards.checksums import resident_id_check_code, resident_id_valid, uscc_valid


def norm(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().upper()


def valid_ids(column: pl.Series) -> list[str]:
    return [norm(v) for v in column.drop_nulls() if resident_id_valid(norm(v))]


def valid_codes(column: pl.Series) -> list[str]:
    return [norm(v) for v in column.drop_nulls() if uscc_valid(norm(v))]


def orphans(manifest: dict, dataset: str) -> int:
    return manifest["datasets"][dataset]["faults"]["accepted"]["orphan_reference"]["count"]


def test_social_insurance_refers_to_registered_residents(tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    psb = set(valid_ids(tables["household_registration"]["公民身份号码"]))
    hrss = valid_ids(tables["social_insurance_enrolment"]["公民身份号码"])
    outside = [i for i in hrss if i not in psb]
    assert len(outside) == orphans(manifest, "social_insurance_enrolment") >= 1
    assert len(set(hrss) & psb) >= 0.2 * len(psb)  # a fair part of the register is insured


def test_employers_are_registered_enterprises(tables: dict[str, pl.DataFrame]) -> None:
    amr = set(valid_codes(tables["enterprise_registration"]["统一社会信用代码"]))
    employers = set(valid_codes(tables["social_insurance_enrolment"]["单位统一社会信用代码"]))
    assert employers and employers <= amr


def test_mothers_are_registered_women(tables: dict[str, pl.DataFrame]) -> None:
    psb = tables["household_registration"]
    sex = {
        norm(i): s.strip()
        for i, s in psb.select("公民身份号码", "性别").drop_nulls().iter_rows()
        if resident_id_valid(norm(i))
    }
    mothers = valid_ids(tables["birth_registration"]["母亲公民身份号码"])
    assert mothers and all(m in sex for m in mothers)
    assert all(int(m[16]) % 2 == 0 for m in mothers)
    assert all(sex[m] == "女" for m in mothers)


def test_allowance_recipients_and_their_recollected_items_match_the_register(tables: dict[str, pl.DataFrame]) -> None:
    psb = {
        norm(i): (n.strip(), b)
        for i, n, b in tables["household_registration"]
        .select("公民身份号码", "姓名", "出生日期")
        .drop_nulls()
        .iter_rows()
        if resident_id_valid(norm(i))
    }
    mca = tables["subsistence_allowance"]
    checked = 0
    for rid, name, born in mca.select("公民身份号码", "姓名", "出生日期").iter_rows():
        if rid is None or not resident_id_valid(norm(rid)):
            continue
        assert norm(rid) in psb
        assert name == psb[norm(rid)][0]
        assert born == rid.strip()[6:10] + "-" + rid.strip()[10:12] + "-" + rid.strip()[12:14]
        checked += 1
    assert checked >= 0.9 * mca.height


def test_water_holders_and_power_customers_link(tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    psb = set(valid_ids(tables["household_registration"]["公民身份号码"]))
    water = valid_ids(tables["water_accounts"]["户主证件号码"])
    assert len([w for w in water if w not in psb]) == orphans(manifest, "water_accounts") >= 1
    amr = set(valid_codes(tables["enterprise_registration"]["统一社会信用代码"]))
    power = valid_codes(tables["power_accounts"]["统一社会信用代码"])
    assert len([p for p in power if p not in amr]) == orphans(manifest, "power_accounts") >= 1


def test_hotline_texts_hold_register_data_and_look_alikes(tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    texts = tables["hotline_work_orders"]["诉求内容"].drop_nulls()
    psb_ids = set(valid_ids(tables["household_registration"]["公民身份号码"]))
    mentioned = {m for t in texts for m in re.findall(r"(?<!\d)\d{17}[\dX](?!\d)", t)}
    assert mentioned & psb_ids, "texts must contain real resident IDs"
    serials = [m for t in texts for m in re.findall(r"交易流水号(\d{18})", t)]
    assert serials and not any(resident_id_valid(s) for s in serials), "look-alikes must not be valid IDs"
    free_text = manifest["datasets"]["hotline_work_orders"]["free_text"]
    assert set(free_text["personal"]) >= {
        "name",
        "resident_id",
        "mobile",
        "landline",
        "address",
        "license_plate",
        "email",
    }
    assert set(free_text["hard_negative"]) >= {"order_no", "amount", "date", "long_number"}
    assert any("\n" in t for t in texts) and any('"' in t for t in texts)


def test_serial_look_alike_is_never_a_valid_id() -> None:
    bodies = (f"3302031990010112{k}" for k in range(10))
    valid = next(b + c for b in bodies if (c := resident_id_check_code(b)) != "X")
    assert resident_id_valid(valid)
    assert not resident_id_valid(_serial(valid))
    assert _serial("202611030123456789") == "202611030123456789"  # already not an ID: kept
