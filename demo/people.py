"""Residents of the demo district and the household register (psb 户籍人口登记) built from them.

Everyone else in the demo (insured workers, allowance recipients, mothers, water account
holders, hotline callers, legal representatives) is drawn from these residents, so the
sources link up by resident ID exactly as the real ones do.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from demo.identifiers import mobiles, resident_ids
from demo.tables import Table
from demo.words import (
    ETHNICITIES,
    GIVEN_OLD_FEMALE,
    GIVEN_OLD_MALE,
    GIVEN_YOUNG_FEMALE,
    GIVEN_YOUNG_MALE,
    ID_AREA_CODES,
    OUTSIDE_AREA_CODES,
    PROVINCE_CITY_DISTRICT,
    RARE_NAME_CHARS,
    STREETS,
    SURNAMES,
)

# Share of residents in each five-year age band 0-4 … 95-99 (shape of the 2020 census for
# an old urban district: few children, bulges at 30-39 and 50-59).
# fmt: off
AGE_BAND_WEIGHTS = (
    4.0, 4.6, 4.8, 4.4, 4.8, 6.0, 8.4, 7.4, 6.9, 7.9,  # 0-4 … 45-49
    8.6, 7.8, 6.0, 5.8, 4.1, 2.8, 1.9, 1.1, 0.4, 0.1,  # 50-54 … 95-99
)
# fmt: on
RARE_NAME_RATE = 0.0005  # residents whose name needs a character outside GBK
SINGLE_CHAR_GIVEN_NAME = 0.15
YOUNG_NAMES_FROM = date(1985, 1, 1)  # naming fashion changes: 建国, 秀英 before; 子轩, 梓涵 after


def _weighted(rng: np.random.Generator, weights: tuple[float, ...], n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def pick(rng: np.random.Generator, options: tuple[tuple, ...], n: int) -> pl.Series:
    """Draw the first element of weighted ``(value, weight, ...)`` tuples."""
    values = pl.Series([o[0] for o in options], dtype=pl.String)
    return values.gather(_weighted(rng, tuple(o[1] for o in options), n))


def birth_dates(rng: np.random.Generator, n: int, as_of: date) -> pl.Series:
    """Birth dates on or before ``as_of`` following :data:`AGE_BAND_WEIGHTS`."""
    band = _weighted(rng, AGE_BAND_WEIGHTS, n)
    age_days = ((band + rng.random(n)) * 5 * 365.25).astype(np.int64)
    return pl.Series("birth", np.datetime64(as_of, "D") - age_days.astype("timedelta64[D]"))


def names(rng: np.random.Generator, male: pl.Series, birth: pl.Series) -> pl.Series:
    """Surname by Ningbo frequency, given name of one or two characters by era and sex."""
    n = len(male)
    surname = pick(rng, tuple((s, w) for s, _, w in SURNAMES), n)
    pools = (GIVEN_OLD_FEMALE, GIVEN_OLD_MALE, GIVEN_YOUNG_FEMALE, GIVEN_YOUNG_MALE)
    chars = pl.Series(list("".join(pools)), dtype=pl.String)
    sizes = np.array([len(p) for p in pools])
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    pool = male.cast(pl.Int64).to_numpy() + 2 * (birth >= YOUNG_NAMES_FROM).cast(pl.Int64).to_numpy()

    def one_char() -> pl.Series:
        return chars.gather(offsets[pool] + (rng.random(n) * sizes[pool]).astype(np.int64))

    first, second = one_char(), one_char()
    second = pl.Series(np.where(second == first, one_char(), second), dtype=pl.String)  # fewer 叠字 like 志志
    second = pl.Series(np.where(rng.random(n) < SINGLE_CHAR_GIVEN_NAME, "", second.to_numpy()), dtype=pl.String)
    return (surname + first + second).rename("name")


def addresses(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """Street (街道/镇/乡) and the address inside it: road, number, building and flat, or a
    village house number for most people in the western towns."""
    street_idx = _weighted(rng, tuple(s[1] for s in STREETS), n)
    roads = [s[2] for s in STREETS]
    places = [s[3] for s in STREETS]
    road = np.array([r for rs in roads for r in rs])[_within(rng, street_idx, roads)]
    place = np.array([p for ps in places for p in ps])[_within(rng, street_idx, places)]
    is_town = np.array([not s[0].endswith("街道") for s in STREETS])[street_idx]
    village = is_town & (rng.random(n) < 0.6)
    number = rng.integers(1, 400, n)
    flat = (
        np.char.add(np.char.add(road.astype(str), number.astype(str)), "号")
        + np.char.add(rng.integers(1, 31, n).astype(str), "幢")
        + np.char.add((rng.integers(1, 19, n) * 100 + rng.integers(1, 5, n)).astype(str), "室")
    )
    house = np.char.add(np.char.add(place.astype(str), rng.integers(1, 300, n).astype(str)), "号")
    street = np.array([s[0] for s in STREETS])[street_idx]
    local = np.where(village, house, flat)
    return pl.DataFrame(
        {"street": street, "address": np.char.add(street, local)}, schema={"street": pl.String, "address": pl.String}
    )


def _within(rng: np.random.Generator, group: np.ndarray, lists: list[tuple[str, ...]]) -> np.ndarray:
    """Index into the concatenation of ``lists``, uniform inside the list of each row's group."""
    sizes = np.array([len(x) for x in lists])
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    return offsets[group] + (rng.random(len(group)) * sizes[group]).astype(np.int64)


def make_residents(n: int, as_of: date, rng: np.random.Generator) -> pl.DataFrame:
    """``n`` residents with unique valid IDs; the ID's sex digit and birth date agree with the record.

    Columns: id, name, male, birth, ethnicity, street, address (from the street on),
    mobile, registered_on, rare_name.
    """
    birth = birth_dates(rng, n, as_of)
    male = pl.Series("male", rng.random(n) < 0.505)
    area = pick(rng, ID_AREA_CODES, n)
    ids = resident_ids(area, birth, male, rng)
    if ids.n_unique() != n:
        raise RuntimeError("resident ID sequence codes overflowed; lower the scale")
    name = names(rng, male, birth)
    rare = np.zeros(n, dtype=bool)
    rare[rng.choice(n, size=max(1, round(RARE_NAME_RATE * n)), replace=False)] = True
    rare_char = np.array(RARE_NAME_CHARS)[rng.integers(0, len(RARE_NAME_CHARS), n)]
    name = pl.Series(
        "name", np.where(rare, np.char.add(name.str.slice(0, 2).to_numpy().astype(str), rare_char), name.to_numpy())
    )
    # Born here: registered within two months of birth. Moved in: some day since age 16 (or birth).
    age_days = (np.datetime64(as_of, "D") - birth.to_numpy()).astype(np.int64)
    moved_from = np.where(age_days < 16 * 365, 0, 16 * 365)
    after_birth = np.where(
        area.to_numpy() == "330203",
        rng.integers(3, 60, n),
        moved_from + (rng.random(n) * (age_days - moved_from + 1)).astype(np.int64),
    )
    registered = np.minimum(birth.to_numpy() + after_birth.astype("timedelta64[D]"), np.datetime64(as_of, "D"))
    return pl.concat(
        [
            pl.DataFrame({"id": ids, "name": name, "male": male, "birth": birth}),
            pl.DataFrame({"ethnicity": pick(rng, ETHNICITIES, n)}),
            addresses(rng, n),
            pl.DataFrame(
                {"mobile": mobiles(n, rng), "registered_on": pl.Series(registered, dtype=pl.Date), "rare_name": rare}
            ),
        ],
        how="horizontal",
    )


def age_years(birth: pl.Series, as_of: date) -> np.ndarray:
    """Whole years of age on ``as_of`` (close enough for choosing who works, marries, retires)."""
    return ((np.datetime64(as_of, "D") - birth.to_numpy()).astype(np.int64) / 365.25).astype(np.int64)


def outsiders(k: int, as_of: date, rng: np.random.Generator, register: pl.Series) -> pl.DataFrame:
    """``k`` adults with valid IDs from other provinces who are *not* in ``register``: people a
    provider knows but the household register does not (workers, tenants with hukou elsewhere).

    Columns: id, name, male, birth.
    """
    n = 2 * k + 10
    birth = pl.Series("birth", np.datetime64(as_of, "D") - rng.integers(22 * 365, 58 * 365, n).astype("timedelta64[D]"))
    male = pl.Series("male", rng.random(n) < 0.55)
    area = pl.Series(np.array(OUTSIDE_AREA_CODES)[rng.integers(0, len(OUTSIDE_AREA_CODES), n)], dtype=pl.String)
    people = pl.DataFrame(
        {"id": resident_ids(area, birth, male, rng), "name": names(rng, male, birth), "male": male, "birth": birth}
    )
    people = people.filter(~pl.col("id").is_in(register.implode()))
    return people.head(k)


def full_address(local: pl.Expr) -> pl.Expr:
    """An address from the street on, prefixed with province, city and district as registers write it."""
    return pl.lit(PROVINCE_CITY_DISTRICT) + local


def household_registration(residents: pl.DataFrame) -> Table:
    """The psb export: one row per resident."""
    fmt = "%Y-%m-%d"
    frame = residents.select(
        pl.col("id").alias("公民身份号码"),
        pl.col("name").alias("姓名"),
        pl.when(pl.col("male")).then(pl.lit("男")).otherwise(pl.lit("女")).alias("性别"),
        pl.col("birth").dt.strftime(fmt).alias("出生日期"),
        pl.col("ethnicity").alias("民族"),
        full_address(pl.col("address")).alias("户籍地址"),
        pl.col("street").alias("所属街道"),
        pl.col("registered_on").dt.strftime(fmt).alias("登记日期"),
    )
    rare = residents["rare_name"].to_numpy()
    return Table(
        dataset="household_registration",
        frame=frame,
        date_format=fmt,
        reserved=rare.copy(),
        notes={"names_outside_gbk": int(rare.sum())},
    )
