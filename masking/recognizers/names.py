"""Person names (PERSON): a small generative model of Chinese names against jieba's dictionary.

Chinese text has no spaces and no capitals, and a name can stand anywhere: after any role word
(审核人, 楼长, 其父), before any verb (证实, 签字确认), at a sentence start, in a list, on a
signature line. Listing trigger words never ends, so a name is read the way a segmenter reads
one: a stretch of text is a name when *name* explains it better than ordinary words do.

- **Name model**: surname (single or compound, by frequency tier: ``surnames.txt``) followed by
  one or two given-name characters (by tier: ``given_chars.txt``; any other Han character at a
  far lower weight; never one of ``name_stop_chars.txt``).
- **Word model**: jieba's dictionary (shipped with the package, read offline) as unigram
  log-probabilities — the model jieba itself segments with. Entries that are themselves people's
  names (rare nr entries shaped like surname + given name) are left out or discounted, a lone
  surname loses the frequency it has from names split as 王/建国 in jieba's corpus, and a lone
  name-like character between words costs extra (jieba's own HMM would regroup such runs).
- Around each candidate, the best segmentation of the clause with name tokens is compared with
  the best without (a Viterbi over a dozen characters): ``高兴地说`` stays words, ``打入梁志强的``
  becomes a name, and ``王春梅补充说明`` ends the name before 补充 because 补充 is a word.
- **Context only raises or lowers the odds**: a role word or a label before (联系人：, 市民,
  anything ending in 人/员/者/长…), punctuation or a line break on either side, a verb, particle
  or honorific after; a place or organisation word after (区, 路, 公司) lowers them.
- Transliterated names (古丽娜尔·艾山, 次仁卓玛) come from a list of name parts and the middle dot.
- A whole cell under a name header (姓名) or in a column of bare names is a name when it is a
  surname + one or two characters ("张　伟" with a padding space included) or a transliterated name.

The model runs only where a surname is followed by a plausible given-name character, or right
after a label or role word (character-class searches), and only on the Han characters around it;
a hotline record costs ~25 µs on average.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from masking.entities import Entity
from masking.recognizers.base import Candidate, Detector, Header
from masking.text import resource_text, word_list

_HAN_RE = re.compile("[\u4e00-\u9fff]")
# Personal-name tags in jieba's dictionary.
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
_FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "y", "e", "o", "m", "q", "f"})
_VERB_TAGS = frozenset({"v", "vn", "vd", "vi", "d", "p", "c"})
_BEFORE_TAGS = frozenset({"v", "vd", "p", "c"})
_AFTER_TAGS = frozenset({"v", "vd", "vi", "d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "m"})
HONORIFICS = frozenset(
    "先生 女士 同志 师傅 老师 阿姨 大爷 大妈 老伯 小姐 某某 老板 老板娘 总 工 医生 护士 大夫 律师 法官 警官 民警 "
    "交警 教授 博士 会计 主任 书记 经理 总经理 董事长 主席 委员 代表 科长 局长 处长 所长 站长 队长 区长 县长 市长 "
    "镇长 乡长 村长 院长 校长 厂长 部长 组长 班长 会长 社长 行长 馆长 老人 老太 奶奶 爷爷 叔叔 伯伯 婆婆 夫妇".split()
)
MIDDLE_DOTS = "·•‧・."

# ---- model constants (log-probabilities and context weights) ----
NAME_PRIOR = math.log(0.006)  # a name token among the tokens of service records
GIVEN_LENGTH = {1: math.log(0.25), 2: math.log(0.75)}
SURNAME_TIER = {1: math.log(0.04), 2: math.log(0.008), 3: math.log(0.002), 4: math.log(0.0004), 5: math.log(0.00006), 6: math.log(0.00002)}
GIVEN_TIER = {1: math.log(0.004), 2: math.log(0.001), 3: math.log(0.0002)}
GIVEN_OTHER = math.log(0.000003)
GIVEN_NAME = math.log(0.0005)  # one listed two-character given name (建国, 秀英)
MAX_TEXT_TIER = 5  # tier-6 surnames (时 国 有 …) only in name columns and after a label
SURNAME_SINGLE_DISCOUNT = math.log(1 / 50)  # a lone surname token in jieba's corpus is mostly a split name
# jieba tags many ordinary words nr (温馨, 祝福, 黎明) besides people (李成, 刘翔, 王晓东). An nr
# entry that looks like a name keeps a tenth of its frequency if it has two characters, and is
# dropped if it has three or four (those are nearly all people); very common ones stay whole.
NAME_WORD_MAX_FREQ = 1000
NAME_WORD_DISCOUNT = math.log(1 / 10)
LOCAL_PLACE_FREQ = 2000
SINGLE_NAMELIKE = -2.0  # a lone surname or given-name character as a word of its own

L_EDGE = 1.0  # punctuation, a line break or the start of the text before the name
L_COLON = 2.0  # 随访：, 困难家庭： (a colon after a word that is no label)
L_SOFT = 0.4  # a digit or Latin letter before
L_ROLE = 3.0  # 市民, 审核人, 楼长, 其父 …
L_VERB = 0.8  # a verb, preposition or conjunction before (打入, 联系, 由, 与, 给)
L_LABEL = 5.0  # 联系人：, 审核人： (a label and a colon)
L_NAME_LABEL = 9.0  # 姓名：, 名叫 — it says a name follows
R_EDGE = 1.0
R_SOFT = 0.4
R_FOLLOW = 2.5  # 反映, 称, 的, 等 …
R_VERB = 0.8  # any verb, adverb, particle or numeral word after (证实, 拒绝, 一家, 持有)
R_HONORIFIC = 4.0
R_PLACE = -12.0  # 区 县 路 街 公司 … after the name, or after one more character (李惠|利医院)
R_PLACE_WEAK = -4.0  # 站 场 处 所 …: also "at someone's" (在李明处)
NOT_FINAL = frozenset("家子小阿老大")  # open names (家豪, 小军) but seldom end them: 冯家, 王子
# …and these end place names far more often than people's: 翁家桥, 李家村, 石浦, 沈家湾
PLACE_FINAL = frozenset("桥村庄湾巷弄港岭坞墩浦塘埠渡堰岙泾垟畈寨屯铺圩庙寺")
R_NOT_FINAL = -1.5
LIST_SEP = "、，,/和与及跟同"
LIST_ANCHOR = 0.5  # the score a name needs to vouch for its neighbours
L_LIST = 3.5  # a separator (、，和) right after or before a name already found
LINE = 1.5  # the name is the whole line (a signature)
BOTH = 1.5  # a role word or label before and a reporting verb or honorific after
MARGIN_AT_THRESHOLD = 2.0  # log-odds a name must win by to be reported at the default threshold
MARGIN_SCALE = 0.05  # score per unit of log-odds above that
SCORE_FLOOR = 0.3
WINDOW = 4  # characters of context each side that the comparison looks at
MAX_WORD = 4

PUNCT = set("，。；：！？、,.;:!?()（）[]【】《》<>“”\"'‘’/\\|—-~…\n\r\t ")
ROLE_SUFFIX = set("人员者长主东方师生工警官姐哥叔姨父母子女儿妻夫爷奶孙媳弟妹嫂")
PLACE_AFTER = (
    "区 县 市 镇 乡 村 路 街 巷 弄 道 省 州 湾 桥 港 社区 小区 新村 花园 家园 公寓 大厦 大楼 广场 公司 集团 银行 "
    "医院 学校 小学 中学 大学 学院 酒店 宾馆 超市 市场 商场 中心 大道 大街 物业 有限 股份 贸易 科技 实业 工作室 "
    "门店 分店 幼儿园 卫生院 纪念馆 博物馆 体育馆 图书馆 公园 景区 车站 码头 机场 工业园 开发区 大桥 水库"
).split()
# 宁波海曙金瑞贸易有限公司: a brand (金瑞) one or two characters before these is a firm's name.
ORG_AFTER = (
    "有限公司 公司 集团 股份 科技 实业 贸易 商贸 商行 工作室 物业 置业 地产 建设 建筑 工程 电器 电子 家具 餐饮 "
    "装饰 服饰 百货 药房 药店 酒店 宾馆 超市 茶楼 酒楼 饭店 商店 门市部 经营部 加工厂 汽修 汽车 广场 花园 小区 大厦"
).split()
PLACE_AFTER_WEAK = "城 站 场 园 苑 庄 屯 店 厂 所 馆 局 委 办 队 处 科 部 江 河 湖 山".split()


@dataclass(frozen=True)
class Lexicon:
    surname_tier: dict[str, int]
    given_tier: dict[str, int]
    stop: frozenset[str]
    words: dict[str, float]  # the word model: log-probability of each dictionary word, 1–4 chars
    function: frozenset[str]  # single characters tagged as particles, prepositions, pronouns…
    before: frozenset[str]  # words a name often follows (verbs, prepositions, conjunctions)
    after: frozenset[str]  # words a name often precedes (verbs, adverbs, particles, numerals)
    places: frozenset[str]  # place names (ns): 合肥, 岳麓, 洪山 — for addresses
    verbs: frozenset[str]  # verbs and adverbs of two or more characters (查看, 核实) — for addresses
    given_names: frozenset[str]  # common two-character given names (建国, 秀英)
    prefixes: frozenset[str]  # proper prefixes (2+ characters) of longer words: ends a lookup early
    unknown: float  # log-probability of a character jieba does not list


def _tiered(name: str, section: str = "") -> dict[str, int]:
    """``[N] a b c`` lines of a resource file → {word: N}, the first (lowest) tier kept; with
    ``section``, the words of a named section (``[names] …``) instead, all as tier 0."""
    out: dict[str, int] = {}
    tier: int | str = 0
    for line in resource_text(name).splitlines():
        if line.startswith("#"):
            continue
        for token in line.split():
            if token.startswith("[") and token.endswith("]"):
                tier = int(token[1:-1]) if token[1:-1].isdigit() else token[1:-1]
            elif (tier == section) if section else isinstance(tier, int):
                out.setdefault(token, tier if isinstance(tier, int) else 0)
    return out


@cache
def surnames() -> tuple[str, ...]:
    return tuple(_tiered("surnames.txt"))


@cache
def lexicon() -> Lexicon:
    """Name tiers and jieba's dictionary as the word model (read once per process, ~0.4 s)."""
    import jieba  # imported here: only scans need it

    surname_tier = _tiered("surnames.txt")
    given_tier = _tiered("given_chars.txt")
    given_names = frozenset(_tiered("given_chars.txt", "names"))
    stop = frozenset(word_list("name_stop_chars.txt"))
    entries: list[tuple[str, int, str]] = []
    total = 0
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split(" ")
            n = int(freq)
            total += n
            if len(word) <= MAX_WORD and n > 0:
                entries.append((word, n, tag.rstrip()))
    log_total = math.log(total)
    words: dict[str, float] = {}
    before: set[str] = set()
    after: set[str] = set()
    function: set[str] = set()
    places: set[str] = set()
    verbs: set[str] = set()
    for word, n, tag in entries:
        logp = math.log(n) - log_total
        if len(word) == 2 and surname_tier.get(word, 9) <= 3:  # 欧阳, 司徒 (tagged ns, n): surnames here
            logp += SURNAME_SINGLE_DISCOUNT
        elif tag in _NAME_TAGS:
            if word in surname_tier:  # 王, 欧阳: a lone surname token is mostly a name split in two
                logp += SURNAME_SINGLE_DISCOUNT
            elif n < NAME_WORD_MAX_FREQ and _looks_like_name(word, surname_tier, given_tier, stop):
                if len(word) > 2:
                    continue
                logp += NAME_WORD_DISCOUNT
        elif len(word) == 2 and word in given_names:
            logp += NAME_WORD_DISCOUNT  # 建国, 海军: as often a given name as the word
        words[word] = logp
        if tag == "ns" and len(word) >= 2 and n >= 3:
            places.add(word)
        if tag in _VERB_TAGS and len(word) >= 2 and n >= 20:
            verbs.add(word)
        if len(word) == 1 and tag in _FUNCTION_TAGS:
            function.add(word)
        if n >= 20:
            if tag in _BEFORE_TAGS:
                before.add(word)
            if tag in _AFTER_TAGS and (len(word) > 1 or tag != "m"):
                after.add(word)
    # Local divisions (海曙, 鄞州, 段塘) are words that jieba does not know.
    local = math.log(LOCAL_PLACE_FREQ) - log_total
    for division in word_list("admin_divisions.txt"):
        for name in (division, re.sub("(?:街道|镇|乡|区|县|市|省|自治区)$", "", division)):
            if 2 <= len(name) <= MAX_WORD:
                words[name] = max(words.get(name, local), local)
    prefixes = frozenset(w[:k] for w in words if len(w) > 2 for k in range(2, len(w)))
    return Lexicon(
        surname_tier,
        given_tier,
        stop,
        words,
        frozenset(function),
        frozenset(before),
        frozenset(after),
        frozenset(places),
        frozenset(verbs),
        given_names,
        prefixes,
        -log_total,
    )


def _looks_like_name(word: str, surname_tier: dict[str, int], given_tier: dict[str, int], stop: frozenset[str]) -> bool:
    """An nr entry that is a person's name: surname + given characters, or a given name alone.
    Three characters after a surname are taken for a name whatever they are (尉迟敬, 王琦瑶)."""
    for sur in (word[:2], word[:1]):
        if surname_tier.get(sur, 9) <= MAX_TEXT_TIER:
            given = word[len(sur) :]
            if len(word) in (3, 4) and 1 <= len(given) <= 2 and not any(c in stop for c in given):
                return True
            if 1 <= len(given) <= 2 and all(c in given_tier for c in given):
                return True
    return len(word) == 2 and all(c in given_tier and given_tier[c] <= 2 for c in word)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class NameDetector(Detector):
    entities = (Entity.PERSON,)

    def __init__(self) -> None:
        t = lexicon()
        self._t = t
        self._words = t.words
        text_surnames = [s for s, tier in t.surname_tier.items() if tier <= MAX_TEXT_TIER]
        all_surnames = list(t.surname_tier)
        han_given = "".join(sorted(c for c in t.given_tier if c not in t.stop))
        firsts = "".join(sorted({s[0] for s in text_surnames}))
        seconds = "".join(sorted({s[1] for s in text_surnames if len(s) == 2}))
        # Where the model is worth running: a surname, then a plausible given-name character. Two
        # character classes are ten times faster than the alternation; _starts checks the rest.
        self._trigger = re.compile(f"[{firsts}](?=[{han_given}{seconds}])")
        self._given_chars = frozenset(han_given)
        self._text_surname_set = frozenset(text_surnames)
        self._surname_at = re.compile(_alternation(all_surnames))
        context = word_list("name_context.txt")
        roles = "".join(sorted(ROLE_SUFFIX))
        # 姓名：, 联系人：, 审核人：, 受让方： (any word ending in a role character, then a colon)
        self._labels = re.compile(
            f"(?:(?:{_alternation(w for w in context if w not in ('叫', '名叫'))})|[\u4e00-\u9fff][{roles}])[:：]\\s*$|(?:名叫|叫做|姓名为|名字叫)$"
        )
        # 姓名：, 名字叫: whatever follows is a name, even an ordinary word (姓名：时光).
        self._name_labels = re.compile("(?:姓名|名字|名称|户主|联系人|name)[:：为是]?\\s*$|(?:名叫|叫做|名字叫)$", re.IGNORECASE)
        # Where a label or role word may end (its last character, or a colon) right before a surname:
        # character classes only, so the search is cheap; the model weighs the context itself.
        ends = "".join(sorted(set(roles) | {w[-1] for w in context}))
        sur_firsts = "".join(sorted({s[0] for s in all_surnames}))
        self._label_any = re.compile(f"(?:(?<=[\u4e00-\u9fff])[{ends}]|[:：])\\s*(?=[{sur_firsts}])")
        self._context_end = re.compile(f"(?:{_alternation(context)})$")
        # First or last characters of the words these regexes look for: a set lookup skips most calls.
        self._context_last = frozenset(w[-1] for w in context)
        self._label_last = frozenset(":： \t叫做为是名字称主人eE")
        self._right_firsts = frozenset(
            w[0] for w in (*HONORIFICS, *PLACE_AFTER, *PLACE_AFTER_WEAK, *word_list("name_follow.txt"))
        )
        self._follow = re.compile(_alternation(word_list("name_follow.txt")))
        self._honorific = re.compile(_alternation(HONORIFICS))
        self._place = re.compile(_alternation(PLACE_AFTER))
        self._place_weak = re.compile(_alternation(PLACE_AFTER_WEAK))
        self._org = re.compile(_alternation(ORG_AFTER))
        self._firm = re.compile("有限责任公司|有限公司|股份公司|公司|集团|商行|经营部|工作室|事务所|合作社|门市部|加工厂|分店|专卖店")
        divisions = word_list("admin_divisions.txt") + word_list("cities.txt")
        self._place_words = t.places | frozenset(divisions) | frozenset(
            re.sub("(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|街道|地区|省|市|区|县|州|镇|乡)$", "", d) for d in divisions
        )
        # Characters that, standing alone between words, are more likely part of a name jieba does
        # not know (its own HMM regroups such runs): surnames and common given-name characters.
        self._namelike = frozenset(
            c
            for c, tier in [*((s, tier - 2) for s, tier in t.surname_tier.items()), *t.given_tier.items()]
            if len(c) == 1 and tier <= 2 and c not in t.function
        )
        parts, chars = _minority()
        # A leading character class lets the regex engine skip ahead to where a part can start.
        firsts = "".join(sorted({p[0] for p in parts}))
        self._minority_run = re.compile(f"(?=[{firsts}])(?:{_alternation(parts)}){{2,4}}")
        self._minority_part = re.compile(f"(?<![\u4e00-\u9fff])(?=[{firsts}])(?:{_alternation(parts)})|(?<=[人员者民主属]|[:：])(?=[{firsts}])(?:{_alternation(parts)})")
        mc = "".join(sorted(chars))
        self._dotted = re.compile(f"[{mc}]{{2,8}}(?:\\s?[{re.escape(MIDDLE_DOTS)}]\\s?[{mc}]{{2,8}}){{1,2}}")
        self._whole = re.compile(f"\\s*(?P<name>(?:{_alternation(all_surnames)})[ \u3000]?[\u4e00-\u9fff]{{1,2}})\\s*")
        self._cache: dict[str, tuple[tuple[int, int, float], ...]] = {}
        common = math.log(100) + t.unknown
        self._common = frozenset(w for w, p in t.words.items() if 2 <= len(w) <= 3 and p >= common)

    # ---- whole cells ----

    def is_whole_name(self, cell: str) -> bool:
        """True if the cell is just a name (张伟, 欧阳娜娜, 张　伟, 次仁卓玛): finds name columns.

        Without a header to vouch for it, a cell that is an ordinary word (高兴, 安全) is no name.
        """
        found = self._whole_name(cell)
        return found is not None and cell[found[0] : found[1]] not in self._common

    def _whole_name(self, cell: str) -> tuple[int, int] | None:
        m = self._whole.fullmatch(cell)
        if m is not None:
            name = m.group("name").replace(" ", "").replace("\u3000", "")
            sur = self._surname_at.match(name)
            given = name[sur.end() :] if sur else ""
            if given and not any(c in self._t.stop for c in given) and name not in HONORIFICS and given not in HONORIFICS:
                return m.start("name"), m.end("name")
        stripped = cell.strip()
        if stripped and (self._dotted.fullmatch(stripped) or self._minority_run.fullmatch(stripped)):
            start = cell.index(stripped[0])
            return start, start + len(stripped)
        return None

    # ---- free text ----

    def find(self, text: str, header: Header) -> Iterator[Candidate]:
        if Entity.PERSON in header.entities and (whole := self._whole_name(text)) is not None:
            yield Candidate(Entity.PERSON, whole[0], whole[1], 0.5, 0.4)
            return
        found: list[tuple[int, int, float]] = []
        for m in self._dotted.finditer(text):
            found.append((m.start(), m.end(), 0.8))
        for m in self._minority_run.finditer(text):
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), 0.7))
        # One part alone (巴特尔, 巴图) only where the context marks a person: 信访人巴特尔，
        for m in self._minority_part.finditer(text):
            s, e = m.start(), m.end()
            if any(a < e and s < b for a, b, _ in found):
                continue
            left, right = self._left(text, s, self._label_before(text, s)), self._right(text, e, s)
            if (left >= L_COLON and right >= R_EDGE) or (left >= L_EDGE and right >= R_FOLLOW):
                found.append((s, e, 0.6))
        found.extend(f for f in self._names(text) if not any(a < f[1] and f[0] < b for a, b, _ in found))
        for start, end, score in found:
            yield Candidate(Entity.PERSON, start, end, score, 0.0)

    def _starts(self, text: str) -> list[int]:
        out = []
        sur, given, stop, n = self._text_surname_set, self._given_chars, self._t.stop, len(text)
        for m in self._trigger.finditer(text):
            s = m.start()
            # A compound surname (尉迟, 欧阳) is rare enough as anything else to take any character after it.
            if (text[s] in sur and text[s + 1] in given) or (s + 2 < n and text[s : s + 2] in sur and text[s + 2] not in stop):
                out.append(s)
        return out

    def _names(self, text: str) -> list[tuple[int, int, float]]:
        starts = self._starts(text)
        # After a label (姓名：, 联系人, 信访人, 其父) even a rare given name is worth a look.
        for m in self._label_any.finditer(text):
            if self._surname_at.match(text, m.end()) and m.end() not in starts:
                starts.append(m.end())
        if not starts:
            return []
        found = self._decode_all(text, sorted(starts), frozenset(), frozenset())
        # 张伟、李娜和王芳: a name next to a confident one across a separator is a list item.
        for _ in range(3):
            sure = [f for f in found if f[2] >= LIST_ANCHOR]
            more, ends = self._list_neighbours(text, sure)
            if not more:
                break
            new = [f for f in self._decode_all(text, sorted(more), frozenset(more), frozenset(ends)) if not _overlaps(f, sure)]
            new = [f for f in new if all(f[2] > g[2] for g in found if _overlaps(f, [g]))]
            if not new:
                break
            found = [g for g in found if not _overlaps(g, new)] + new
        return found

    def _list_neighbours(self, text: str, found: list[tuple[int, int, float]]) -> tuple[set[int], set[int]]:
        starts: set[int] = set()
        ends: set[int] = set()
        n = len(text)
        for a, b, _ in found:
            c = b + 1
            if b < n and text[b] in LIST_SEP:
                while c < n and text[c] == " ":
                    c += 1
                if c < n and self._surname_at.match(text, c) and not _covered(c, found):
                    starts.add(c)
            i = a - 1
            if i > 0 and text[i] in LIST_SEP:
                for k in (2, 3, 4):
                    s = i - k
                    if s >= 0 and self._surname_at.match(text, s) and all(_HAN_RE.match(ch) for ch in text[s:i]) and not _covered(s, found):
                        starts.add(s)
                        ends.add(i)
        return starts, ends

    def _decode_all(self, text: str, starts: list[int], list_starts: frozenset[int], list_ends: frozenset[int]) -> list[tuple[int, int, float]]:
        """Group candidates into regions (the run of Han characters around them, WINDOW either
        side) and decode each."""
        out: list[tuple[int, int, float]] = []
        i = 0
        while i < len(starts):
            lo, hi = self._han_run(text, starts[i])
            lo = max(lo, starts[i] - WINDOW)
            j = i + 1
            while j < len(starts) and starts[j] < hi and starts[j] - WINDOW <= starts[j - 1] + 4 + WINDOW:
                j += 1
            hi = min(hi, starts[j - 1] + 4 + WINDOW)
            out.extend(self._region(text, lo, hi, starts[i:j], list_starts, list_ends))
            i = j
        return out

    @staticmethod
    def _han_run(text: str, first: int) -> tuple[int, int]:
        """The stretch of Han characters around ``first``."""
        a = first
        while a > 0 and "\u4e00" <= text[a - 1] <= "\u9fff":
            a -= 1
        b = first
        n = len(text)
        while b < n and "\u4e00" <= text[b] <= "\u9fff":
            b += 1
        return a, b

    def _region(self, text: str, lo: int, hi: int, starts: list[int], list_starts, list_ends) -> list[tuple[int, int, float]]:
        """Decoded names of one region, cached by everything the decoding reads: the text from 8
        characters before to 16 after, whether that reaches the end, and the candidates."""
        a, b = max(0, lo - 8), min(len(text), hi + 16)
        key = (
            f"{text[a:b]}|{lo - a}|{hi - lo}|{b == len(text)}|{[s - lo for s in starts]}|"
            f"{sorted(s - lo for s in list_starts if a <= s < b)}|{sorted(e - lo for e in list_ends if a <= e < b)}"
        )
        hit = self._cache.get(key)
        if hit is None:
            hit = tuple((s - lo, e - lo, score) for s, e, score in self._decode(text, lo, hi, starts, list_starts, list_ends))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = hit
        return [(lo + s, lo + e, score) for s, e, score in hit]

    def _decode(self, text: str, lo: int, hi: int, starts: list[int], list_starts, list_ends) -> Iterator[tuple[int, int, float]]:
        names: dict[int, list[tuple[int, float]]] = {}
        for s in starts:
            if s < lo or s >= hi:
                continue
            for end, w in self._name_edges(text, s, hi, L_LIST if s in list_starts else 0.0):
                if end in list_ends:
                    w += L_LIST
                names.setdefault(s - lo, []).append((end - lo, w))
        if not names:
            return
        words = self._words
        unknown = self._t.unknown
        namelike = self._namelike
        prefixes = self._t.prefixes
        n = hi - lo
        # One forward pass for both readings: with name tokens (best, back) and words only (plain).
        inf = -math.inf
        best = [inf] * (n + 1)
        plain = [inf] * (n + 1)
        best[0] = plain[0] = 0.0
        back: list = [None] * (n + 1)
        word_edges: list[list[tuple[int, float]]] = []
        get = words.get
        for i in range(n):
            a = lo + i
            c = text[a]
            out = [(i + 1, get(c, unknown) + (SINGLE_NAMELIKE if c in namelike else 0.0))]
            k = 2
            last = n - i if n - i < MAX_WORD else MAX_WORD
            while k <= last:
                frag = text[a : a + k]
                w = get(frag)
                if w is not None:
                    out.append((i + k, w))
                if frag not in prefixes:
                    break
                k += 1
            word_edges.append(out)
            here, here_plain = best[i], plain[i]
            for j, w in out:
                v = here + w
                if v > best[j]:
                    best[j] = v
                    back[j] = (i, False)
                v = here_plain + w
                if v > plain[j]:
                    plain[j] = v
            for j, w in names.get(i, ()):
                v = here + w
                if v > best[j]:
                    best[j] = v
                    back[j] = (i, True)
        pos = n
        path: list[tuple[int, int]] = []
        while pos > 0:
            start, is_name = back[pos]
            if is_name:
                path.append((start, pos))
            pos = start
        for start, end in path:
            # What the name wins over the best reading without a name on its characters.
            if len(path) == 1:
                without = plain[n]
            else:
                edges = [[(j, w, False) for j, w in out] + [(j, w, True) for j, w in names.get(i, ())] for i, out in enumerate(word_edges)]
                without, _ = self._viterbi(edges, n, (start, end))
            score = 0.5 + (best[n] - without - MARGIN_AT_THRESHOLD) * MARGIN_SCALE
            if score > SCORE_FLOOR:
                yield lo + start, lo + end, round(min(score, 0.99), 2)

    @staticmethod
    def _viterbi(edges, n: int, banned: tuple[int, int] | None) -> tuple[float, list]:
        best = [-math.inf] * (n + 1)
        best[0] = 0.0
        back: list = [None] * (n + 1)
        for i in range(n):
            here = best[i]
            if here == -math.inf:
                continue
            for end, w, is_name in edges[i]:
                if is_name and banned is not None and i < banned[1] and end > banned[0]:
                    continue
                v = here + w
                if v > best[end]:
                    best[end] = v
                    back[end] = (i, w, is_name)
        return best[n], back

    def _name_edges(self, text: str, s: int, hi: int, extra: float = 0.0) -> Iterator[tuple[int, float]]:
        """Name tokens starting at ``s``: surname + 1–2 given characters, with their weights."""
        t = self._t
        if self._brand(text, s):
            return
        label = self._label_before(text, s)
        left = self._left(text, s, label) + extra
        for sur in (text[s : s + 2], text[s]):
            tier = t.surname_tier.get(sur)
            if tier is None or (tier > MAX_TEXT_TIER and not label and not extra):
                continue
            g0 = s + len(sur)
            weight = NAME_PRIOR + SURNAME_TIER[tier]
            # 李惠利医院: a place or organisation word after one more name-like character makes the
            # short name doubtful too (but not 杨帆称公司…, 王磊的银行卡).
            m = self._place.match(text, g0 + 2) if g0 + 2 < len(text) and text[g0 + 1] in self._given_chars else None
            place_on = m is not None and len(m.group()) > 1 and not self._honorific.match(text, g0 + 2)
            for k in (1, 2):
                end = g0 + k
                if end > hi:
                    break
                c = text[end - 1]
                if c in t.stop:
                    break
                weight += GIVEN_TIER.get(t.given_tier.get(c, 0), GIVEN_OTHER)
                given = text[g0:end]
                if k == 2 and given in t.given_names:
                    weight = max(weight, NAME_PRIOR + SURNAME_TIER[tier] + GIVEN_NAME)
                if given in HONORIFICS or text[s:end] in HONORIFICS:
                    continue
                right = R_PLACE if (place_on and k == 1) or self._org_after(text, end) else self._right(text, end, s)
                if right <= R_PLACE:
                    continue  # 李惠利医院, 万达广场: an organisation or a place, not a person
                final = R_NOT_FINAL if c in NOT_FINAL else R_PLACE_WEAK if c in PLACE_FINAL else 0.0
                # 市民徐海来电: a role word before and a reporting verb after leave little doubt.
                both = BOTH if left >= L_ROLE and right >= R_FOLLOW else 0.0
                yield end, weight + GIVEN_LENGTH[k] + left + right + final + both

    def _brand(self, text: str, s: int) -> bool:
        """宁波金鹰汽车服务有限公司: after a place name and before a firm's suffix, a name is a brand."""
        places = self._place_words
        if not any(text[s - k : s] in places for k in (2, 3, 4) if k <= s):
            return False
        m = self._firm.search(text, s + 2, s + 16)
        return m is not None and all("\u4e00" <= ch <= "\u9fff" for ch in text[s : m.start()])

    def _org_after(self, text: str, end: int) -> bool:
        """A firm's name goes on: one or two more name-like characters, then 贸易/公司/…."""
        given = self._t.given_tier
        if self._org.match(text, end):
            return True
        for d in (1, 2):
            if end + d >= len(text) or text[end + d - 1] not in given:
                return False
            if self._org.match(text, end + d):
                return True
        return False

    def _label_before(self, text: str, s: int) -> float:
        """L_NAME_LABEL after 姓名：, L_LABEL after another label and a colon, else 0."""
        if not s or text[s - 1] not in self._label_last:
            return 0.0
        lo = max(0, s - 8)
        if self._name_labels.search(text, lo, s):
            return L_NAME_LABEL
        return L_LABEL if self._labels.search(text, lo, s) else 0.0

    def _left(self, text: str, s: int, label: float) -> float:
        if label:
            return label
        if s == 0:
            return L_EDGE
        prev = text[s - 1]
        if prev in PUNCT:
            return L_COLON if prev in ":：" else L_EDGE + (LINE if prev == "\n" else 0.0)
        if not _HAN_RE.match(prev):
            return L_SOFT
        # 审核人, 楼长, 受让方: a word ending in a role character — unless it is a verb (施工, 发生, 延长).
        if prev in ROLE_SUFFIX and s >= 2 and "\u4e00" <= text[s - 2] <= "\u9fff" and text[s - 2 : s] not in self._t.verbs:
            return L_ROLE
        if prev in self._context_last and self._context_end.search(text, max(0, s - 6), s):
            return L_ROLE
        before = self._t.before
        if any(text[s - k : s] in before for k in (2, 1, 3) if k <= s):
            return L_VERB
        return 0.0

    def _right(self, text: str, end: int, s: int) -> float:
        if end >= len(text):
            return R_EDGE + (LINE if s == 0 or text[s - 1] == "\n" else 0.0)
        nxt = text[end]
        if nxt in PUNCT:
            return R_EDGE + (LINE if nxt == "\n" and (s == 0 or text[s - 1] in "\n:：") else 0.0)
        if not "\u4e00" <= nxt <= "\u9fff":
            return R_SOFT
        firsts = self._right_firsts
        if nxt in firsts:
            if self._honorific.match(text, end):
                return R_HONORIFIC
            m = self._place.match(text, end)
            # 区 路 道 … but not where they start a verb (王伟道歉, 张华路过)
            if m is not None and (len(m.group()) > 1 or not any(text[end : end + k] in self._t.after for k in (2, 3))):
                return R_PLACE
            # 处, 所, 办 alone (在李明处, 张华所) are places; starting a word (所述, 办理, 处理) they are not.
            if self._place_weak.match(text, end) and not any(text[end : end + k] in self._words for k in (2, 3)):
                return R_PLACE_WEAK
            if self._follow.match(text, end):
                return R_FOLLOW
        after = self._t.after
        if any(text[end : end + k] in after for k in (2, 1, 3, 4)):
            return R_VERB
        return 0.0


def _overlaps(span: tuple[int, int, float], found: list[tuple[int, int, float]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b, _ in found)


def _covered(pos: int, found: list[tuple[int, int, float]]) -> bool:
    return any(a <= pos < b for a, b, _ in found)


@cache
def _minority() -> tuple[tuple[str, ...], frozenset[str]]:
    parts: list[str] = []
    chars: set[str] = set()
    section = ""
    for line in resource_text("minority_names.txt").splitlines():
        if line.startswith("#"):
            continue
        for token in line.split():
            if token.startswith("["):
                section = token
            elif section == "[parts]":
                parts.append(token)
            else:
                chars.add(token)
    chars.update(c for p in parts for c in p)
    return tuple(dict.fromkeys(parts)), frozenset(chars)
