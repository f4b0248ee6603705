"""Market entities of the demo district and the amr register (企业登记注册) built from them.

Codes follow GB 32100 as issued in practice: registrar and category ``91`` (enterprise) with
a GB 11714 organisation code for entities older than the 2015 reform and an unchecked
``MA…`` segment after it; ``92`` self-employed shops; ``93`` farmers' co-operatives; a few
``N2`` village collectives (registered by agriculture authorities) and ``A1`` army
institutions, which python-stdnum wrongly rejects. Employers (hrss) and power customers
refer to these codes.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from demo.identifiers import new_entity_codes, org_codes, usccs
from demo.people import addresses, full_address, pick
from demo.tables import Table
from demo.words import (
    COOPERATIVE_KINDS,
    ENTERPRISE_STATUSES,
    INDUSTRIES,
    SHOP_KINDS,
    STREETS,
    TRADE_NAME_CHARS,
)

HAISHU = "330203"
REFORM = date(2015, 10, 1)  # unified codes replace organisation codes for new entities
# (registrar + category, share of entities, minimum count so that every kind shows at small scale)
KINDS: tuple[tuple[str, float, int], ...] = (("92", 0.22, 1), ("93", 0.02, 1), ("N2", 0.003, 1), ("A1", 0.0005, 1))


def _kinds(m: int, rng: np.random.Generator) -> np.ndarray:
    kind = np.full(m, "91", dtype="<U2")
    slots = rng.permutation(m)
    taken = 0
    for code, share, minimum in KINDS:
        k = max(minimum, round(share * m))
        kind[slots[taken : taken + k]] = code
        taken += k
    return kind


def _established(kind: np.ndarray, as_of: date, rng: np.random.Generator) -> np.ndarray:
    """Foundation dates, growing roughly 12% a year since 1993 as registrations did."""
    end = np.datetime64(as_of, "D")
    span = (end - np.datetime64("1993-01-01", "D")).astype(np.int64)
    growth = 0.12 / 365
    u = rng.random(len(kind))
    back = -np.log(1 - u * (1 - np.exp(-growth * span))) / growth  # truncated exponential, recent-heavy
    founded = end - back.astype(np.int64).astype("timedelta64[D]")
    collective = np.datetime64("2015-06-01", "D") + rng.integers(0, 1600, len(kind)).astype("timedelta64[D]")
    return np.where(kind == "N2", np.minimum(collective, end), founded)


def _trade_names(n: int, rng: np.random.Generator) -> np.ndarray:
    chars = np.array(list(TRADE_NAME_CHARS))
    return np.char.add(chars[rng.integers(0, len(chars), n)], chars[rng.integers(0, len(chars), n)])


def _names(
    kind: np.ndarray, industry_idx: np.ndarray, shop_idx: np.ndarray, street: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Registered names; redrawn until unique, as registration requires."""
    m = len(kind)
    names = np.empty(m, dtype=object)
    todo = np.arange(m)
    towns = [s[0] for s in STREETS if not s[0].endswith("街道")]
    while len(todo):
        trade = _trade_names(len(todo), rng).tolist()
        style = rng.random(len(todo)).tolist()
        for row, t, s in zip(todo.tolist(), trade, style, strict=True):
            names[row] = _name(
                str(kind[row]), t, s, int(industry_idx[row]), int(shop_idx[row]), str(street[row]), towns, row
            )
        todo = np.flatnonzero(_later_copy(names))
    return names.astype(str)


def _name(
    kind: str, trade: str, style: float, industry: int, shop: int, street: str, towns: list[str], row: int
) -> str:
    if kind == "92":
        prefix = "宁波市海曙区" if style < 0.5 else "海曙区" + street.removesuffix("街道")
        return prefix + trade + SHOP_KINDS[shop][0]
    if kind == "93":
        return "宁波市海曙区" + trade + COOPERATIVE_KINDS[int(style * len(COOPERATIVE_KINDS))]
    if kind == "N2":
        return "宁波市海曙区" + towns[int(style * len(towns))] + trade + "村股份经济合作社"
    if kind == "A1":
        return f"宁波警备区{trade}第{row + 1}干部休养所"
    words = INDUSTRIES[industry][2]
    word = words[int(style * 997) % len(words)]
    if style < 0.50:
        return f"宁波{trade}{word}有限公司"
    if style < 0.75:
        return f"宁波市海曙{trade}{word}有限公司"
    if style < 0.90:
        return f"宁波市海曙区{trade}{word}有限公司"
    if style < 0.93:
        return f"宁波{trade}{word}股份有限公司"
    return f"宁波海曙{trade}{word}厂"


def _capital(kind: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Registered capital in 万元: mostly round figures, some exact ones (up to four decimals)."""
    m = len(kind)
    firm = np.array([10, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000], dtype=float)[
        rng.choice(10, m, p=[0.08, 0.08, 0.16, 0.22, 0.12, 0.08, 0.12, 0.08, 0.04, 0.02])
    ]
    exact = np.round(np.exp(rng.normal(4.5, 1.3, m)), 4)
    firm = np.where(rng.random(m) < 0.15, exact, firm)
    shop = np.array([1, 2, 3, 5, 10, 20, 30, 50], dtype=float)[rng.integers(0, 8, m)]
    cooperative = np.array([10, 50, 100, 200], dtype=float)[rng.integers(0, 4, m)]
    value = np.select([kind == "92", kind == "93", kind == "A1"], [shop, cooperative, 100.0], firm)
    return pl.Series([f"{v:.4f}".rstrip("0").rstrip(".") for v in value], dtype=pl.String)


def _codes(kind: np.ndarray, modern: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Unique USCCs: organisation segments are random, so the few that clash are drawn again."""
    codes = np.empty(len(kind), dtype=object)
    todo = np.arange(len(kind))
    while len(todo):
        org = np.where(modern[todo], new_entity_codes(len(todo), rng).to_numpy(), org_codes(len(todo), rng).to_numpy())
        codes[todo] = usccs(pl.Series(kind[todo], dtype=pl.String), HAISHU, pl.Series(org, dtype=pl.String)).to_numpy()
        todo = np.flatnonzero(_later_copy(codes))
    return pl.Series(codes, dtype=pl.String)


def _later_copy(values: np.ndarray) -> np.ndarray:
    """True for every occurrence of a value after its first."""
    return ~pl.Series(values, dtype=pl.String).is_first_distinct().to_numpy()


def make_enterprises(m: int, representatives: pl.Series, as_of: date, rng: np.random.Generator) -> pl.DataFrame:
    """``m`` entities with unique valid codes and names; legal representatives are residents.

    Columns: uscc, name, legal_rep, address, street, established, capital, industry, status, kind.
    """
    kind = _kinds(m, rng)
    established = _established(kind, as_of, rng)
    industry_idx = rng.choice(len(INDUSTRIES), m, p=_p(w for _, w, _ in INDUSTRIES))
    shop_idx = rng.integers(0, len(SHOP_KINDS), m)
    industry = np.array([i[0] for i in INDUSTRIES])[industry_idx]
    industry = np.where(kind == "92", np.array([s[1] for s in SHOP_KINDS])[shop_idx], industry)
    industry = np.where(kind == "93", "农、林、牧、渔业", industry)
    industry = np.where(kind == "N2", "租赁和商务服务业", industry)
    industry = np.where(kind == "A1", "公共管理、社会保障和社会组织", industry)
    place = addresses(rng, m)
    modern = (kind == "92") | (established >= np.datetime64(REFORM, "D"))
    codes = _codes(kind, modern, rng)
    return pl.DataFrame(
        {
            "uscc": codes,
            "name": _names(kind, industry_idx, shop_idx, place["street"].to_numpy(), rng),
            "legal_rep": representatives.gather(rng.integers(0, len(representatives), m)),
            "address": place.select(full_address(pl.col("address"))).to_series(),
            "street": place["street"],
            "established": pl.Series(established, dtype=pl.Date),
            "capital": _capital(kind, rng),
            "industry": industry,
            "status": pick(rng, ENTERPRISE_STATUSES, m),
            "kind": kind,
        }
    )


def _p(weights) -> np.ndarray:
    w = np.fromiter(weights, dtype=float)
    return w / w.sum()


def enterprise_registration(enterprises: pl.DataFrame) -> Table:
    """The amr export: one object per entity; 注册资本 becomes a JSON number when written."""
    fmt = "%Y-%m-%d"
    frame = enterprises.select(
        pl.col("uscc").alias("统一社会信用代码"),
        pl.col("name").alias("企业名称"),
        pl.col("legal_rep").alias("法定代表人"),
        pl.col("address").alias("住所"),
        pl.col("established").dt.strftime(fmt).alias("成立日期"),
        pl.col("capital").alias("注册资本"),
        pl.col("industry").alias("行业门类"),
        pl.col("status").alias("登记状态"),
    )
    return Table("enterprise_registration", frame, fmt, reserved=np.zeros(frame.height, dtype=bool))
