"""hb 出生医学证明登记: births of the last four years, each linked to its mother's resident ID.

The newborns are the register's youngest residents, so name, sex and birth date agree with
psb; mothers are women of the register aged 20 to 42 at the birth.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from demo.people import pick
from demo.tables import Table
from demo.words import HOSPITALS

ISO = "%Y-%m-%d"
BIRTH_SHARE = 0.01  # rows per resident
NEW_EDITION = date(2023, 1, 1)  # certificates of the newer edition carry series letter Q


def birth_registration(residents: pl.DataFrame, linkable: np.ndarray, as_of: date, rng: np.random.Generator) -> Table:
    """One certificate per newborn, in birth order, numbered as issued (series letter, 33, serial)."""
    end = np.datetime64(as_of, "D")
    birth = residents["birth"].to_numpy()
    young = np.flatnonzero(birth >= end - np.timedelta64(4 * 365, "D"))
    babies = np.sort(rng.permutation(young)[: round(BIRTH_SHARE * residents.height)])
    babies = babies[np.argsort(birth[babies], kind="stable")]  # the export runs in date order
    born = birth[babies]

    women = np.flatnonzero(linkable & ~residents["male"].to_numpy())
    women = women[np.argsort(birth[women], kind="stable")]
    women_birth = birth[women]
    lo = np.searchsorted(women_birth, born - np.timedelta64(round(42 * 365.25), "D"))
    hi = np.searchsorted(women_birth, born - np.timedelta64(round(20 * 365.25), "D"), side="right")
    empty = hi <= lo  # only in tiny demos: then any woman will do
    lo, hi = np.where(empty, 0, lo), np.where(empty, len(women), hi)
    mother = women[lo + (rng.random(len(babies)) * (hi - lo)).astype(np.int64)]

    serial = rng.integers(1_000_000, 4_000_000) + np.cumsum(rng.integers(1, 4, len(babies)))
    series = np.where(born >= np.datetime64(NEW_EDITION, "D"), "Q", "P")
    frame = pl.DataFrame(
        {
            "出生医学证明编号": np.char.add(np.char.add(series, "33"), np.char.zfill(serial.astype(str), 7)),
            "新生儿姓名": residents["name"].gather(babies),
            "性别": np.where(residents["male"].to_numpy()[babies], "男", "女"),
            "出生日期": pl.Series(born, dtype=pl.Date).dt.strftime(ISO),
            "母亲公民身份号码": residents["id"].gather(mother),
            "助产机构": pick(rng, HOSPITALS, len(babies)),
        },
        schema={
            c: pl.String for c in ("出生医学证明编号", "新生儿姓名", "性别", "出生日期", "母亲公民身份号码", "助产机构")
        },
    )
    return Table("birth_registration", frame, ISO, reserved=np.zeros(frame.height, dtype=bool))
