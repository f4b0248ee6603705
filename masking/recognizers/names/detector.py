"""The PERSON detector: whole cells that are a name, transliterated names, and names in running text.

- Transliterated names (古丽娜尔·艾山, 次仁卓玛) come from a list of name parts and the middle dot.
- A whole cell under a name header (姓名) or in a column of bare names is a name when it is a
  surname + one or two characters ("张　伟" with a padding space included) or a transliterated name.
- Anywhere else, the name model decides (:mod:`.decode`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

from masking.entities import Entity
from masking.recognizers.base import Candidate, Detector, Header
from masking.recognizers.names.context import HONORIFICS, NameContext
from masking.recognizers.names.decode import NameDecoder
from masking.recognizers.names.learned import NameClassifier
from masking.recognizers.names.lexicon import Lexicon, alternation, lexicon, minority_names, surname_regex, surnames

MIDDLE_DOTS = "·•‧・."


class NameDetector(Detector):
    """PERSON spans: a whole cell that is a name, transliterated names, then the name model's."""

    entities = (Entity.PERSON,)

    def __init__(self, classifier: Callable[[Lexicon, NameContext, frozenset[str]], NameClassifier] = NameClassifier) -> None:
        """``classifier`` builds the candidate classifier (the shipped model by default; training
        passes one with its own weights)."""
        lex = lexicon()
        self._stop = lex.stop
        self._context = NameContext(lex)
        self._decoder = NameDecoder(lex, self._context)
        self.classifier = classifier(lex, self._context, self._decoder.given_chars)
        self._surname_at = surname_regex()
        parts, chars = minority_names()
        # A leading character class lets the regex engine skip ahead to where a part can start.
        firsts = "".join(sorted({p[0] for p in parts}))
        self._minority_run = re.compile(f"(?=[{firsts}])(?:{alternation(parts)}){{2,4}}")
        self._minority_part = re.compile(f"(?<![\u4e00-\u9fff])(?=[{firsts}])(?:{alternation(parts)})|(?<=[人员者民主属]|[:：])(?=[{firsts}])(?:{alternation(parts)})")
        mc = "".join(sorted(chars))
        self._dotted = re.compile(f"[{mc}]{{2,8}}(?:\\s?[{re.escape(MIDDLE_DOTS)}]\\s?[{mc}]{{2,8}}){{1,2}}")
        self._any_dot = re.compile(f"[{re.escape(MIDDLE_DOTS)}]")
        self._whole = re.compile(f"\\s*(?P<name>(?:{alternation(surnames())})[ \u3000]?[\u4e00-\u9fff]{{1,2}})\\s*")
        common = math.log(100) + lex.unknown
        self._common = frozenset(w for w, p in lex.words.items() if 2 <= len(w) <= 3 and p >= common)

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
            if given and not any(c in self._stop for c in given) and name not in HONORIFICS and given not in HONORIFICS:
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
        if self._any_dot.search(text) is not None:  # most texts hold no middle dot: skip the regex
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
            if self._context.marks_person(text, s, e):
                found.append((s, e, 0.6))
        found.extend(f for f in self.model_names(text) if not any(a < f[1] and f[0] < b for a, b, _ in found))
        for start, end, score in found:
            yield Candidate(Entity.PERSON, start, end, score, 0.0)

    def proposals(self, text: str) -> list[tuple[int, int, str, float]]:
        """Every span the classifier is asked about (what training learns from)."""
        starts = self._decoder.starts(text)
        return self.classifier.propose(text, self._decoder.names(text, starts), starts)

    def model_names(self, text: str) -> list[tuple[int, int, float]]:
        """Names in running text: the proposals the learned classifier accepts."""
        return self.classifier.choose(text, self.proposals(text))
