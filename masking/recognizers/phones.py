"""Telephone numbers: mobiles (with +86/0086, spaces or dashes) and landlines with area codes."""

from __future__ import annotations

import re

from masking.entities import Entity
from masking.recognizers.base import Pattern, PatternDetector

_L = r"(?<![0-9A-Za-z])"
_R = r"(?![0-9A-Za-z])"

# Area codes: 010 and 02x are followed by 8-digit numbers, 0[3-9]xx by 7 or 8.
_AREA = r"0(?:10|2\d|[3-9]\d{2})"
# The local number, whole or in groups as people write it: 87654321, 8765 4321, 8765-4321, 876-5432.
_SUBSCRIBER = r"[2-9]\d{2,3}[ -]?\d{4}"
# Between area code and local number: -, a space, both (0571- 8669…), or a dash from a word processor.
_SEP = r"(?:\s?[-–—]\s?|\s)"
# An extension belongs to the number: 0574-87654321转8021, 分机 123, -8021, ext. 12
_EXT = r"(?:\s?(?:转|分机号?|ext\.?|EXT\.?|x)\s?\d{1,5}|-\d{1,5})?"


class MobileDetector(PatternDetector):
    def __init__(self) -> None:
        # A lookahead of the first character lets the regex engine skip to where a number can start.
        regex = re.compile("(?=[+018])" + _L + r"(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}" + _R)
        super().__init__((Pattern(Entity.CN_MOBILE, regex, 0.8),))


_EXT_TAIL = re.compile(r"(?:\s?(?:转|分机号?|ext\.?|EXT\.?|x)\s?\d{1,5}|(?<=\d{7})-\d{1,5})$")


class LandlineDetector(PatternDetector):
    def __init__(self) -> None:
        super().__init__(
            (
                # (0574)87654321, （0574）8765-4321 is folded to half width before matching
                Pattern(Entity.CN_LANDLINE, re.compile(r"\(" + _AREA + r"\)\s?-?\s?" + _SUBSCRIBER + _EXT + _R), 0.8),
                Pattern(Entity.CN_LANDLINE, re.compile("(?=0)" + _L + _AREA + _SEP + _SUBSCRIBER + _EXT + _R), 0.8),
                Pattern(Entity.CN_LANDLINE, re.compile("(?=0)" + _L + _AREA + r"[2-9]\d{6,7}" + _EXT + _R), 0.6, 0.3),
                # A bare local number is eight digits like many others: only beside 电话/座机.
                Pattern(Entity.CN_LANDLINE, re.compile(r"(?=[2-9])(?<![0-9A-Za-z)-])[2-9]\d{3}-?\d{4}" + _R), 0.3, 0.35),
            )
        )

    def validate(self, pattern: Pattern, value: str) -> float | None:
        digits = re.sub(r"\D", "", _EXT_TAIL.sub("", value))
        if digits.startswith("0"):
            # 010 and 02x are followed by eight digits; four-digit codes by seven or eight.
            lengths = (11,) if digits[1] in "12" else (11, 12)
            if len(digits) not in lengths:
                return None
        return pattern.score
