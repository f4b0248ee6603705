"""Motor-vehicle plates (GA 36): ordinary, trailer/police/HK-Macau suffixes, new-energy plates.

After the province character and the issuing office's letter, an ordinary serial is five
letters and digits (浙B12345, 浙BA1234, 浙B·AB123, 浙B·ABC12: plates chosen online may hold
three letters) or four and a suffix character (浙B1234学); a new-energy serial is six: a
letter for the energy type then a letter or digit and four digits (浙AD12345, 浙B·DA1234, and
since 2022 A–K as the first letter), or five digits and the letter (浙B12345D). The middle dot
is written ·, •, ・, . or -, with or without spaces.
"""

from __future__ import annotations

import re

from masking.entities import Entity
from masking.recognizers.base import Pattern, PatternDetector

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "[A-HJ-NP-Z]"  # I and O are not issued
_ALNUM = "[A-HJ-NP-Z0-9]"
_ENERGY = "[A-HJK]"  # the energy-type letter of a new-energy plate
_DOT = r"(?:\s?[·•・‧.-]\s?|\s)"


class PlateDetector(PatternDetector):
    def __init__(self) -> None:
        body = (
            f"(?:{_ENERGY}{_ALNUM}\\d{{4}}"  # new energy, small: 浙AD12345, 浙B·DA1234
            f"|\\d{{5}}{_ENERGY}"  # new energy, large: 浙B12345D
            f"|{_ALNUM}{{4}}[0-9A-HJ-NP-Z挂学警港澳领使])"  # ordinary: 浙B12345, 浙B·ABC12, 浙B1234学
        )
        regex = re.compile(f"[{PROVINCES}]{_LETTER}{_DOT}?{body}(?![0-9A-Za-z])")
        super().__init__((Pattern(Entity.CN_LICENSE_PLATE, regex, 0.75, 0.2),))

    def validate(self, pattern: Pattern, value: str) -> float | None:
        serial = re.sub(r"[\s·•・‧.-]", "", value)[2:]
        digits = sum(c.isdigit() for c in serial)
        # Three letters at most in an ordinary serial, four after a middle dot (沪A·ABCD1), which
        # marks a plate; a serial of letters alone is a word (浙BABCDE).
        dotted = any(c in "·•・‧" for c in value)
        if len(serial) == 5 and digits < (1 if dotted else 2):
            return None
        return pattern.score
