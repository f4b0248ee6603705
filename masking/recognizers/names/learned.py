"""A learned candidate classifier: which proposed spans are people's names.

The name model (:mod:`.decode`) proposes names that win against ordinary words; two more
proposers add what it cannot see — a name that *is* a dictionary word (邓小平, 周恩来 are words
in jieba's dictionary, so the word reading wins), and transliterated names (克林顿, 内塔尼亚胡,
若斯潘) whose characters the name model does not list. Each proposal is then judged by a
logistic regression over a few dozen sparse features: where it came from and the name model's
score, its length, first and last characters, the characters and words either side, whether it
is a dictionary word or a known person's name, and whether its edges glue into words with their
neighbours. The weights are learned from public labelled news text by
``masking/training/train_names.py`` (which reproduces ``resources/name_model.json``).

Cost: a handful of dictionary lookups per proposal; proposals are few (a hotline record has
one or two), so the classifier adds microseconds, not milliseconds.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from masking.recognizers.names.context import NameContext
from masking.recognizers.names.lexicon import MAX_TEXT_TIER, Lexicon
from masking.text import resource_text

MODEL_FILE = "name_model.json"
MAX_GAZETTEER = 4
GAZETTEER_SECONDS = 2000  # second characters of dictionary names that open a lookup anywhere  # the longest dictionary name looked up at a surname
DECODED, GAZETTEER, TRANSLIT, DOTTED, OPENING, OPENING_SURE, LIST_ITEM = "d", "g", "t", "o", "b", "B", "l"
DOT_CHARS = "·•‧・"
DOTS = f"[{DOT_CHARS}]"
MAX_TRANSLIT = 12  # characters: a longer run is a passage of transliterated text, not a name
MAX_SCORE = 0.9  # a name in running text is never surer than a whole cell under a name header
SURE = 0.9  # a name-model score that stands without the classifier (94 % right in news text)
KEEP_DECODED = 0.8  # a name-model score at which its name stands…
VETO = 0.1  # …unless the classifier gives it less than this probability
# Last characters of place names far more often than of people's (翁家桥, 王府井, 李家村).
PLACE_FINAL = frozenset("桥村庄湾巷弄港岭坞墩浦塘埠渡堰岙泾垟畈寨屯铺圩庙寺井街门口岛山坊园")
DIVISION_FINAL = frozenset("省市区县州镇乡村路街道")
WINDOW = 8  # characters either side that a feature may read (labels: 8 before; firm words: 7 after)
CACHE_SIZE = 200_000  # judged windows kept before the cache starts afresh

Proposal = tuple[int, int, str, float]  # start, end, source, name-model score (0 if none)


@cache
def load_model() -> dict:
    """The shipped weights and transliteration characters (``resources/name_model.json``)."""
    return json.loads(resource_text(MODEL_FILE))


def _cls(ch: str) -> str:
    """A character as a feature: Han and punctuation as themselves, digits 0, Latin a, space _."""
    if "\u4e00" <= ch <= "\u9fff":
        return ch
    if ch.isdigit():
        return "0"
    if ch.isascii() and ch.isalpha():
        return "a"
    if ch.isspace():
        return "_"
    return ch


class NameClassifier:
    """Proposes name spans beyond the name model's and keeps those the learned weights accept."""

    def __init__(self, lex: Lexicon, context: NameContext, given_chars: frozenset[str], model: dict | None = None) -> None:
        model = load_model() if model is None else model
        self._lex = lex
        self._context = context
        self.weights: dict[str, float] = model["weights"]
        self.bias: float = model["bias"]
        self.threshold: float = model.get("threshold", 0.5)
        self.veto: float = model.get("veto", VETO)
        self._cache: dict[tuple[str, int, int, str, int], float] = {}
        # Two-character beginnings of dictionary names: most candidate starts stop at the first lookup.
        self._people_heads = frozenset(w[:2] for w in lex.people)
        surnames = "".join(sorted({k[0] for k, tier in lex.surname_tier.items() if tier <= MAX_TEXT_TIER}))
        # Dictionary names are looked up where the name model looks, and also at a surname before
        # one of the commonest second characters of dictionary names that the name model does not
        # list (周恩来: 恩): a character class, so the search runs in the regex engine.
        seconds: Counter[str] = Counter()
        for w, freq in lex.people.items():
            if len(w) >= 3 and w[0] in surnames and w[1] not in given_chars:
                seconds[w[1]] += freq
        rare = "".join(sorted(ch for ch, _ in seconds.most_common(GAZETTEER_SECONDS)))
        self._gazetteer_at = re.compile(f"[{surnames}](?=[{rare}])")
        han = "\u4e00-\u9fff"
        # A record that opens with a name (陈栋梁，男，… / 韩震东：男 / 虞兔良先生：), and items of a
        # list (史改梅、傅映柏、彭文): a surname and one or two characters between separators.
        # (Each opens with a lookahead of the surname: the regex engine skips other characters.)
        self._opening = re.compile(f"(?=[{surnames}])(?:^|(?<=[\n。;；!！?？]))[{surnames}][{han}]{{1,2}}(?=[,，:：、(（ ]|先生|女士|同志)")
        self._sex_after = re.compile("[,，:：]\\s*[男女](?:[,，。;；\\s]|$)|先生|女士")
        self._list_item = re.compile(f"(?=[{surnames}])(?:[{surnames}][{han}]{{1,2}}(?=、)|(?<=、)[{surnames}][{han}]{{1,2}}(?=[、,，。;；等和与及]))")
        strong, weak = model["translit_chars"], model.get("translit_weak", "")
        both = strong + weak
        # A run of transliterating characters holding at least one strong one (克林顿, 基里延科),
        # optionally joined by a middle dot to more (卡洛斯·阿马特).
        # (The lookahead lets the regex engine skip characters that cannot start a run.)
        self._translit = re.compile(f"(?=[{both}])[{both}]*[{strong}][{both}]*(?:{DOTS}[{both}]{{2,}})*" if strong else "(?!)")
        self._weak = frozenset(weak)
        # Any name joined by a middle dot: the dot says it is one, whatever its characters.
        self._dot = re.compile(DOTS)
        self._dotted = re.compile(f"[{han}]{{1,6}}(?:{DOTS}[{han}]{{1,6}})+")

    def propose(self, text: str, decoded: Iterable[tuple[int, int, float]], starts: Iterable[int]) -> list[Proposal]:
        """The name model's spans, dictionary names at its candidate starts, transliterated runs."""
        out: list[Proposal] = [(s, e, DECODED, score) for s, e, score in decoded]
        extra: list[tuple[int, int, str]] = []
        people, heads = self._lex.people, self._people_heads
        n = len(text)
        for s in (*starts, *(m.start() for m in self._gazetteer_at.finditer(text))):
            if text[s : s + 2] in heads:
                for e in range(s + 2, min(n, s + MAX_GAZETTEER) + 1):
                    if text[s:e] in people:
                        extra.append((s, e, GAZETTEER))
        # A list item sits next to a 、: most texts hold none, and skip that regex.
        for rx, source in ((self._opening, OPENING), *(((self._list_item, LIST_ITEM),) if "、" in text else ())):
            for m in rx.finditer(text):
                a, b = m.span()
                # 陈栋梁，男，… / 虞兔良先生： a record that opens with a name and the person's sex or
                # title leaves no doubt (résumés, registers), however rare such lines are in news.
                sure = source == OPENING and self._sex_after.match(text, b) is not None
                extra.append((a, b, OPENING_SURE if sure else source))
        for m in self._translit.finditer(text):
            a, b = m.span()
            if 2 <= b - a <= MAX_TRANSLIT:
                extra.append((a, b, TRANSLIT))
                # A weak character at either end may belong to the next word (总统|哈比比, 科菲|访华).
                if b - a >= 4:
                    if text[a] in self._weak:
                        extra.append((a + 1, b, TRANSLIT))
                    if text[b - 1] in self._weak:
                        extra.append((a, b - 1, TRANSLIT))
        if self._dot.search(text) is not None:
            for m in self._dotted.finditer(text):
                a, b = m.span()
                dot = a + min(i for i, ch in enumerate(text[a:b]) if ch in DOT_CHARS)
                # The first part may have swallowed a word before it (外长|卡洛斯·阿马特).
                extra.extend((s, b, DOTTED) for s in range(max(a, dot - 5), dot - 1) if b - s <= MAX_TRANSLIT + 4)
        if extra:
            seen = {(p[0], p[1]) for p in out}
            places = self._context.place_words
            for s, e, source in extra:
                # jieba lists some places as people (海曙区): a division or a known place is none.
                if (s, e) not in seen and text[e - 1] not in DIVISION_FINAL and text[s:e] not in places:
                    seen.add((s, e))
                    out.append((s, e, source, 0.0))
        return out

    def features(self, text: str, s: int, e: int, source: str, score: float) -> list[str]:
        lex = self._lex
        words, people = lex.words, lex.people
        span = text[s:e]
        n = len(text)
        size = min(e - s, 6)
        left1 = _cls(text[s - 1]) if s > 0 else "^"
        left2 = (_cls(text[s - 2]) if s > 1 else "^") + left1
        right1 = _cls(text[e]) if e < n else "$"
        right2 = right1 + (_cls(text[e + 1]) if e + 1 < n else "$")
        feats = [
            f"s={source}",
            f"s={source}|n={size}",
            f"L1={left1}",
            f"L2={left2}",
            f"R1={right1}",
            f"R2={right2}",
            f"F={span[0]}",
            f"Z={span[-1]}",
            f"s={source}|L1={left1}",
            f"s={source}|R1={right1}",
        ]
        if source == DECODED:
            feats.append(f"d={min(int(score * 10), 9)}")
        # What the name model's context rules say either side (role word, label, honorific,
        # reporting verb, place or firm word): the hand-written knowledge, weighed by the data.
        context = self._context
        left = context.left(text, s, context.label_before(text, s))
        right = context.right(text, e, s)
        feats.extend((f"cl={left:g}", f"cr={right:g}", f"cl={left:g}|cr={right:g}"))
        if context.org_after(text, e):
            feats.append("org")
        if span[-1] in PLACE_FINAL:
            feats.append("pf")
        tier = lex.surname_tier.get(span[:2]) or lex.surname_tier.get(span[0])
        feats.append(f"sur={tier or '-'}|n={size}")
        if len(span) >= 2:
            feats.append(f"G={span[1:]}" if len(span) <= 3 else "G=long")
        freq = people.get(span)
        if freq is not None:
            feats.append(f"p={min(int(math.log2(freq + 1)), 12)}")
        logp = words.get(span)
        if logp is not None:
            feats.append(f"w={min(int(-logp), 20)}")
        if s > 0 and text[s - 1 : s + 1] in words:
            feats.append("LW")
        if e < n and text[e - 1 : e + 1] in words:
            feats.append("RW")
        if e + 1 < n and text[e : e + 2] in words:
            feats.append("RX")
        return feats

    def probability(self, feats: Iterable[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def choose(self, text: str, proposals: list[Proposal]) -> list[tuple[int, int, float]]:
        """Accepted proposals, most probable first, none overlapping another."""
        if not proposals:
            return []
        # Where the name model is sure, its name stands and nothing overlapping it needs asking.
        scored = [(score or SURE, s, e) for s, e, source, score in proposals if (source == DECODED and score >= SURE) or source == OPENING_SURE]
        cache = self._cache
        n = len(text)
        for s, e, source, score in proposals:
            if scored and any(s < b and a < e for _, a, b in scored):
                continue
            # Every feature reads at most WINDOW characters either side: that window is the key.
            lo, hi = max(0, s - WINDOW), min(n, e + WINDOW)
            key = (text[lo:hi], s - lo, hi - e, source, int(score * 10))
            p = cache.get(key)
            if p is None:
                p = self.probability(self.features(text, s, e, source, score))
                if len(cache) > CACHE_SIZE:
                    cache.clear()
                cache[key] = p
            if p >= self.threshold:
                scored.append((p, s, e))
            elif source == DECODED and score >= KEEP_DECODED and p >= self.veto:
                # The name model is sure and the data does not object strongly: in the service
                # records it was built for, its confident names are nearly always right.
                scored.append((self.threshold, s, e))
        if len(scored) > 1:
            scored.sort(key=lambda x: (-x[0], x[1]))
        kept: list[tuple[int, int, float]] = []
        for p, s, e in scored:
            if all(e <= a or b <= s for a, b, _ in kept):
                kept.append((s, e, self.score(p)))
        return sorted(kept)

    def score(self, p: float) -> float:
        """A probability as a recogniser score: the threshold maps to 0.5 (the scanner's default
        threshold), certainty to MAX_SCORE."""
        t = self.threshold
        return round(min(0.5 + (p - t) * 0.5 / (1.0 - t), MAX_SCORE), 2)
