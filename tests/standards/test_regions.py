"""Division-code prefixes of resident IDs: province and prefecture structure of GB/T 2260."""

from __future__ import annotations

import polars as pl
import pytest

from standards.regions import region_prefix_known, region_prefix_known_expr


@pytest.mark.parametrize("code", [
    "330203",  # 海曙区
    "330213",  # 奉化区 (2016): no 2015 list has it
    "412724",  # 周口地区太康县, renumbered 411627 in 2000: older IDs keep it
    "522426",  # 毕节地区纳雍县, renumbered 520525 in 2011
    "460003",  # 海南 county directly under the province before 4690xx
    "469003",  # 儋州 as 省直辖县级
    "419001",  # 济源
    "110228",  # 北京 县 (密云县)
    "500381",  # 重庆 市 (江津市, 1997-2006)
    "510202",  # 重庆 under 四川 before 1997
    "654301",  # 阿勒泰地区 (21-50: 地区/自治州/盟)
])
def test_known_prefixes_including_historic_ones(code):
    assert region_prefix_known(code + "19800101001X")


@pytest.mark.parametrize("code", ["990203", "810000", "710000", "118101", "310301", "500401", "338101", "3391", "33A203"])
def test_unknown_prefixes(code):
    assert not region_prefix_known(code)


def test_vectorised_prefix_agrees_with_scalar():
    codes = [f"{p:02d}{q:02d}{r:02d}" for p in range(10, 100, 3) for q in range(0, 100, 7) for r in (1, 21, 81)]
    codes += ["3302", "", "33x203"]
    got = pl.DataFrame({"v": codes}).select(region_prefix_known_expr(pl.col("v"))).to_series().to_list()
    assert got == [region_prefix_known(c) for c in codes]
    assert 0 < sum(got) < len(codes)
