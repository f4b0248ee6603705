"""The masker's own marks in a text, made boundaries that no recogniser reads across.

Masking leaves marks: a label for a suppressed value (``[姓名]``, ``[固定电话]``), the mask
character of a partial mask (``张*``, ``138****5678``), a keyed pseudonym (``PS`` + 24 base-32
characters). Read as text they mislead: the label ``固定电话`` is a context word that turns the
next eight digits into a landline (``[固定电话]、82001129``), its brackets are punctuation that
make the characters beside them a signature-line name (``古德[姓名]``, ``[姓名]伍德大师``).

Before recognition every mark is overwritten, character for character (offsets stay the
text's), with :data:`FILL` — not a letter, digit, Han character or punctuation, so it joins
nothing, ends every number and name, and says nothing about what is next to it.

>>> blank_marks("[固定电话]、82001129")
'\\ufffc\\ufffc\\ufffc\\ufffc\\ufffc\\ufffc、82001129'
>>> blank_marks("张*与李四")
'张\\ufffc与李四'
"""

from __future__ import annotations

import re

from masking.entities import ENTITY_ZH
from masking.recognizers.base import MARK_FILL
from masking.transforms import SUPPRESSED_LABEL

FILL = MARK_FILL  # U+FFFC OBJECT REPLACEMENT CHARACTER: "something stood here"
# Labels a suppressed value becomes in free text (transforms.SUPPRESSED_LABEL) and the entity
# names: all are marks, whoever wrote them.
LABELS = frozenset({*ENTITY_ZH.values(), *SUPPRESSED_LABEL.values()})
MASK_CHARS = "*"
_MARK = re.compile(
    r"\[(?:" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)) + r")\]"
    rf"|[{re.escape(MASK_CHARS)}]+"
    r"|(?<![0-9A-Za-z])PS[A-Z2-7]{24}(?![0-9A-Za-z])"
)
_MAYBE = re.compile(r"[\[*]|PS")


def blank_marks(text: str) -> str:
    """``text`` with every mark overwritten by :data:`FILL` (same length, same offsets)."""
    if _MAYBE.search(text) is None:
        return text
    return _MARK.sub(lambda m: FILL * len(m.group()), text)


def mark_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every mark in ``text``."""
    return [m.span() for m in _MARK.finditer(text)]
