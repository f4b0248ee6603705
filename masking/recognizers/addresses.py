"""Postal addresses (ADDRESS) by the grammar of Chinese administrative divisions.

An address is a chain of components — a name followed by a level word (省 市 区 县 街道 镇 乡
村 社区 路 街 巷 弄 小区 花园…) — ending in a house-level detail (138号, 3幢2单元501室, 5-201室).
A street (街道) alone is not personal: the masking policies generalise addresses to exactly that
level. The chain's first name can swallow the words before it in running text (市民反映海曙区…);
known lead-in words and known division names cut them off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from masking.entities import Entity
from masking.recognizers.base import Candidate, Detector, Header
from masking.text import word_list

# Characters that always end a component; a name may start with one (镇明路, 县前街) but not hold one.
TERMINATORS = "省市区县旗盟镇乡村路街巷弄"
LEVELS = (
    "特别行政区 自治区 自治州 自治县 开发区 工业区 园区 新区 街道 社区 大道 大街 胡同 小区 花园 公寓 大厦 "
    "新村 家园 花苑 山庄 广场 大楼 公馆 名苑 苑 庭 府 城 园 里 湾 坊 居 阁 墅 省 市 区 县 旗 盟 镇 乡 村 路 街 巷 弄"
).split()
ROADS = "大道|大街|胡同|路|街|巷|弄"
STREET_LEVELS = ("街道", "镇", "乡")  # 街道（镇乡）: the level an address is generalised to
_NUM = r"(?:\d+|[零〇一二三四五六七八九十百两]+)"
_UNIT = r"(?:号楼|号院|号房|号|幢|栋|座|单元|楼|层|室|弄)"
# 138号, 3幢2单元501室, 5-201室, 12-1号, O座 (letters name blocks too)
DETAIL = rf"(?:(?:{_NUM}|[A-Za-z])(?:-\d+)*{_UNIT})+"
# Units that identify a dwelling; 楼/层 alone (区政府5楼) describe an office floor.
_DWELLING = re.compile(r"号|幢|栋|单元|室|弄|座")


def _name_chars() -> str:
    """Han range minus the terminators, as a regex class."""
    excluded = sorted(ord(c) for c in TERMINATORS)
    ranges, lo = [], 0x4E00
    for cp in excluded:
        if cp > lo:
            ranges.append(f"\\u{lo:04x}-\\u{cp - 1:04x}")
        lo = cp + 1
    ranges.append(f"\\u{lo:04x}-\\u9fff")
    return "[" + "".join(ranges) + "]"


@cache
def _grammar() -> re.Pattern[str]:
    """Components, then a detail, then more (estate, building, room).

    Known division names are components whole (横街镇 before 镇明路, where a name may not hold a
    terminator); after the first component a level may stand alone (横街**村**); after a detail
    an estate may have no level word (金色水岸26号楼).
    """
    chars = _name_chars()
    level = "|".join(sorted(LEVELS, key=len, reverse=True))
    known = "|".join(sorted(word_list("admin_divisions.txt"), key=len, reverse=True))
    first = f"(?:{known}|[{TERMINATORS}]?{chars}{{1,10}}(?:{level}))"
    later = f"(?:{known}|[{TERMINATORS}]?{chars}{{0,10}}(?:{level}))"
    return re.compile(f"{first}{later}*{DETAIL}(?:{later}*{chars}{{0,8}}{DETAIL})*")


class AddressDetector(Detector):
    entities = (Entity.ADDRESS,)

    def __init__(self) -> None:
        self._grammar = _grammar()
        self._detail = re.compile(DETAIL)
        self._lead_word = re.compile("|".join(sorted(word_list("address_leadin.txt"), key=len, reverse=True)))
        self._divisions = re.compile("|".join(sorted(word_list("admin_divisions.txt"), key=len, reverse=True)))
        self._road = re.compile(f"[{TERMINATORS}]?{_name_chars()}(?:{ROADS})")
        self._level = re.compile("|".join(sorted(LEVELS, key=len, reverse=True)))

    def find(self, text: str, header: Header) -> Iterator[Candidate]:
        # Most texts hold no house number: one cheap search spares the grammar.
        if self._detail.search(text) is None:
            return
        for m in self._grammar.finditer(text):
            start = self._cut_lead_in(text, m.start(), m.end())
            if start is None:
                continue
            span = text[start : m.end()]
            # A dwelling unit under a road or under two levels (村 in 镇) is an address; 某某中心5楼
            # alone may be an office, so it needs a context word (地址, 家住) to count.
            placed = self._road.search(span) is not None or len(self._level.findall(span)) >= 2
            strong = placed and _DWELLING.search(span) is not None
            yield Candidate(Entity.ADDRESS, start, m.end(), 0.8 if strong else 0.45, 0.3)

    def _cut_lead_in(self, text: str, start: int, end: int) -> int | None:
        """Start of the address once words that precede it in prose are cut off.

        A known division name starts the address; failing one, it starts after the last lead-in
        word (反映, 位于, 家住…) after which the grammar still reads an address. The cut must leave a text the grammar still reads whole.
        """
        first_level = self._level.search(text, start + 1, end)
        if first_level is None:
            return None
        division = self._divisions.search(text, start, end)
        if division is not None:
            start = division.start()
        else:
            for cut in reversed([m.end() for m in self._lead_word.finditer(text, start, first_level.end())]):
                if self._grammar.fullmatch(text, cut, end):
                    return cut
        return start if self._grammar.fullmatch(text, start, end) else None


_STREET = re.compile(r"[^省市区县旗镇乡村路街巷弄\d\W]{2,8}?(?:街道|镇|乡)")
# 小区、社区、开发区 are estates and zones, not districts.
_DISTRICT = re.compile(r"[^省市区县旗镇乡村路街巷弄\d\W]{1,8}?(?:(?<![小社发业园新])区|县)")


def street_prefix(address: str) -> str | None:
    """The address up to its street (街道/镇/乡), else up to its district; None if neither.

    A level word right after another level (海曙区**镇**明路) starts a road name, not a town.
    """
    for level in (_STREET, _DISTRICT):
        if (m := level.search(address)) is not None:
            return address[: m.end()]
    return None
