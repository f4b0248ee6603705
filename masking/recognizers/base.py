"""The detector interface every recogniser family implements, and context-word scoring.

A detector proposes spans with a base score from its own structural validation (checksums,
dates, area codes). Context words are scored once, centrally, by :class:`ContextWords`: the
*nearest* keyword shortly before a candidate decides, so "身份证号…，卡号6222…" boosts each
number by its own keyword and a work-order keyword withdraws a number that only looks personal.
"""

from __future__ import annotations

import bisect
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from masking.entities import Entity, Span
from masking.text import resource_yaml

# Characters allowed between a keyword and its value: "身份证号码：", "电话为 ", "手机(本人)".
CONTEXT_WINDOW = 8
# What the scanner writes over the masker's marks ([姓名], *): see masking.marks, which uses it.
MARK_FILL = "\ufffc"
# Joins short texts for the batched detectors (Detector.batched): NUL is no letter, digit,
# space or punctuation any pattern reads; a text holding one is scanned on its own.
BATCH_SEP = "\x00"
NEGATIVE = "negative"
OTHER_KIND_PENALTY = 0.1

# Kinds that are only digits and letters, so a work-order or invoice keyword can disqualify them.
NUMERIC: frozenset[Entity] = frozenset(
    {
        Entity.CN_RESIDENT_ID,
        Entity.CN_USCC,
        Entity.CN_MOBILE,
        Entity.CN_LANDLINE,
        Entity.BANK_CARD,
        Entity.CN_PASSPORT,
        Entity.CN_HK_MACAU_PERMIT,
        Entity.IP_ADDRESS,
    }
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span before context scoring; ``boost`` is what a keyword of its own kind adds."""

    entity: Entity
    start: int
    end: int
    score: float
    boost: float = 0.15


@dataclass(frozen=True)
class Header:
    """What a column header says about its cells (e.g. 来电号码 → mobile; 工单编号 → negative)."""

    text: str = ""
    entities: frozenset[Entity] = frozenset()
    negative: bool = False


@dataclass
class ContextWords:
    """All context keywords in one alternation, longest first so 身份证号码 beats 号码."""

    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ordered = sorted(self.words, key=len, reverse=True)
        # The leading class of first characters lets the regex engine skip to where a keyword can
        # start: six times faster than trying the whole alternation at every character.
        firsts = "".join(sorted({c for w in ordered for c in (w[0], w[0].upper(), w[0].lower())}))
        alternation = "|".join(re.escape(w) for w in ordered)
        self._regex = re.compile(f"(?=[{re.escape(firsts)}])(?:{alternation})" if ordered else "(?!)", re.IGNORECASE)

    @classmethod
    def load(cls) -> ContextWords:
        words: dict[str, set[str]] = {}
        for kind, keywords in resource_yaml("context.yaml").items():
            for word in keywords:
                words.setdefault(word.lower(), set()).add(kind)
        return cls({w: frozenset(k) for w, k in words.items()})

    def keywords(self, text: str) -> tuple[list[int], list[frozenset[str]]]:
        """End offsets (sorted) and kinds of every keyword in ``text``."""
        ends: list[int] = []
        kinds: list[frozenset[str]] = []
        for m in self._regex.finditer(text):
            ends.append(m.end())
            kinds.append(self.words[m.group().lower()])
        return ends, kinds

    def header(self, text: str) -> Header:
        kinds: set[str] = set()
        for m in self._regex.finditer(text):
            kinds |= self.words[m.group().lower()]
        entities = frozenset(Entity(k) for k in kinds if k != NEGATIVE)
        return Header(text, entities, NEGATIVE in kinds and not entities)

    def score(
        self,
        candidates: Iterable[Candidate],
        text: str,
        header: Header,
    ) -> Iterator[Span]:
        """Apply the nearest preceding keyword (or, failing one, the header) to each candidate."""
        found: tuple[list[int], list[frozenset[str]]] | None = None
        for c in candidates:
            if found is None:
                found = self.keywords(text)
            ends, kinds = found
            i = bisect.bisect_right(ends, c.start) - 1
            near: frozenset[str] | None = None
            # A keyword speaks for the value after it, not across a mask mark between them.
            if i >= 0 and c.start - ends[i] <= CONTEXT_WINDOW and MARK_FILL not in text[ends[i] : c.start]:
                near = kinds[i]
            score = c.score
            if near is not None:
                if c.entity.value in near:
                    score += c.boost
                elif NEGATIVE in near:
                    if c.entity in NUMERIC:
                        continue
                else:
                    # The value is labelled as something else (信用代码 before an ID-shaped code).
                    score -= OTHER_KIND_PENALTY
            elif c.entity in header.entities:
                score += c.boost
            elif header.negative and c.entity in NUMERIC:
                continue
            elif header.entities and c.entity in NUMERIC:
                # A column headed 身份证号 holds ID numbers: another numeric reading is doubtful.
                score -= OTHER_KIND_PENALTY
            yield Span(c.entity, c.start, c.end, round(min(score, 1.0), 2))


class Detector(ABC):
    """One recogniser family. ``find`` works on width-folded text (same offsets as the cell).

    A ``batched`` detector reads nothing but its matches: no match consumes :data:`BATCH_SEP`,
    and every lookaround sees it as it sees the edge of the text. The scanner may then run it
    once over many short texts joined by that character instead of once per text.
    """

    entities: tuple[Entity, ...]
    batched = False

    @abstractmethod
    def find(self, text: str, header: Header) -> Iterator[Candidate]: ...


@dataclass(frozen=True)
class Pattern:
    entity: Entity
    regex: re.Pattern[str]
    score: float
    boost: float = 0.15


class PatternDetector(Detector):
    """Regex candidates, kept only if ``validate`` accepts the matched text (checksum, date…)."""

    batched = True  # each pattern and ``validate`` read only the match (see Detector)

    def __init__(self, patterns: tuple[Pattern, ...]):
        self.patterns = patterns
        self.entities = tuple(dict.fromkeys(p.entity for p in patterns))

    def validate(self, pattern: Pattern, value: str) -> float | None:
        """Score for a matched value, or None if it fails validation. Default: the base score."""
        return pattern.score

    def find(self, text: str, header: Header) -> Iterator[Candidate]:
        for pattern in self.patterns:
            for m in pattern.regex.finditer(text):
                score = self.validate(pattern, m.group())
                if score is not None:
                    yield Candidate(pattern.entity, m.start(), m.end(), score, pattern.boost)
