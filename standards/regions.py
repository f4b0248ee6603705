"""Division codes (GB/T 2260) as far as identifier checks need them.

>>> "33" in PROVINCE_CODES, "99" in PROVINCE_CODES
(True, False)
"""

from __future__ import annotations

# First two digits of a resident ID: the province-level division of first registration
# (Hong Kong, Macao and Taiwan residents hold other documents).
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15",  # 华北
    "21", "22", "23",  # 东北
    "31", "32", "33", "34", "35", "36", "37",  # 华东
    "41", "42", "43", "44", "45", "46",  # 中南
    "50", "51", "52", "53", "54",  # 西南
    "61", "62", "63", "64", "65",  # 西北
})
