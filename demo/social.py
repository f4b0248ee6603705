"""Social security sources: hrss 社会保险参保登记 and mca 最低生活保障.

hrss refers to residents (and, for employee schemes, to their employer's USCC); mca refers to
residents and also re-collects their name and birth date, items whose one source is psb —
the 一数一源 fault the warehouse must report (Art. 12).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from demo.faults import PLANS, count_for
from demo.people import age_years, outsiders, pick
from demo.seeding import weighted_sample
from demo.tables import Table
from demo.words import INSURANCE_EMPLOYEE, INSURANCE_RESIDENT, INSURANCE_STATUSES

ISO = "%Y-%m-%d"
EMPLOYEE_SHARE = 0.13  # residents enrolled through an employer
ENROLMENT_ROWS = 0.6  # rows per resident in the export
# Chance that an employee also has 失业保险 / 工伤保险 (基本养老 and 基本医疗 always).
OPTIONAL_SCHEME = {"失业保险": 0.75, "工伤保险": 0.65}
PENSION_POOLING = np.datetime64("1995-01-01", "D")
RESIDENT_PENSION = np.datetime64("2011-07-01", "D")  # 城乡居民基本养老保险 pilots in Ningbo
RESIDENT_MEDICAL = np.datetime64("2009-01-01", "D")
CONTRIBUTION_FLOOR, CONTRIBUTION_CEILING = 4462.0, 24930.0  # 浙江 2024 缴费基数上下限 (元/月)


def _days(values: np.ndarray) -> np.ndarray:
    return values.astype("timedelta64[D]")


def _between(lo: np.ndarray, hi: np.datetime64, rng: np.random.Generator) -> np.ndarray:
    """A uniform day in [lo, hi] per row (lo clipped to hi)."""
    lo = np.minimum(lo, hi)
    return lo + _days((rng.random(len(lo)) * ((hi - lo).astype(np.int64) + 1)).astype(np.int64))


def _scheme_rows(person: np.ndarray, scheme: str, enrolled: np.ndarray, employer: object, base: object) -> pl.DataFrame:
    schema = {"person": pl.Int64, "scheme": pl.String, "enrolled": pl.Date, "employer": pl.String, "base": pl.String}
    return pl.DataFrame(
        {"person": person, "scheme": scheme, "enrolled": enrolled, "employer": employer, "base": base}, schema=schema
    )


def social_insurance_enrolment(
    residents: pl.DataFrame, linkable: np.ndarray, employers: pl.Series, as_of: date, rng: np.random.Generator
) -> Table:
    """One row per (resident, 险种). Employees hold two to four schemes with one employer, a
    shared contribution base and an enrolment date after 18; other residents hold the
    城乡居民 schemes, which have neither employer nor base (blank by design)."""
    n = residents.height
    end = np.datetime64(as_of, "D")
    age = age_years(residents["birth"], as_of)
    birth = residents["birth"].to_numpy()
    pool = np.flatnonzero(linkable)
    working = pool[(age[pool] >= 18) & (age[pool] <= 64)]
    employees = rng.permutation(working)[: round(EMPLOYEE_SHARE * n)]

    # Employees: their schemes, employer, base and first enrolment date.
    employer_weight = np.exp(rng.normal(0, 1.5, len(employers)))  # a few large employers
    employer = employers.to_numpy()[
        rng.choice(len(employers), len(employees), p=employer_weight / employer_weight.sum())
    ]
    base = np.clip(np.exp(rng.normal(np.log(7200), 0.45, len(employees))), CONTRIBUTION_FLOOR, CONTRIBUTION_CEILING)
    base_text = np.where(
        rng.random(len(employees)) < 0.7, np.round(base).astype(np.int64).astype(str), np.char.mod("%.2f", base)
    )
    start = _between(np.maximum(birth[employees] + _days(np.full(len(employees), 18 * 365)), PENSION_POOLING), end, rng)
    rows = []
    for scheme in INSURANCE_EMPLOYEE:
        has = rng.random(len(employees)) < OPTIONAL_SCHEME.get(scheme, 1.0)
        later = _days((rng.random(has.sum()) * 3 * 365 * (scheme in OPTIONAL_SCHEME)).astype(np.int64))
        rows.append(
            _scheme_rows(employees[has], scheme, np.minimum(start[has] + later, end), employer[has], base_text[has])
        )
    employee_rows = sum(r.height for r in rows)

    # Everyone else: resident medical insurance, and resident pension for some adults, until
    # the export has its share of rows.
    others = rng.permutation(np.setdiff1d(pool, employees))
    pension = (age[others] >= 16) & (rng.random(len(others)) < 0.45)
    per_person = 1 + pension
    room = max(0, round(ENROLMENT_ROWS * n) - employee_rows)
    keep = np.cumsum(per_person) <= room
    others, pension = others[keep], pension[keep]
    for scheme, holders, since in (
        (INSURANCE_RESIDENT[1], others, np.maximum(birth[others], RESIDENT_MEDICAL)),
        (
            INSURANCE_RESIDENT[0],
            others[pension],
            np.maximum(birth[others[pension]] + _days(np.full(pension.sum(), 16 * 365)), RESIDENT_PENSION),
        ),
    ):
        rows.append(_scheme_rows(holders, scheme, _between(since, end, rng), None, None))
    enrolment = pl.concat(rows)
    enrolment = enrolment[rng.permutation(enrolment.height)]
    ids = residents["id"].gather(enrolment["person"])

    # Workers whose household registration is elsewhere: valid IDs the register does not hold,
    # on all rows of the worker, about the planned share of rows.
    person = enrolment["person"].to_numpy()
    target = count_for(PLANS["social_insurance_enrolment"].rate("orphan_reference"), enrolment.height)
    candidates = rng.permutation(employees)
    rows_of = np.bincount(person, minlength=n)[candidates]
    fits = int(np.searchsorted(np.cumsum(rows_of), target, side="right"))
    chosen = np.sort(candidates[: max(1, fits) if target else 0])
    reserved = np.isin(person, chosen)
    outside = outsiders(len(chosen), as_of, rng, residents["id"])["id"].to_numpy()
    id_array = ids.to_numpy().astype(object)
    id_array[reserved] = outside[np.searchsorted(chosen, person[reserved])]

    frame = pl.DataFrame(
        {
            "公民身份号码": pl.Series(id_array, dtype=pl.String),
            "险种": enrolment["scheme"],
            "参保日期": enrolment["enrolled"].dt.strftime(ISO),
            "参保状态": pick(rng, INSURANCE_STATUSES, enrolment.height),
            "单位统一社会信用代码": enrolment["employer"],
            "缴费基数": enrolment["base"],
        }
    )
    return Table(
        "social_insurance_enrolment",
        frame,
        ISO,
        reserved=reserved,
        accepted={"orphan_reference": {"公民身份号码": int(reserved.sum())}},
    )


def subsistence_allowance(
    residents: pl.DataFrame, linkable: np.ndarray, as_of: date, rng: np.random.Generator
) -> Table:
    """Households on 低保 (about 2% of residents, older and rural ones more often). Besides its
    own items the export carries 姓名 and 出生日期 copied from the register."""
    n = residents.height
    age = age_years(residents["birth"], as_of)
    town = ~residents["street"].str.ends_with("街道").to_numpy()
    weight = np.where(linkable & (age >= 18), 1.0 + 2.0 * (age >= 60) + 1.0 * town, 0.0)
    who = rng.permutation(weighted_sample(weight, round(0.02 * n), rng))
    people = residents[who]
    size = rng.choice(np.arange(1, 6), len(who), p=[0.45, 0.25, 0.15, 0.10, 0.05])
    per_head = rng.uniform(350, 1245, len(who))  # standard (1245 元) minus counted income
    started = _between(np.full(len(who), np.datetime64("2014-01-01", "D")), np.datetime64(as_of, "D"), rng)
    frame = pl.DataFrame(
        {
            "公民身份号码": people["id"],
            "姓名": people["name"],
            "出生日期": people["birth"].dt.strftime(ISO),
            "保障人数": size.astype(str),
            "月保障金额": np.char.mod("%.2f", size * per_head),
            "起始日期": pl.Series(started, dtype=pl.Date).dt.strftime(ISO),
            "所在街道": people["street"],
        },
        schema={
            c: pl.String for c in ("公民身份号码", "姓名", "出生日期", "保障人数", "月保障金额", "起始日期", "所在街道")
        },
    )
    return Table(
        "subsistence_allowance",
        frame,
        ISO,
        reserved=np.zeros(frame.height, dtype=bool),
        recollected={"姓名": "resident.name", "出生日期": "resident.birth_date"},
    )
