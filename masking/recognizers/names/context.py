"""The text around a candidate name: context only raises or lowers the odds of the name reading.

A role word or a label before (联系人：, 市民, anything ending in 人/员/者/长…), punctuation or a
line break on either side, a verb, particle or honorific after raise them; a place or
organisation word after (区, 路, 公司) lowers them, and a brand between a place name and a firm's
suffix (宁波金鹰汽车服务有限公司) is no name at all. Names in a list (张伟、李娜和王芳) vouch for
their neighbours across the separator. Weights are log-odds, added to the name model's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from masking.recognizers.names.lexicon import Lexicon, alternation, surname_regex
from masking.text import word_list

_HAN_RE = re.compile("[\u4e00-\u9fff]")

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
LIST_SEP = "、，,/和与及跟同"
L_LIST = 3.5  # a separator (、，和) right after or before a name already found
LINE = 1.5  # the name is the whole line (a signature)
BOTH = 1.5  # a role word or label before and a reporting verb or honorific after

PUNCT = set("，。；：！？、,.;:!?()（）[]【】《》<>“”\"'‘’/\\|—-~…\n\r\t ")
ROLE_SUFFIX = set("人员者长主东方师生工警官姐哥叔姨父母子女儿妻夫爷奶孙媳弟妹嫂")
HONORIFICS = frozenset(
    ["先生", "女士", "同志", "师傅", "老师", "阿姨", "大爷", "大妈", "老伯", "小姐", "某某", "老板", "老板娘", "总", "工", "医生", "护士", "大夫", "律师", "法官", "警官", "民警", "交警", "教授", "博士", "会计", "主任", "书记", "经理", "总经理", "董事长", "主席", "委员", "代表", "科长", "局长", "处长", "所长", "站长", "队长", "区长", "县长", "市长", "镇长", "乡长", "村长", "院长", "校长", "厂长", "部长", "组长", "班长", "会长", "社长", "行长", "馆长", "老人", "老太", "奶奶", "爷爷", "叔叔", "伯伯", "婆婆", "夫妇"]
)
PLACE_AFTER = ["区", "县", "市", "镇", "乡", "村", "路", "街", "巷", "弄", "道", "省", "州", "湾", "桥", "港", "社区", "小区", "新村", "花园", "家园", "公寓", "大厦", "大楼", "广场", "公司", "集团", "银行", "医院", "学校", "小学", "中学", "大学", "学院", "酒店", "宾馆", "超市", "市场", "商场", "中心", "大道", "大街", "物业", "有限", "股份", "贸易", "科技", "实业", "工作室", "门店", "分店", "幼儿园", "卫生院", "纪念馆", "博物馆", "体育馆", "图书馆", "公园", "景区", "车站", "码头", "机场", "工业园", "开发区", "大桥", "水库"]
# 宁波海曙金瑞贸易有限公司: a brand (金瑞) one or two characters before these is a firm's name.
ORG_AFTER = ["有限公司", "公司", "集团", "股份", "科技", "实业", "贸易", "商贸", "商行", "工作室", "物业", "置业", "地产", "建设", "建筑", "工程", "电器", "电子", "家具", "餐饮", "装饰", "服饰", "百货", "药房", "药店", "酒店", "宾馆", "超市", "茶楼", "酒楼", "饭店", "商店", "门市部", "经营部", "加工厂", "汽修", "汽车", "广场", "花园", "小区", "大厦"]
PLACE_AFTER_WEAK = ["城", "站", "场", "园", "苑", "庄", "屯", "店", "厂", "所", "馆", "局", "委", "办", "队", "处", "科", "部", "江", "河", "湖", "山"]
_FIRM = re.compile("有限责任公司|有限公司|股份公司|公司|集团|商行|经营部|工作室|事务所|合作社|门市部|加工厂|分店|专卖店")


class NameContext:
    """Context weights for a name at ``text[s:end]``, from the words and punctuation around it."""

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex
        self._surname_at = surname_regex()
        context = word_list("name_context.txt")
        roles = "".join(sorted(ROLE_SUFFIX))
        # 姓名：, 联系人：, 审核人：, 受让方： (any word ending in a role character, then a colon)
        self._labels = re.compile(
            f"(?:(?:{alternation(w for w in context if w not in ('叫', '名叫'))})|[\u4e00-\u9fff][{roles}])[:：]\\s*$|(?:名叫|叫做|姓名为|名字叫)$"
        )
        # 姓名：, 名字叫: whatever follows is a name, even an ordinary word (姓名：时光).
        self._name_labels = re.compile("(?:姓名|名字|名称|户主|联系人|name)[:：为是]?\\s*$|(?:名叫|叫做|名字叫)$", re.IGNORECASE)
        # Where a label or role word may end (its last character, or a colon) right before a surname:
        # character classes only, so the search is cheap; the model weighs the context itself.
        ends = "".join(sorted(set(roles) | {w[-1] for w in context}))
        sur_firsts = "".join(sorted({s[0] for s in lex.surname_tier}))
        self._label_any = re.compile(f"(?=[{ends}:：])(?:(?<=[\u4e00-\u9fff])[{ends}]|[:：])\\s*(?=[{sur_firsts}])")
        self._context_end = re.compile(f"(?:{alternation(context)})$")
        # First or last characters of the words these regexes look for: a set lookup skips most calls.
        self._context_last = frozenset(w[-1] for w in context)
        self._label_last = frozenset(":： \t叫做为是名字称主人eE")
        self._right_firsts = frozenset(
            w[0] for w in (*HONORIFICS, *PLACE_AFTER, *PLACE_AFTER_WEAK, *word_list("name_follow.txt"))
        )
        self._follow = re.compile(alternation(word_list("name_follow.txt")))
        self._honorific = re.compile(alternation(HONORIFICS))
        self._place = re.compile(alternation(PLACE_AFTER))
        self._place_weak = re.compile(alternation(PLACE_AFTER_WEAK))
        self._org = re.compile(alternation(ORG_AFTER))
        divisions = word_list("admin_divisions.txt") + word_list("cities.txt")
        self.place_words = self._place_words = lex.places | frozenset(divisions) | frozenset(
            re.sub("(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|街道|地区|省|市|区|县|州|镇|乡)$", "", d) for d in divisions
        )

    def after_labels(self, text: str) -> Iterator[int]:
        """Surnames right after what may be a label or role word (姓名：, 联系人, 信访人, 其父)."""
        for m in self._label_any.finditer(text):
            if self._surname_at.match(text, m.end()):
                yield m.end()

    def label_before(self, text: str, s: int) -> float:
        """L_NAME_LABEL after 姓名：, L_LABEL after another label and a colon, else 0."""
        if not s or text[s - 1] not in self._label_last:
            return 0.0
        lo = max(0, s - 8)
        if self._name_labels.search(text, lo, s):
            return L_NAME_LABEL
        return L_LABEL if self._labels.search(text, lo, s) else 0.0

    def left(self, text: str, s: int, label: float) -> float:
        """What the text before ``s`` adds: the label's weight if there is one (``label_before``)."""
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
        if prev in ROLE_SUFFIX and s >= 2 and "\u4e00" <= text[s - 2] <= "\u9fff" and text[s - 2 : s] not in self._lex.verbs:
            return L_ROLE
        if prev in self._context_last and self._context_end.search(text, max(0, s - 6), s):
            return L_ROLE
        before = self._lex.before
        if any(text[s - k : s] in before for k in (2, 1, 3) if k <= s):
            return L_VERB
        return 0.0

    def right(self, text: str, end: int, s: int) -> float:
        """What the text from ``end`` adds to a name starting at ``s``."""
        if end >= len(text):
            return R_EDGE + (LINE if s == 0 or text[s - 1] == "\n" else 0.0)
        nxt = text[end]
        if nxt in PUNCT:
            return R_EDGE + (LINE if nxt == "\n" and (s == 0 or text[s - 1] in "\n:：") else 0.0)
        if not "\u4e00" <= nxt <= "\u9fff":
            return R_SOFT
        if nxt in self._right_firsts:
            if self._honorific.match(text, end):
                return R_HONORIFIC
            m = self._place.match(text, end)
            # 区 路 道 … but not where they start a verb (王伟道歉, 张华路过)
            if m is not None and (len(m.group()) > 1 or not any(text[end : end + k] in self._lex.after for k in (2, 3))):
                return R_PLACE
            # 处, 所, 办 alone (在李明处, 张华所) are places; starting a word (所述, 办理, 处理) they are not.
            if self._place_weak.match(text, end) and not any(text[end : end + k] in self._lex.words for k in (2, 3)):
                return R_PLACE_WEAK
            if self._follow.match(text, end):
                return R_FOLLOW
        after = self._lex.after
        if any(text[end : end + k] in after for k in (2, 1, 3, 4)):
            return R_VERB
        return 0.0

    def marks_person(self, text: str, s: int, end: int) -> bool:
        """Context enough for a name the model cannot weigh (信访人巴特尔，): a label or colon
        before and an edge after, or an edge before and a reporting verb after."""
        left, right = self.left(text, s, self.label_before(text, s)), self.right(text, end, s)
        return (left >= L_COLON and right >= R_EDGE) or (left >= L_EDGE and right >= R_FOLLOW)

    def place_after(self, text: str, pos: int) -> bool:
        """A place or organisation word of two or more characters (医院, 广场) at ``pos``, where no
        honorific starts (工 of 工作室)."""
        m = self._place.match(text, pos)
        return m is not None and len(m.group()) > 1 and not self._honorific.match(text, pos)

    def org_after(self, text: str, end: int) -> bool:
        """A firm's name goes on: one or two more name-like characters, then 贸易/公司/…."""
        given = self._lex.given_tier
        if self._org.match(text, end):
            return True
        for d in (1, 2):
            if end + d >= len(text) or text[end + d - 1] not in given:
                return False
            if self._org.match(text, end + d):
                return True
        return False

    def brand(self, text: str, s: int) -> bool:
        """宁波金鹰汽车服务有限公司: after a place name and before a firm's suffix, a name is a brand."""
        places = self._place_words
        if not any(text[s - k : s] in places for k in (2, 3, 4) if k <= s):
            return False
        m = _FIRM.search(text, s + 2, s + 16)
        return m is not None and all("\u4e00" <= ch <= "\u9fff" for ch in text[s : m.start()])

    def list_neighbours(self, text: str, found: list[tuple[int, int, float]]) -> tuple[set[int], set[int]]:
        """张伟、李娜和王芳: surnames across a separator from a name already ``found`` — where the
        next name may start, and where the previous one would end."""
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


def _covered(pos: int, found: list[tuple[int, int, float]]) -> bool:
    return any(a <= pos < b for a, b, _ in found)
