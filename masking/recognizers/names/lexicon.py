"""The name lexicon and the word model that names are weighed against.

- **Names**: surnames (single or compound) and given-name characters by frequency tier
  (``surnames.txt``, ``given_chars.txt``), common two-character given names (its ``[names]``
  section), characters never in a given name (``name_stop_chars.txt``), and the parts and
  characters of transliterated names (``minority_names.txt``).
- **Words**: jieba's dictionary (shipped with the package, read offline) as unigram
  log-probabilities — the model jieba itself segments with. Entries that are themselves people's
  names (rare nr entries shaped like surname + given name) are left out or discounted, and a lone
  surname loses the frequency it has from names split as 王/建国 in jieba's corpus. Ningbo's
  local divisions (海曙, 鄞州, 段塘), which jieba does not know, are added as words.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from masking.text import resource_text, word_list

# Personal-name tags in jieba's dictionary.
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
_FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "y", "e", "o", "m", "q", "f"})
_VERB_TAGS = frozenset({"v", "vn", "vd", "vi", "d", "p", "c"})
_BEFORE_TAGS = frozenset({"v", "vd", "p", "c"})
_AFTER_TAGS = frozenset({"v", "vd", "vi", "d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "m"})

MAX_WORD = 4  # the longest dictionary word the model reads
MAX_TEXT_TIER = 5  # tier-6 surnames (时 国 有 …) only in name columns and after a label
SURNAME_SINGLE_DISCOUNT = math.log(1 / 50)  # a lone surname token in jieba's corpus is mostly a split name
# jieba tags many ordinary words nr (温馨, 祝福, 黎明) besides people (李成, 刘翔, 王晓东). An nr
# entry that looks like a name keeps a tenth of its frequency if it has two characters, and is
# dropped if it has three or four (those are nearly all people); very common ones stay whole.
NAME_WORD_MAX_FREQ = 1000
NAME_WORD_DISCOUNT = math.log(1 / 10)
LOCAL_PLACE_FREQ = 2000


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
    people: dict[str, int]  # jieba's person entries (nr, nrfg, nrt: 邓小平, 克林顿) and their counts
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
    """Every listed surname, commonest tier first."""
    return tuple(_tiered("surnames.txt"))


@cache
def surname_regex() -> re.Pattern[str]:
    """Any listed surname; at a position, the compound one where both fit (欧阳 before 欧)."""
    return re.compile(alternation(surnames()))


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
    people: dict[str, int] = {}
    for word, n, tag in entries:
        logp = math.log(n) - log_total
        # jieba tags some phrases as people (何时能, 申请人): a name has no character after its
        # first that never is in a name, and does not end like a role word.
        if tag in _NAME_TAGS and len(word) >= 2 and not any(c in stop for c in word[1:]) and word[-1] not in "人员者们":
            people[word] = n
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
        people,
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


@cache
def minority_names() -> tuple[tuple[str, ...], frozenset[str]]:
    """Parts of transliterated names (次仁, 卓玛, 古丽) in file order, and every character that
    transliterates (the listed ones and those of the parts)."""
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


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so the longest word at a position wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
