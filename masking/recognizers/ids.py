"""Identity numbers: resident ID, unified social credit code, bank card, passport, HK/Macau permit.

Checksums come from :mod:`standards.checksums`. An 18-character all-digit string can pass both
the resident-ID and the credit-code check (about 4 % of ID numbers do); both candidates are
proposed and the scanner's deterministic rule picks one: the nearest context word decides, and
without one the resident ID wins, because reading a credit code as an ID only over-masks.
"""

from __future__ import annotations

import re

from masking.entities import Entity
from masking.recognizers.base import Pattern, PatternDetector
from standards.checksums import (
    legacy_resident_id_valid,
    luhn_valid,
    org_code_valid,
    resident_id_valid,
    uscc_valid,
)
from standards.regions import PROVINCE_CODES  # first two digits of a division code (GB/T 2260)

_L = r"(?<![0-9A-Za-z])"  # no \b: it does not fire between a Han character and a digit
# Each pattern opens with a lookahead of its first character: the regex engine then skips to
# where a match can start instead of trying the lookbehind at every character.
_R = r"(?![0-9A-Za-z])"


class ResidentIdDetector(PatternDetector):
    def __init__(self) -> None:
        super().__init__(
            (
                Pattern(Entity.CN_RESIDENT_ID, re.compile("(?=[1-9])" + _L + r"[1-9]\d{16}[\dXx]" + _R), 0.9),
                # Written in groups: 330203 19800101 123X (area, birth date, sequence + check).
                Pattern(Entity.CN_RESIDENT_ID, re.compile("(?=[1-9])" + _L + r"[1-9]\d{5}([ -])\d{8}\1\d{3}[\dXx]" + _R), 0.9),
                # 15-digit first-generation numbers have no check digit: a date and province
                # code only, so alone they stay just above the threshold and need no negative word.
                Pattern(Entity.CN_RESIDENT_ID, re.compile("(?=[1-9])" + _L + r"[1-9]\d{14}" + _R), 0.55, 0.35),
            )
        )

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if value[:2] not in PROVINCE_CODES:
            return None
        value = value.replace(" ", "").replace("-", "")
        if len(value) == 18:
            return pattern.score if resident_id_valid(value.upper()) else None
        return pattern.score if legacy_resident_id_valid(value) else None


_USCC_CHAR = "[0-9A-HJ-NPQRTUWXY]"
_GROUP_SEP = r"[ \-–—]"
_LONE_CHAR = re.compile(f"(?:^|{_GROUP_SEP}){_USCC_CHAR}(?:{_GROUP_SEP}|$)")


class UsccDetector(PatternDetector):
    """GB 32100 mod 31; a valid GB 11714 organisation-code segment raises the score."""

    def __init__(self) -> None:
        regex = re.compile("(?=[1-9ANY])" + _L + f"[1-9ANY]{_USCC_CHAR}\\d{{6}}{_USCC_CHAR}{{9}}{_USCC_CHAR}" + _R)
        # Written in groups: 91110108-7177-43469K, 9133 0100 7996 5505 8B, 91110108–71774—3469K.
        grouped = re.compile("(?=[1-9ANY])" + _L + f"[1-9ANY]{_USCC_CHAR}(?:{_GROUP_SEP}?{_USCC_CHAR}){{16}}" + _R)
        super().__init__((Pattern(Entity.CN_USCC, regex, 0.85, 0.45), Pattern(Entity.CN_USCC, grouped, 0.85, 0.45)))

    def find(self, text, header):  # type: ignore[override]
        # The grouped form also matches the plain one: each code once.
        seen: set[tuple[int, int]] = set()
        for c in super().find(text, header):
            if (c.start, c.end) not in seen:
                seen.add((c.start, c.end))
                yield c

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if len(value) > 18:
            # Groups of two characters or more, and digits where the division code stands.
            if _LONE_CHAR.search(value):
                return None
            value = re.sub(_GROUP_SEP, "", value)
            if not value[2:8].isdigit():
                return None
        if not uscc_valid(value):
            return None
        org = org_code_valid(value[8:17])
        if value.isdigit():
            # One random 18-digit string in 31 passes mod 31 (invalid ID numbers included); an
            # all-digit code is real only with a valid organisation code (pre-2015 registrations)
            # and a division code, and even then needs a context word.
            return 0.5 if org and value[2:4] in PROVINCE_CODES else None
        return 0.9 if org else 0.8


class BankCardDetector(PatternDetector):
    """16–19 digits (incl. 19-digit UnionPay), Luhn-valid, issuer prefix 3/4/5/6/9."""

    def __init__(self) -> None:
        plain = re.compile("(?=[3-69])" + _L + r"[3-69]\d{15,18}" + _R)
        grouped = re.compile("(?=[3-69])" + _L + r"[3-69]\d{3}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?" + _R)
        super().__init__(
            (Pattern(Entity.BANK_CARD, plain, 0.7, 0.25), Pattern(Entity.BANK_CARD, grouped, 0.8, 0.2))
        )

    def validate(self, pattern: Pattern, value: str) -> float | None:
        digits = value.replace(" ", "").replace("-", "")
        return pattern.score if 16 <= len(digits) <= 19 and luhn_valid(digits) else None


class TravelDocumentDetector(PatternDetector):
    """Passports (E/G ordinary, D/S/P-E official) and HK/Macau permits (C/W, H/M return permits).

    Other one-letter-eight-digit forms count only next to a passport keyword.
    """

    def __init__(self) -> None:
        doc = "[0-9A-HJ-NP-Z]"
        super().__init__(
            (
                Pattern(Entity.CN_PASSPORT, re.compile("(?=[EGDSP])" + _L + f"(?:E{doc}\\d{{7}}|G\\d{{8}}|[DSP]E\\d{{7}})" + _R), 0.6, 0.3),
                Pattern(Entity.CN_HK_MACAU_PERMIT, re.compile("(?=[CW])" + _L + f"[CW]{doc}\\d{{7}}" + _R), 0.55, 0.3),
                Pattern(Entity.CN_HK_MACAU_PERMIT, re.compile("(?=[HM])" + _L + r"[HM]\d{8}(?:\d{2})?" + _R), 0.4, 0.35),
                Pattern(Entity.CN_PASSPORT, re.compile(r"(?=[ABD-GI-LN-VX-Z\d])" + _L + r"(?:[ABD-GI-LN-VX-Z]\d{8}|\d{9})" + _R), 0.3, 0.35),
            )
        )

    def find(self, text, header):  # type: ignore[override]
        # The loose passport form overlaps the specific ones; the specific reading is kept.
        seen: set[tuple[int, int]] = set()
        for c in super().find(text, header):
            if (c.start, c.end) not in seen:
                seen.add((c.start, c.end))
                yield c
