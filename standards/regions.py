"""Division codes (GB/T 2260) as far as identifier checks need them.

A resident ID keeps for life the code of the county that first issued it, and prefectures and
counties have been renumbered many times since the 1980s (阜阳地区 3421 became 阜阳市 3412, 毕节地区
5224 became 毕节市 5205, 海南's counties were 4600xx before 4690xx): a list of today's codes would
refuse the numbers of everyone registered before a renumbering. No list that includes the
historic codes is available offline (Faker's ships a 2015 snapshot without them, and without
the districts created since, such as 奉化区 330213), so the prefix is held to the standard's
structure at prefecture level: a known province, and a prefecture number in the ranges
GB/T 2260 allots — 01-20 and 51-70 prefecture-level cities, 21-50 地区/自治州/盟, 90 counties
directly under the province, 00 the same before 90 existed; in the four municipalities only
01 市辖区, 02 县 (and 03 市 in Chongqing). The county digits are not checked.

>>> "33" in PROVINCE_CODES, "99" in PROVINCE_CODES
(True, False)
>>> [region_prefix_known(c) for c in ("330203", "412724", "469003", "118101", "337101", "500381")]
[True, True, True, False, False, True]
"""

from __future__ import annotations

import polars as pl

# First two digits of a resident ID: the province-level division of first registration
# (Hong Kong, Macao and Taiwan residents hold other documents).
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15",  # 华北
    "21", "22", "23",  # 东北
    "31", "32", "33", "34", "35", "36", "37",  # 华东
    "41", "42", "43", "44", "45", "46",  # 中南
    "50", "51", "52", "53", "54",  # 西南
    "61", "62", "63", "64", "65",  # 西北
})
# Municipalities: the highest prefecture number they use (01 市辖区, 02 县, 03 市 in Chongqing).
MUNICIPAL_PREFECTURES = {"11": 2, "12": 2, "31": 2, "50": 3}
LAST_CITY_OR_REGION = 70  # 01-20, 51-70 cities; 21-50 地区/自治州/盟
DIRECT_COUNTIES = 90  # 省直辖县级行政区划


def region_prefix_known(code: str) -> bool:
    """The first six characters are a division code of a known province and prefecture range."""
    if len(code) < 6 or not code[:6].isascii() or not code[:6].isdigit() or code[:2] not in PROVINCE_CODES:
        return False
    prefecture = int(code[2:4])
    if code[:2] in MUNICIPAL_PREFECTURES:
        return 1 <= prefecture <= MUNICIPAL_PREFECTURES[code[:2]]
    return prefecture <= LAST_CITY_OR_REGION or prefecture == DIRECT_COUNTIES


def region_prefix_known_expr(col: pl.Expr) -> pl.Expr:
    """Vectorised :func:`region_prefix_known`."""
    province = col.str.slice(0, 2)
    prefecture = col.str.slice(2, 2).cast(pl.Int32, strict=False)
    municipal_max = province.replace_strict(MUNICIPAL_PREFECTURES, default=None, return_dtype=pl.Int32)
    in_range = (
        pl.when(municipal_max.is_not_null())
        .then((prefecture >= 1) & (prefecture <= municipal_max))
        .otherwise((prefecture <= LAST_CITY_OR_REGION) | (prefecture == DIRECT_COUNTIES))
    )
    return (col.str.contains(r"^\d{6}") & province.is_in(sorted(PROVINCE_CODES)) & in_range).fill_null(False)
