"""Names in running text: where *name* explains a stretch of text better than ordinary words do.

- **Name model**: surname (single or compound, by frequency tier) followed by one or two
  given-name characters (by tier; any other Han character at a far lower weight; never a stop
  character), plus what the context around it says (:mod:`.context`).
- **Word model**: jieba's dictionary as unigram log-probabilities (:mod:`.lexicon`); a lone
  name-like character between words costs extra (jieba's own HMM would regroup such runs).
- Around each candidate, the best segmentation of the clause with name tokens is compared with
  the best without (a Viterbi over a dozen characters): ``高兴地说`` stays words, ``打入梁志强的``
  becomes a name, and ``王春梅补充说明`` ends the name before 补充 because 补充 is a word.

The model runs only where a surname is followed by a plausible given-name character, or right
after a label or role word (character-class searches), and only on the Han characters around it;
a hotline record costs ~25 µs on average.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from masking.recognizers.names.context import BOTH, HONORIFICS, L_LIST, L_ROLE, R_FOLLOW, R_PLACE, R_PLACE_WEAK, NameContext
from masking.recognizers.names.lexicon import MAX_TEXT_TIER, MAX_WORD, Lexicon

# ---- model constants (log-probabilities) ----
NAME_PRIOR = math.log(0.006)  # a name token among the tokens of service records
GIVEN_LENGTH = {1: math.log(0.25), 2: math.log(0.75)}
SURNAME_TIER = {1: math.log(0.04), 2: math.log(0.008), 3: math.log(0.002), 4: math.log(0.0004), 5: math.log(0.00006), 6: math.log(0.00002)}
GIVEN_TIER = {1: math.log(0.004), 2: math.log(0.001), 3: math.log(0.0002)}
GIVEN_OTHER = math.log(0.000003)
GIVEN_NAME = math.log(0.0005)  # one listed two-character given name (建国, 秀英)
SINGLE_NAMELIKE = -2.0  # a lone surname or given-name character as a word of its own
NOT_FINAL = frozenset("家子小阿老大")  # open names (家豪, 小军) but seldom end them: 冯家, 王子
# …and these end place names far more often than people's: 翁家桥, 李家村, 石浦, 沈家湾
PLACE_FINAL = frozenset("桥村庄湾巷弄港岭坞墩浦塘埠渡堰岙泾垟畈寨屯铺圩庙寺")
R_NOT_FINAL = -1.5
LIST_ANCHOR = 0.5  # the score a name needs to vouch for its neighbours
MARGIN_AT_THRESHOLD = 2.0  # log-odds a name must win by to be reported at the default threshold
MARGIN_SCALE = 0.05  # score per unit of log-odds above that
SCORE_FLOOR = 0.1
WINDOW = 4  # characters of context each side that the comparison looks at
CACHE_SIZE = 200_000  # decoded regions kept before the cache starts afresh


_NOT_HAN = re.compile("[^\u4e00-\u9fff]")


class NameDecoder:
    """Scored name spans ``(start, end, score)`` in a text, by decoding the regions around candidates."""

    def __init__(self, lex: Lexicon, context: NameContext) -> None:
        self._lex = lex
        self._context = context
        text_surnames = [s for s, tier in lex.surname_tier.items() if tier <= MAX_TEXT_TIER]
        han_given = "".join(sorted(c for c in lex.given_tier if c not in lex.stop))
        firsts = "".join(sorted({s[0] for s in text_surnames}))
        seconds = "".join(sorted({s[1] for s in text_surnames if len(s) == 2}))
        # Where the model is worth running: a surname, then a plausible given-name character. Two
        # character classes are ten times faster than the alternation; _starts checks the rest.
        self._trigger = re.compile(f"[{firsts}](?=[{han_given}{seconds}])")
        self.given_chars = frozenset(han_given)
        self._given_chars = self.given_chars
        self._text_surname_set = frozenset(text_surnames)
        # Characters that, standing alone between words, are more likely part of a name jieba does
        # not know (its own HMM regroups such runs): surnames and common given-name characters.
        self._namelike = frozenset(
            c
            for c, tier in [*((s, tier - 2) for s, tier in lex.surname_tier.items()), *lex.given_tier.items()]
            if len(c) == 1 and tier <= 2 and c not in lex.function
        )
        self._cache: dict[tuple, tuple[tuple[int, int, float], ...]] = {}
        # Word tokens at a position depend only on the next MAX_WORD characters: read once each.
        self._word_memo: dict[str, tuple[tuple[int, float], ...]] = {}

    def starts(self, text: str) -> list[int]:
        """Where a name may start: a surname before a plausible given-name character, or right
        after a label or role word (姓名：, 联系人, 信访人, 其父), where even a rare given name is
        worth a look."""
        starts = self._starts(text)
        for start in self._context.after_labels(text):
            if start not in starts:
                starts.append(start)
        return starts

    def names(self, text: str, starts: list[int] | None = None) -> list[tuple[int, int, float]]:
        """Names the model prefers to words, then their neighbours in lists (张伟、李娜和王芳)."""
        starts = self.starts(text) if starts is None else starts
        if not starts:
            return []
        found = self._decode_all(text, sorted(starts), frozenset(), frozenset())
        # A name next to a confident one across a separator is a list item.
        for _ in range(3):
            sure = [f for f in found if f[2] >= LIST_ANCHOR]
            more, ends = self._context.list_neighbours(text, sure)
            if not more:
                break
            new = [f for f in self._decode_all(text, sorted(more), frozenset(more), frozenset(ends)) if not _overlaps(f, sure)]
            new = [f for f in new if all(f[2] > g[2] for g in found if _overlaps(f, [g]))]
            if not new:
                break
            found = [g for g in found if not _overlaps(g, new)] + new
        return found

    def _starts(self, text: str) -> list[int]:
        """Surnames followed by a plausible given-name character."""
        out = []
        sur, given, stop, n = self._text_surname_set, self._given_chars, self._lex.stop, len(text)
        for m in self._trigger.finditer(text):
            s = m.start()
            if s and text[s] in _UNIT_SURNAMES and text[s - 1] in _NUMBER_CHARS:  # 4号楼欣歌: 楼 is a floor here
                continue
            # A compound surname (尉迟, 欧阳) is rare enough as anything else to take any character after it.
            if (text[s] in sur and text[s + 1] in given) or (s + 2 < n and text[s : s + 2] in sur and text[s + 2] not in stop):
                out.append(s)
        return out

    def _decode_all(self, text: str, starts: list[int], list_starts: frozenset[int], list_ends: frozenset[int]) -> list[tuple[int, int, float]]:
        """Group candidates into regions (the run of Han characters around them, WINDOW either
        side) and decode each."""
        out: list[tuple[int, int, float]] = []
        i = 0
        while i < len(starts):
            lo, hi = _han_run(text, starts[i], WINDOW)
            lo = max(lo, starts[i] - WINDOW)
            j = i + 1
            while j < len(starts) and starts[j] < hi and starts[j] - WINDOW <= starts[j - 1] + 4 + WINDOW:
                j += 1
            hi = min(hi, starts[j - 1] + 4 + WINDOW)
            out.extend(self._region(text, lo, hi, starts[i:j], list_starts, list_ends))
            i = j
        return out

    def _region(
        self, text: str, lo: int, hi: int, starts: list[int], list_starts: frozenset[int], list_ends: frozenset[int]
    ) -> list[tuple[int, int, float]]:
        """Decoded names of one region, cached by everything the decoding reads: the text from 8
        characters before to 16 after, whether that reaches the end, and the candidates."""
        a, b = max(0, lo - 8), min(len(text), hi + 16)
        key = (
            text[a:b],
            lo - a,
            hi - lo,
            b == len(text),
            tuple(s - lo for s in starts),
            tuple(sorted(s - lo for s in list_starts if a <= s < b)) if list_starts else (),
            tuple(sorted(e - lo for e in list_ends if a <= e < b)) if list_ends else (),
        )
        hit = self._cache.get(key)
        if hit is None:
            hit = tuple((s - lo, e - lo, score) for s, e, score in self._decode(text, lo, hi, starts, list_starts, list_ends))
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = hit
        return [(lo + s, lo + e, score) for s, e, score in hit]

    def _decode(
        self, text: str, lo: int, hi: int, starts: list[int], list_starts: frozenset[int], list_ends: frozenset[int]
    ) -> Iterator[tuple[int, int, float]]:
        """Names on the best segmentation of ``text[lo:hi]`` into words and name tokens, each scored
        by what it wins over the best segmentation without a name on its characters."""
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
        n = hi - lo
        # One forward pass for both readings: with name tokens (best, back) and words only (plain).
        inf = -math.inf
        best = [inf] * (n + 1)
        plain = [inf] * (n + 1)
        best[0] = plain[0] = 0.0
        back: list = [None] * (n + 1)
        word_edges: list[tuple[tuple[int, float], ...]] = []
        memo = self._word_memo
        for i in range(n):
            frag = text[lo + i : lo + i + (n - i if n - i < MAX_WORD else MAX_WORD)]
            out = memo.get(frag)
            if out is None:
                out = self._words_at(frag)
                if len(memo) > CACHE_SIZE:
                    memo.clear()
                memo[frag] = out
            word_edges.append(out)
            here, here_plain = best[i], plain[i]
            for k, w in out:
                j = i + k
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
        if not path:
            return
        # What each name wins over the best reading without a name on its characters.
        if len(path) == 1:
            withouts = [plain[n]]
        else:
            edges = [[(i + k, w, False) for k, w in out] + [(j, w, True) for j, w in names.get(i, ())] for i, out in enumerate(word_edges)]
            withouts = [_best_without(edges, n, span) for span in path]
        for (start, end), without in zip(path, withouts):
            score = 0.5 + (best[n] - without - MARGIN_AT_THRESHOLD) * MARGIN_SCALE
            if score > SCORE_FLOOR:
                yield lo + start, lo + end, round(min(score, 0.99), 2)

    def _words_at(self, frag: str) -> tuple[tuple[int, float], ...]:
        """Word tokens at the start of ``frag`` (its first MAX_WORD characters, fewer at the end of
        a region): ``(length, log-probability)``, the lone character always among them."""
        words, prefixes = self._lex.words, self._lex.prefixes
        c = frag[0]
        out = [(1, words.get(c, self._lex.unknown) + (SINGLE_NAMELIKE if c in self._namelike else 0.0))]
        for k in range(2, len(frag) + 1):
            piece = frag[:k]
            w = words.get(piece)
            if w is not None:
                out.append((k, w))
            if piece not in prefixes:
                break
        return tuple(out)

    def _name_edges(self, text: str, s: int, hi: int, extra: float) -> Iterator[tuple[int, float]]:
        """Name tokens starting at ``s``: surname + 1–2 given characters, with their weights;
        ``extra`` is what a list separator before adds (L_LIST), or 0."""
        lex, context = self._lex, self._context
        if context.brand(text, s):
            return
        label = context.label_before(text, s)
        left = context.left(text, s, label) + extra
        for sur in (text[s : s + 2], text[s]):
            tier = lex.surname_tier.get(sur)
            if tier is None or (tier > MAX_TEXT_TIER and not label and not extra):
                continue
            g0 = s + len(sur)
            weight = NAME_PRIOR + SURNAME_TIER[tier]
            # 李惠利医院: a place or organisation word after one more name-like character makes the
            # short name doubtful too (but not 杨帆称公司…, 王磊的银行卡).
            place_on = g0 + 2 < len(text) and text[g0 + 1] in self._given_chars and context.place_after(text, g0 + 2)
            for k in (1, 2):
                end = g0 + k
                if end > hi:
                    break
                c = text[end - 1]
                if c in lex.stop:
                    break
                weight += GIVEN_TIER.get(lex.given_tier.get(c, 0), GIVEN_OTHER)
                given = text[g0:end]
                if k == 2 and given in lex.given_names:
                    weight = max(weight, NAME_PRIOR + SURNAME_TIER[tier] + GIVEN_NAME)
                if given in HONORIFICS or text[s:end] in HONORIFICS:
                    continue
                right = R_PLACE if (place_on and k == 1) or context.org_after(text, end) else context.right(text, end, s)
                if right <= R_PLACE:
                    continue  # 李惠利医院, 万达广场: an organisation or a place, not a person
                final = R_NOT_FINAL if c in NOT_FINAL else R_PLACE_WEAK if c in PLACE_FINAL else 0.0
                # 市民徐海来电: a role word before and a reporting verb after leave little doubt.
                both = BOTH if left >= L_ROLE and right >= R_FOLLOW else 0.0
                yield end, weight + GIVEN_LENGTH[k] + left + right + final + both


# Surnames that are also the unit of a number before them (4号楼, 12单元, 3房): a building part there.
_UNIT_SURNAMES = frozenset("楼单房栋幢层座室")
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９零〇一二三四五六七八九十百两ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz号")


def _han_run(text: str, first: int, reach: int) -> tuple[int, int]:
    """The stretch of Han characters around ``first``, looked for at most ``reach`` characters back
    (a region never starts further back); its end is found by the regex engine, not char by char."""
    a = first
    floor = max(0, first - reach)
    while a > floor and "\u4e00" <= text[a - 1] <= "\u9fff":
        a -= 1
    m = _NOT_HAN.search(text, first)
    return a, m.start() if m else len(text)


def _best_without(edges: list[list[tuple[int, float, bool]]], n: int, banned: tuple[int, int]) -> float:
    """Score of the best segmentation with no name token on the characters ``banned`` spans."""
    best = [-math.inf] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        here = best[i]
        if here == -math.inf:
            continue
        for end, w, is_name in edges[i]:
            if is_name and i < banned[1] and end > banned[0]:
                continue
            v = here + w
            if v > best[end]:
                best[end] = v
    return best[n]


def _overlaps(span: tuple[int, int, float], found: list[tuple[int, int, float]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b, _ in found)
