"""Public-service utilities (公共服务单位, Art. 2): water accounts of households, power accounts
of enterprises. Both are providers in their own right and refer to the register (resident
ID) or the market register (USCC) for their customers.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from demo.faults import PLANS, count_for
from demo.identifiers import new_entity_codes, usccs
from demo.people import addresses, age_years, full_address, names, outsiders
from demo.tables import Table
from demo.words import CONTRACT_KVA

WATER_SHARE = 0.35  # accounts per resident
POWER_SHARE = 1 / 15
NEIGHBOUR_COUNTIES = ("330212", "330205")  # 鄞州, 江北: firms registered there, supplied in Haishu


def _account_numbers(prefix: str, k: int, rng: np.random.Generator) -> np.ndarray:
    """Ascending, unique, gapped account numbers: ``prefix`` + eight digits."""
    serial = rng.integers(1_000_000, 20_000_000) + np.cumsum(rng.integers(1, 40, k))
    return np.char.add(prefix, np.char.zfill(serial.astype(str), 8))


def _opened(lo: np.ndarray, as_of: date, rng: np.random.Generator) -> pl.Series:
    end = np.datetime64(as_of, "D")
    lo = np.minimum(lo, end)
    day = lo + ((rng.random(len(lo)) * ((end - lo).astype(np.int64) + 1)).astype(np.int64)).astype("timedelta64[D]")
    return pl.Series(day, dtype=pl.Date)


def water_accounts(residents: pl.DataFrame, linkable: np.ndarray, as_of: date, rng: np.random.Generator) -> Table:
    """One account per holding household; the holder is an adult resident whose register name
    is normally the 户主姓名. Two deliberate anomalies for cross-source checks: a holder name
    that differs from the register, and holders the register does not know."""
    plan = PLANS["water_accounts"]
    age = age_years(residents["birth"], as_of)
    adults = np.flatnonzero(linkable & (age >= 22))
    holders = rng.permutation(adults)[: round(WATER_SHARE * residents.height)]
    k = len(holders)
    people = residents[holders]
    ids = people["id"].to_numpy().astype(object)
    holder_names = people["name"].to_numpy().astype(object)
    rented = rng.random(k) < 0.2  # account at another address than the household's own
    elsewhere = addresses(rng, k).select(full_address(pl.col("address"))).to_series().to_numpy()
    own = people.select(full_address(pl.col("address"))).to_series().to_numpy()
    reserved = np.zeros(k, dtype=bool)

    slots = rng.permutation(k)
    mismatch = np.sort(slots[: count_for(plan.rate("name_mismatch"), k)])
    orphan = np.sort(slots[len(mismatch) : len(mismatch) + count_for(plan.rate("orphan_reference"), k)])
    # A relative or the former holder: another name, never the register's own.
    other = names(rng, people["male"][mismatch], people["birth"][mismatch]).to_numpy()
    other = np.where(other == holder_names[mismatch], np.char.add(other.astype(str), "芳"), other)
    holder_names[mismatch] = other
    outside = outsiders(len(orphan), as_of, rng, residents["id"])
    ids[orphan] = outside["id"].to_numpy()
    holder_names[orphan] = outside["name"].to_numpy()
    reserved[mismatch] = reserved[orphan] = True

    frame = pl.DataFrame(
        {
            "用户编号": _account_numbers("02", k, rng),
            "户主证件号码": pl.Series(ids, dtype=pl.String),
            "户主姓名": pl.Series(holder_names, dtype=pl.String),
            "用水地址": np.where(rented, elsewhere, own),
            "联系电话": people["mobile"],
            "开户日期": _opened(
                np.maximum(
                    people["birth"].to_numpy() + np.timedelta64(22 * 365, "D"), np.datetime64("1998-01-01", "D")
                ),
                as_of,
                rng,
            ).dt.strftime("%Y-%m-%d"),
            "月均用水量": np.char.mod("%.1f", np.clip(np.exp(rng.normal(np.log(9.5), 0.5, k)), 1, 80)),
        },
        schema={
            c: pl.String
            for c in ("用户编号", "户主证件号码", "户主姓名", "用水地址", "联系电话", "开户日期", "月均用水量")
        },
    )
    return Table(
        "water_accounts",
        frame,
        "%Y-%m-%d",
        reserved=reserved,
        accepted={"name_mismatch": {"户主姓名": len(mismatch)}, "orphan_reference": {"户主证件号码": len(orphan)}},
    )


def power_accounts(
    enterprises: pl.DataFrame, linkable: np.ndarray, n_residents: int, as_of: date, rng: np.random.Generator
) -> Table:
    """Supply points of going concerns (a firm may have several), dated YYYYMMDD as the
    marketing system exports them; a few customers are registered in a neighbouring county."""
    plan = PLANS["power_accounts"]
    active = np.flatnonzero(linkable & enterprises["status"].str.starts_with("存续").to_numpy())
    k = round(POWER_SHARE * n_residents)
    firms = enterprises[np.sort(rng.choice(active, k, replace=True))]
    code = firms["uscc"].to_numpy().astype(object)
    orphan = np.sort(rng.permutation(k)[: count_for(plan.rate("orphan_reference"), k)])
    county = NEIGHBOUR_COUNTIES[int(rng.integers(len(NEIGHBOUR_COUNTIES)))]
    code[orphan] = usccs(
        pl.Series(["91"] * len(orphan), dtype=pl.String), county, new_entity_codes(len(orphan), rng)
    ).to_numpy()
    reserved = np.zeros(k, dtype=bool)
    reserved[orphan] = True

    kva = np.array(CONTRACT_KVA)[np.minimum(rng.geometric(0.22, k) - 1, len(CONTRACT_KVA) - 1)]
    hours = rng.uniform(600, 4200, k)  # equivalent full-load hours a year
    order = rng.permutation(k)  # accounts were opened in no particular order of firms
    frame = pl.DataFrame(
        {
            "户号": _account_numbers("33", k, rng),
            "统一社会信用代码": pl.Series(code[order], dtype=pl.String),
            "用电地址": firms["address"].to_numpy()[order],
            "合同容量": kva[order].astype(str),
            "年用电量": np.char.mod("%.0f", (kva * hours * rng.uniform(0.3, 0.9, k))[order]),
            "立户日期": _opened(
                firms["established"].to_numpy()[order] + rng.integers(0, 365, k).astype("timedelta64[D]"), as_of, rng
            ).dt.strftime("%Y%m%d"),
        },
        schema={c: pl.String for c in ("户号", "统一社会信用代码", "用电地址", "合同容量", "年用电量", "立户日期")},
    )
    return Table(
        "power_accounts",
        frame,
        "%Y%m%d",
        reserved=reserved[order],
        accepted={"orphan_reference": {"统一社会信用代码": len(orphan)}},
    )
