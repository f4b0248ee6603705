"""Person names (PERSON): surname list, context words, jieba's dictionary.

Chinese text has no spaces and no capitals, so a name is proposed only where something says
one is there: a context word before it (市民张伟, 联系人：李娜), a reporting verb or title after
it (王秀英反映, 张伟先生), a list continuing a name (张伟、李娜), or a whole cell under a name
header (姓名). A candidate that jieba's dictionary knows as an ordinary word (高兴, 方便, 常年)
is not a name. Segmenting every text with jieba would cost ~70 µs per hotline record; its
dictionary lookups cost nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache

from masking.entities import Entity
from masking.recognizers.base import Candidate, Detector, Header
from masking.text import word_list

_HAN = "[\u4e00-\u9fff]"
# Personal-name tags in jieba's dictionary; any other tag marks an ordinary word.
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Rare dictionary entries are mostly place names that are also people's names (罗东, 江平);
# only words used often enough (高兴 5387, 周末 654) are taken for ordinary words.
ORDINARY_MIN_FREQ = 100
HONORIFICS = frozenset({"先生", "女士", "同志", "师傅", "老师", "阿姨", "大爷", "大妈", "老伯", "小姐", "某某"})


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def surnames() -> tuple[str, ...]:
    return word_list("surnames.txt")


@cache
def ordinary_words() -> frozenset[str]:
    """Common dictionary words of 2–4 characters that begin with a surname and are not names."""
    import jieba  # imported here: 0.1 s, and only scans need it

    first = {s[0] for s in surnames()}
    words = set()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.rstrip("\n").split(" ")
            if 2 <= len(word) <= 4 and word[0] in first and tag not in _NAME_TAGS and int(freq) >= ORDINARY_MIN_FREQ:
                words.add(word)
    return frozenset(words)


class NameDetector(Detector):
    entities = (Entity.PERSON,)

    def __init__(self) -> None:
        sur = _alternation(surnames())
        self._stop = frozenset(word_list("name_stop_chars.txt"))
        context = _alternation(word_list("name_context.txt"))
        follow = word_list("name_follow.txt")
        self._follow = re.compile(_alternation(follow))
        verbs = tuple(w for w in follow if len(w) > 1 or w in "称说")
        self._after_context = re.compile(f"(?:{context})[:：\\s]{{0,2}}(?P<name>(?:{sur}){_HAN}{{1,2}})")
        self._verbs = re.compile(_alternation(verbs))
        self._before_verb = re.compile(f"(?P<name>(?:{sur}){_HAN}{{1,2}}?)(?=(?:{_alternation(verbs)}))")
        # 经核实，屠佳然与罗怡明系邻居: a clause that opens with a name joined to what follows.
        self._clause_start = re.compile(
            f"(?:^|(?<=[，。；：！？,.;:!?\\s]))(?P<name>(?:{sur}){_HAN}{{1,2}}?)(?=[与和及系在的于、,，]|{_alternation(verbs)})"
        )
        self._list_next = re.compile(f"[、和与及/]\\s?(?P<name>(?:{sur}){_HAN}{{1,2}})")
        self._whole = re.compile(f"\\s*(?P<name>(?:{sur}){_HAN}{{1,2}})\\s*")
        self._surname = re.compile(sur)

    def _trim(self, text: str, start: int, end: int, *, whole: bool = False) -> int | None:
        """End of the name starting at ``start`` (surname + 1–2 characters), or None if no name.

        A second given character that starts a follow word (张伟**来**电) is cut, unless what
        comes after the full candidate is itself a follow word (万庆家**反映**). In a name column
        (``whole``) the cell ends the name and the header vouches for it, so the dictionary of
        ordinary words is not consulted.
        """
        sur = self._surname.match(text, start)
        if sur is None:
            return None
        given_start = sur.end()
        if not whole and end - given_start == 2:
            second = given_start + 1
            if text[second] in self._stop or (self._follow.match(text, second) and not self._follow.match(text, end)):
                end -= 1
        given = text[given_start:end]
        if not given or given[0] in self._stop or given[-1] in self._stop:
            return None
        if given in HONORIFICS or text[start:end] in HONORIFICS:
            return None
        if not whole and text[start:end] in ordinary_words():
            return None
        return end

    def is_whole_name(self, cell: str) -> bool:
        """True if the cell is just a name (张伟, 欧阳娜娜): used to recognise name columns."""
        m = self._whole.fullmatch(cell)
        return m is not None and self._trim(cell, m.start("name"), m.end("name"), whole=True) == m.end("name")

    def find(self, text: str, header: Header) -> Iterator[Candidate]:
        if Entity.PERSON in header.entities and (m := self._whole.fullmatch(text)):
            end = self._trim(text, m.start("name"), m.end("name"), whole=True)
            if end == m.end("name"):
                yield Candidate(Entity.PERSON, m.start("name"), end, 0.45, 0.4)
            return
        found: list[Candidate] = []
        for regex, score in ((self._after_context, 0.85), (self._before_verb, 0.7), (self._clause_start, 0.6)):
            for m in regex.finditer(text):
                end = self._trim(text, m.start("name"), m.end("name"))
                if end is not None and (regex is self._after_context or self._loose_ok(text, m, end)):
                    found.append(Candidate(Entity.PERSON, m.start("name"), end, score, 0.1))
        for c in list(found):
            self._continue_list(text, c, found)
        yield from found

    def _loose_ok(self, text: str, m: re.Match[str], end: int) -> bool:
        """Without a context word: the name must still touch its verb once trimmed, and must not
        be the tail of a word that starts one character earlier (黄**金周**的咨询)."""
        start = m.start("name")
        if start > 0 and text[start - 1 : start + 1] in ordinary_words():
            return False
        return end == m.end("name") or self._verbs.match(text, end) is not None

    def _continue_list(self, text: str, first: Candidate, found: list[Candidate]) -> None:
        """张伟、李娜和王芳: each name after a separator continues the list."""
        pos = first.end
        while (m := self._list_next.match(text, pos)) is not None:
            end = self._trim(text, m.start("name"), m.end("name"))
            if end is None:
                return
            found.append(Candidate(Entity.PERSON, m.start("name"), end, first.score, 0.1))
            pos = end
