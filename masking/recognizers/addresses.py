"""Postal addresses (ADDRESS) by the grammar of Chinese administrative divisions.

An address is a chain of components — a name followed by a level word (省 市 区 县 街道 镇 乡
村 社区 路 街 巷 弄 小区 花园…) — ending in a house-level detail (138号, 3幢2单元501室, 5-201室,
新民村5组12号, 35号楼1单元804, and after an estate 布政小区3-2-501). A street (街道) alone is not
personal: the masking policies generalise addresses to exactly that level.

The chain's first name can swallow the words before it in running text (市民反映海曙区…,
现场查看镇明路…, 张华一家三口居住在郑州市…). The address starts at the leftmost division name
that begins a component — a known one (provinces, prefecture-level cities, Ningbo's districts and
streets) or a place name from jieba's dictionary before a level word (岳麓区) — but not one inside
a longer name (望|月湖街道); failing that, after the last lead-in word or verb that leaves a name
of two characters (查看|镇明路, not 解放|南路).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from masking.entities import Entity
from masking.recognizers.base import Candidate, Detector, Header
from masking.recognizers.names import lexicon
from masking.text import word_list

_HAN = re.compile("[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
# Characters that always end a component; a name may start with one (镇明路, 县前街) but not hold one.
TERMINATORS = "省市区县旗盟镇乡村路街巷弄"
LEVELS = ["特别行政区", "自治区", "自治州", "自治县", "开发区", "工业区", "工业园", "物流园", "科技园", "产业园", "园区", "新区", "街道", "社区", "大道", "大街", "胡同", "小区", "花园", "公寓", "大厦", "商厦", "新村", "家园", "花苑", "山庄", "广场", "大楼", "公馆", "名苑", "中心", "市场", "商城", "大酒店", "酒店", "宾馆", "饭店", "大院", "馆", "仓库", "厂房", "基地", "苑", "庭", "府", "城", "园", "里", "湾", "坊", "居", "阁", "墅", "期", "道", "东段", "西段", "南段", "北段", "中段", "省", "市", "区", "县", "旗", "盟", "镇", "乡", "村", "路", "街", "巷", "弄"]
ROADS = "大道|大街|胡同|路|街|巷|弄"
STREET_LEVELS = ("街道", "镇", "乡")  # 街道（镇乡）: the level an address is generalised to
# 12, 甲155, B9, 9B1161, 114A (letters name blocks and shops inside a number), 十四
_NUM = r"(?:[甲乙丙丁]?[A-Za-z]{0,2}\d+(?:[A-Za-z]\d*)?|[零〇一二三四五六七八九十百两]+)"
# What joins the numbers of building-entrance-room: 3-2-501, 16--7--426, 12一7一944 (一 for a dash).
_JOIN = r"(?:-+|一(?=\d))"
# Buildings counted, not numbered: 5幢楼, 28栋住宅 (but 3栋5楼).
_BLOCK = r"(?:幢|栋)(?!楼(?![\d一二三四五六七八九十上下])|住宅|房屋|别墅|建筑|高楼|厂房)"
# 组: a villagers' group (新民村5组12号); 段: a road's section, only before its number
# (南京东路3段248号); 座 after a count in words is a count (一座山, 二百座).
_UNIT = (
    rf"(?:号楼|号院|号房|号|{_BLOCK}|(?<![零〇一二三四五六七八九十百两])座(?=[^\u4e00-\u9fff]|[楼层单元室号东西南北一二三四五六七八九十]|$)"
    r"|单元|楼|层|室|房间|弄|组|(?<=\d)段(?=\d)|梯)"
)
# Not a room number: what follows makes the number an age, a date, an amount or a count.
_NOT_ROOM = r"(?![\d-]|[室号岁年月日个次人元天点时分秒万%期届级])"
# …and for a number with no unit after it (鹿城路333, 大酒店1442): nor a measure or a route.
_NOT_BARE = r"(?![\dA-Za-z-]|[室号岁年月日个次人元天点时分秒万%期届级米公斤克吨件台辆名位户间套平路线条块多余所家项批种类])"
# 号 that numbers no house: 3号法庭, 2号线, 1号出口, 5号窗口 (but 12号门口 is a door of a house).
_NOT_HOUSE = r"(?!(?<=号)(?:法庭|窗口|线|出口|入口|检票口|台(?!州)|厅|会议室|车道|泊位|机位|展位|柜台|床|病房|文件|令|公告|通知|选手|台风))"
# 138号, 3幢2单元501室, 5-201室, 12-1号, O座 (letters name blocks too), 79F; 1单元804: a bare
# room number after a building or entrance unit.
# 167、169号: several house numbers under one 号; 734号一70一8号: dashes between the parts.
# 8组112户: a household numbered in its villagers' group.
_PIECE = (
    rf"(?:{_NUM}|[A-Za-z]{{1,2}})(?:(?:{_JOIN}|、)\d+[A-Za-z]?)*{_UNIT}{_NOT_HOUSE}|[A-Za-z]?\d{{1,3}}[Ff](?![A-Za-z])|\d{{3,5}}房(?!\d)"
    rf"|(?<=组)\d{{1,4}}户"
)
DETAIL = (
    rf"(?:{_PIECE})(?:{_JOIN}?(?:{_PIECE}))*"
    rf"(?:(?:(?<=单元)|(?<=号楼)|(?<=[幢栋座]))\d{{3,4}}[A-Za-z]?{_NOT_ROOM}"
    # 6楼F: a zone of the floor
    rf"|(?<=[楼层])[A-Za-z](?![A-Za-z\d-])"
    # 1449号-6, 11号-11: a shop or flat under the house number; 100号之3, 12楼之3 (Taiwan)
    rf"|(?<=号)-+[A-Za-z]?\d{{1,4}}[A-Za-z]?(?![\dA-Za-z-])|(?<=[号楼])之(?:\d{{1,3}}|[一二三四五六七八九十]{{1,2}})(?![\dA-Za-z])"
    # 3号仓库, 37号商铺: a numbered warehouse, shed, workshop or shop ends the address
    rf"|(?<=号)(?:仓库|库房|厂房|车间|商铺|店面|门面))?"
)
# 布政小区3-2-501: building-entrance-room in hyphens, after an estate name.
HYPHENATED = rf"\d{{1,4}}(?:{_JOIN}\d{{1,4}}){{1,3}}{_NOT_ROOM}"
# A number with no unit, right after a place word or a unit: 鹿城路333, 泰恒国际大酒店1442,
# 7幢3539, 世贸中心6987-3, 东环钢贸城B526.
# Public service numbers are no house numbers (区人民医院120急救车, 海曙区12345热线)…
_SERVICE = r"(?!(?:110|119|120|122|95\d{3}|96\d{3}|123\d{2})(?!\d))"
# …nor is a date (办结日期2026-06-22, 日期2026/11/03).
_SERVICE += r"(?!(?:19|20)\d{2}[-/.]\d{1,2}(?!\d))"
# A shop, flat or stall code: 1442, 6987-3, B526, C-11, 96A-3, 4H1774, 10c1289, 1100-A, 12一7一944.
CODE = (
    rf"(?:[A-Za-z]{{1,3}}-?)?\d{{1,5}}(?:[A-Za-z]{{1,2}}\d{{1,5}})?[A-Za-z]?"
    rf"(?:{_JOIN}(?:[A-Za-z]{{0,2}}\d{{1,5}}[A-Za-z]?|[A-Za-z]{{1,2}}))*"
)
# 910办公室, 4564档, 37号商铺: what the code numbers.
_SHOP = "(?:办公室|档|商铺|铺)?"
BARE = rf"{_SERVICE}{CODE}{_SHOP}{_NOT_BARE}"
# After a name that is no place word, only a code that reads as a room: three digits, a letter,
# or a dash (not 宾馆2, but 大厦6987-3, 城B562); 910办公室, 4564档.
ROOM = (
    rf"{_SERVICE}(?=[A-Za-z]{{0,3}}-?\d{{3}}|[A-Za-z]{{1,3}}-?\d|\d{{1,5}}[A-Za-z]|\d{{1,4}}{_JOIN}[\dA-Za-z])"
    rf"{CODE}{_SHOP}{_NOT_BARE}"
)
ESTATES = ("小区", "花园", "新村", "家园", "花苑", "公寓", "山庄", "苑", "庭", "府", "园", "里", "湾", "坊", "居", "阁", "墅", "村")
# Units that identify a dwelling; 楼/层 alone (区政府5楼) describe an office floor.
_DWELLING = re.compile(
    r"号|幢|栋|单元|室|弄|座|\d-\d|(?:小区|花园|新村|家园|花苑|公寓|苑|居|阁|墅)\S*?\d"
    r"|(?:" + "|".join(sorted(LEVELS, key=len, reverse=True)) + r"|[楼层F])[A-Za-z]{0,2}\d{3,}[A-Za-z]?$"
    r"|(?:" + ROADS + r")\d+$"
)
# A division named in it (温州市鹿城区京龙大厦84层): a name before the level word, so not 市民中心3楼
# nor 区政府5楼, and not an estate or a community (小区, 社区, 园区).
_DIVISION = re.compile(r"[\u4e00-\u9fff](?:省|市|(?<![小社园])区|县|镇|乡|街道)")
# Two house-level units (9号楼1单元, 12幢501室, 3-2-501): a household without road or district.
_UNITS = re.compile(r"号楼|号|幢|栋|座|单元|室|房间|[楼层F](?=[A-Za-z]?\d{3,5}$)|(?<=\D)[A-Za-z]?\d{3,5}$|\d-\d+-\d+-?")
# A house alone, no place word before it: 9号楼1单元13楼166号, 12幢501室.
HOUSE = (
    rf"(?<![\dA-Za-z-])\d{{1,4}}(?:号楼|{_BLOCK}|座)(?:(?:\d{{1,3}}|[一二三四五六七八九十]{{1,3}})单元)?(?:{_NUM}(?:楼|层))?"
    rf"(?:\d{{1,5}}(?:室|号)|(?<=单元)\d{{3,4}}{_NOT_ROOM}|(?<=[楼层])\d{{3,4}}{_NOT_ROOM})?"
    # building-entrance-room (61-3-1454); not a service number (400-123-4567) or a date
    rf"|(?<![\dA-Za-z-])\d{{1,3}}{_JOIN}\d{{1,2}}{_JOIN}\d{{3,4}}{_NOT_ROOM}"
)


@cache
def known_divisions() -> tuple[str, ...]:
    """Division names that are a component by themselves: the listed ones, and the short form of
    every province and prefecture-level city, as addresses are written (浙江杭州…, 杭州五洲国际…)."""
    full = word_list("admin_divisions.txt") + word_list("cities.txt")
    short = (w[:-1] for w in full if w[-1] in "省市" and len(w) >= 3)
    return tuple(dict.fromkeys((*word_list("admin_divisions.txt"), *short)))


# Function words of a clause that no place name holds: a number after them ends a sentence, not
# an address (停车场被重复收费62).
CLAUSE_CHARS = "被了是把让但而或也就还又很已曾吗呢吧"


def _name_chars(excluded_chars: str = TERMINATORS) -> str:
    """Han range minus ``excluded_chars`` (the terminators), as a regex class."""
    excluded = sorted({ord(c) for c in excluded_chars})
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
    an estate may have no level word (金色水岸26号楼); a number with no unit counts right after a
    place word or a unit (鹿城路333, 大酒店1442, 7幢3539).
    """
    chars = _name_chars()
    plain = _name_chars(TERMINATORS + CLAUSE_CHARS)
    # Lookaheads on the first character let a position that starts no level word or known name skip
    # the long alternation at once (the same matches, a quarter less time on long text).
    level = f"(?=[{''.join(sorted({w[0] for w in LEVELS}))}])(?:" + "|".join(sorted(LEVELS, key=len, reverse=True)) + ")"
    names = known_divisions()
    known = f"(?=[{''.join(sorted({n[0] for n in names}))}])(?:" + "|".join(sorted(names, key=len, reverse=True)) + ")"
    # A name may end in a number before its level word: 西园2路, 中海国际社区1期, 北六区.
    first = f"(?:{known}|[{TERMINATORS}]?{chars}{{1,10}}(?:\\d{{1,3}})?(?:{level}))"
    later = (
        f"(?:{known}|[{TERMINATORS}]?{chars}{{0,10}}(?:{level})|(?:{chars}{{1,10}})?\\d{{1,3}}(?:{level})"
        f"|(?:{chars}{{1,10}})?[A-Za-z]\\d{{0,3}}(?:{level}))"
    )
    estate = "|".join(f"(?<={e})" for e in ESTATES)
    after_place = "|".join(f"(?<={re.escape(e)})" for e in sorted(set(LEVELS) | set(ESTATES)))
    after_unit = "(?<=[号楼院房幢栋座元层室弄组段Ff])"
    # One space may stand between the parts (温州市 鹿城区 侨中巷 31号), as in forms and exports.
    bare = f"(?:{after_place}|{after_unit}) ?{BARE}"
    # The first detail may follow a name with no level word (朱村桥784号, 上塘弋田特产场131号), and
    # so may a number that ends the address (苏家浜235, 西城国际14-13, 亿都668).
    detail = (
        f"(?: ?{chars}{{0,10}}(?:{DETAIL}|{bare})| ?{plain}{{1,10}}{END_CODE}|(?= ?\\d{{1,4}}{_JOIN}\\d)(?:{estate}) ?{HYPHENATED}|{bare})"
    )
    # After a detail, a room number may follow a building name of any kind (4号楼蔚蓝国际1041).
    room = f"(?:{ROOM}|{bare})"
    # After a detail, a dash or a space may come before the next part (联强大厦-B座, 117号 3幢).
    # A building's name may hold Latin letters (188号WFC环球金融中心32F).
    return re.compile(
        f"{first}(?: ?{later})*{detail}(?:[ -]?(?:[A-Za-z]{{2,6}})?(?:{later})*{chars}{{0,8}}[ -]?(?:{DETAIL}|{room}))*|{HOUSE}"
    )


# Where such a code ends: not inside a decimal (12.5, 49·5, 62,987), a share, a ratio or a time.
_CODE_END = r"(?![\w.%．·・/／:：-]|,\d{3})"
# A code that ends an address with no unit after a name: two digits or more, or a dash; then a
# break or the end of the text (not 12.5, 15%, nor 2026-06).
END_CODE = (
    rf" ?{_SERVICE}(?=[A-Za-z]{{0,3}}\d{{2}}|\d{{1,4}}{_JOIN}\d)(?!(?:19|20)\d\d{_JOIN})"
    rf"{CODE}{_SHOP}{_CODE_END}"
)


class AddressDetector(Detector):
    entities = (Entity.ADDRESS,)

    def __init__(self) -> None:
        self._grammar = _grammar()
        # Cheap test for a house-level detail before the grammar runs.
        # Every address holds one of these (a number and a unit, a hyphen, a number after a place
        # word): the grammar runs only in the stretch of text around them.
        last = "".join(sorted({w[-1] for w in (*LEVELS, *ESTATES)}))
        # The lookahead lets the many positions that start no alternative fail at one test.
        self._detail = re.compile(
            rf"(?=[0-9零〇一二三四五六七八九十百两A-Za-z{last}])"
            rf"(?:[0-9零〇一二三四五六七八九十百两A-Za-z]{_UNIT}|\d-\d|\d一\d|\d[Ff]|[{last}][A-Za-z]{{0,2}}\d)"
        )
        # A code that ends an address after a name (苏家浜235): a run of digits at a break, with a
        # Han character before it. Searched on its own so the scan skips to digits.
        self._end_code = re.compile(rf"\d{{2,5}}[A-Za-z]?{_CODE_END}")
        self._lead_word = re.compile("|".join(sorted(word_list("address_leadin.txt"), key=len, reverse=True)))
        divisions = known_divisions() + word_list("cities.txt")
        firsts = "".join(sorted({d[0] for d in divisions}))
        self._divisions = re.compile(f"(?=[{firsts}])(?:" + "|".join(sorted(divisions, key=len, reverse=True)) + ")")
        self._road = re.compile(f"[{TERMINATORS}]?{_name_chars()}(?:{ROADS})")
        self._level = re.compile("|".join(sorted(LEVELS, key=len, reverse=True)))
        self._division_level = re.compile("特别行政区|自治区|自治州|自治县|省|市|区|县|州|盟|旗")
        self._lead_end = re.compile("(?:" + "|".join(sorted(word_list("address_leadin.txt"), key=len, reverse=True)) + ")$")
        self._lex = lexicon()
        known = "|".join(sorted(known_divisions(), key=len, reverse=True))
        level = "|".join(sorted(LEVELS, key=len, reverse=True))
        self._first = re.compile(f"(?P<known>{known})|(?P<name>[{TERMINATORS}]?{_name_chars()}{{1,10}}?)(?:{level})")

    def find(self, text: str, header: Header) -> Iterator[Candidate]:
        # Most text holds no house number: the grammar runs only around a cheap anchor's hits.
        for lo, hi in self._regions(text):
            for m in self._grammar.finditer(text, lo, hi):
                # A house alone (9号楼1单元13楼166号) starts at its number: no words to cut.
                start = m.start() if text[m.start()].isdigit() else self._cut_lead_in(text, m.start(), m.end())
                if start is None:
                    continue
                yield Candidate(Entity.ADDRESS, start, m.end(), self._score(text[start : m.end()]), 0.3)

    def _regions(self, text: str) -> list[tuple[int, int]]:
        """Stretches around the anchors' hits, widened to the nearest break (punctuation, space):
        an address never crosses one, so the grammar finds there what it finds in the whole text."""
        n = len(text)
        out: list[tuple[int, int]] = []
        hits = [m.span() for m in self._detail.finditer(text)]
        for m in self._end_code.finditer(text):
            p = _before_code(text, m.start())
            if p >= 0 and _HAN.match(text, p):
                hits.append(m.span())
        for start, end in sorted(hits):
            lo, hi = max(0, start - REACH), min(n, end + REACH)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        return [(_break_before(text, lo), _break_after(text, hi)) for lo, hi in out]

    def _score(self, span: str) -> float:
        """0.8 for a dwelling in a place or two house-level units (9号楼1单元, 12幢501室); 0.6 for
        a floor or number on a road or after a named division (鸳鸯池西路蓝天虹10楼, 温州市鹿城区京龙
        大厦84层, 嘉善县苏家浜235) or a dwelling with one place word; else 0.45: 某某中心5楼 alone
        may be an office and needs a context word (地址, 家住) to count."""
        road = self._road.search(span) is not None
        placed = road or len(self._level.findall(span)) >= 2
        dwelling = _DWELLING.search(span) is not None
        if (placed and dwelling) or len(_UNITS.findall(span)) >= 2:
            return 0.8
        return 0.6 if road or dwelling or _DIVISION.search(span) is not None else 0.45

    def _cut_lead_in(self, text: str, start: int, end: int) -> int | None:
        """Start of the address once words that precede it in prose are cut off.

        1. The earliest division name that starts a component — a known one (海曙区, 鼓楼街道) or a
           place name from jieba's dictionary before a level word (合肥市, 岳麓区) — starts it,
           unless it sits inside a longer name (望**月湖街道**).
        2. Failing one, it starts after the last lead-in word (反映, 位于, 家住…) or verb (查看,
           居住在) that still leaves a name of two characters or more before the first level word.
        The cut must leave a text the grammar reads whole.
        """
        first_level = self._level.search(text, start + 1, end)
        if first_level is None:
            # No level word: the grammar started it at a known division name (杭州五洲国际6-2401).
            return start
        # A division named after the house number (水云街845杭州碧桂园8幢) starts no address.
        digit = _DIGIT.search(text, start, end)
        for p in self._division_starts(text, start, digit.start() if digit else end):
            if self._reads_whole(text, p, end):
                return p
        cuts = {m.end() for m in self._lead_word.finditer(text, start, first_level.end())}
        verbs = self._lex.verbs
        for i in range(start + 2, first_level.start() + 1):
            if text[i - 2 : i] in verbs or text[i - 3 : i] in verbs:
                cuts.add(i)
        for cut in sorted(cuts, reverse=True):
            m = self._first.match(text, cut, end)
            # The name left before the first level word must keep two characters (解放|南路 is no cut).
            if m is not None and (m.group("known") or len(m.group("name")) >= 2) and self._reads_whole(text, cut, end):
                return cut
        return start if self._reads_whole(text, start, end) else None

    def _reads_whole(self, text: str, start: int, end: int) -> bool:
        """Does the grammar's first reading from ``start`` end at ``end``? Not ``fullmatch``: a
        failing fullmatch tries every way to split a long chain, which backtracks without bound."""
        m = self._grammar.match(text, start, end)
        return m is not None and m.end() == end

    def _division_starts(self, text: str, start: int, end: int) -> list[int]:
        """Positions in [start, end) where a division name begins a component, leftmost first."""
        found = {m.start() for m in self._divisions.finditer(text, start, end)}
        places = self._lex.places
        for m in self._division_level.finditer(text, start + 2, end):
            q = m.start()
            for k in (4, 3, 2):
                if q - k >= start and text[q - k : q] in places:
                    found.add(q - k)
                    break
        return [p for p in sorted(found) if p == start or self._boundary(text, p)]

    def _boundary(self, text: str, p: int) -> bool:
        """Can a division name start at ``p``? Not in the middle of another name (望|月湖街道)."""
        prev = text[p - 1]
        return prev in TERMINATORS or prev in "道" or not _HAN.match(prev) or self._lead_end.search(text, max(0, p - 4), p) is not None

# Characters the grammar looks at around an anchor; an address chain is far shorter.
REACH = 80
# A single space is no break: the grammar reads one between an address's parts.
_BREAK = re.compile(r"[^\w -]")


def _before_code(text: str, start: int) -> int:
    """Position of the character before a code's digits, past up to three letters and a space."""
    i = start - 1
    while i >= 0 and start - i <= 3 and text[i].isascii() and text[i].isalpha():
        i -= 1
    return i - 1 if i >= 0 and text[i] == " " else i


def _break_before(text: str, lo: int) -> int:
    """``lo``, moved back to just after a break within REACH characters (else that far)."""
    floor = max(0, lo - REACH)
    for i in range(lo - 1, floor - 1, -1):
        if _BREAK.match(text, i):
            return i + 1
    return floor


def _break_after(text: str, hi: int) -> int:
    """``hi``, moved forward to the next break within REACH characters (else that far)."""
    m = _BREAK.search(text, hi, hi + REACH)
    return m.start() if m else min(len(text), hi + REACH)


_STREET = re.compile(r"[^省市区县旗镇乡村路街巷弄\d\W]{2,8}?(?:街道|镇|乡)")
# 小区、社区、开发区、住宅区、校区、景区、厂区、片区、二区、A区 are estates, campuses and zones, not
# districts; 自治区 is a province.
_DISTRICT = re.compile(r"[^省市区县旗镇乡村路街巷弄\d\W]{1,8}?(?:(?<![小社发业园新治宅校景厂片营库一二三四五六七八九十A-Za-z])区|县)")


# A house-level part: no prefix that an address is generalised to may hold one.
_HOUSE_MARK = re.compile(r"\d|[零〇一二三四五六七八九十百两]+(?:号|幢|栋|座|单元|楼|层|室|弄)")


def street_prefix(address: str) -> str | None:
    """The address up to its street (街道/镇/乡), else up to its district; None if neither. A cut
    that would keep a house number is no cut (迎旭路104号金乡镇…, 商贸城1区A区…: the level word
    comes after the house).

    A level word right after another level (海曙区**镇**明路) starts a road name, not a town.
    """
    for level in (_STREET, _DISTRICT):
        m = level.search(address)
        if m is None or _HOUSE_MARK.search(address, 0, m.end()):
            continue
        # A district follows a city or starts the address; elsewhere 区 names a market's or a
        # park's section (华宇商城装饰材料区), which is no level to generalise to.
        if level is _STREET or m.start() == 0 or address[m.start() - 1] in "省市州盟" or address[: m.start()] in _short_divisions():
            return address[: m.end()]
    return None


@cache
def _short_divisions() -> frozenset[str]:
    """Short division names that may stand before a district (浙江杭州, 北京…)."""
    return frozenset(known_divisions())
