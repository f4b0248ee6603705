"""Motor-vehicle plates (GA 36): ordinary, trailer/police/HK-Macau suffixes, new-energy plates."""

from __future__ import annotations

import re

from masking.entities import Entity
from masking.recognizers.base import Pattern, PatternDetector

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_ALNUM = "[A-HJ-NP-Z0-9]"  # I and O are not issued


class PlateDetector(PatternDetector):
    def __init__(self) -> None:
        body = (
            r"(?:[DF]" + _ALNUM + r"\d{4}"  # new energy, small: 浙BD12345
            r"|\d{5}[DF]"  # new energy, large: 浙B12345D
            r"|" + _ALNUM + r"{4}[0-9A-HJ-NP-Z挂学警港澳])"  # ordinary: 浙B12345, 浙BA1234, 浙B1234学
        )
        regex = re.compile(f"[{PROVINCES}][A-Z][ ·•.-]?{body}(?![0-9A-Za-z])")
        super().__init__((Pattern(Entity.CN_LICENSE_PLATE, regex, 0.75, 0.2),))

    def validate(self, pattern: Pattern, value: str) -> float | None:
        # Ordinary plates carry at most two letters after the issuing-office letter.
        return pattern.score if sum(c.isdigit() for c in value) >= 3 else None
