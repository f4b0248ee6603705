"""E-mail and IP addresses, validated offline (no public-suffix list download)."""

from __future__ import annotations

import ipaddress
import re

from masking.entities import Entity
from masking.recognizers.base import Pattern, PatternDetector

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_HEX_GROUP = re.compile(r"[0-9A-Fa-f]{3,4}")


class NetworkDetector(PatternDetector):
    def __init__(self) -> None:
        # Each pattern opens with a lookahead of its first character (\d: an octet may be any
        # digit): the regex engine skips to where a match can start.
        email = re.compile(
            r"(?=[A-Za-z0-9_%+-])(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]*@"
            r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
        )
        ipv4 = re.compile(r"(?=\d)(?<![0-9A-Za-z.])" + rf"(?:{_OCTET}\.){{3}}{_OCTET}" + r"(?![0-9A-Za-z]|\.\d)")
        # Not inside a longer hex/colon run, but right after a label's colon is fine: "IP：2408:…"
        # (the full-width colon is folded to ":"), "IPv6:fe80::1". No label before the colon is
        # the edge of a text, which BATCH_SEP (NUL) stands for.
        ipv6 = re.compile(
            r"(?=[0-9A-Fa-f:])(?:(?<![0-9A-Za-z:])|(?<=[^0-9A-Fa-f:\x00]:)|(?<=[vV]6:))(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])"
        )
        super().__init__(
            (
                Pattern(Entity.EMAIL_ADDRESS, email, 0.9),
                Pattern(Entity.IP_ADDRESS, ipv4, 0.7),
                Pattern(Entity.IP_ADDRESS, ipv6, 0.7),
            )
        )

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if pattern.entity is Entity.IP_ADDRESS and ":" in value:
            # Colons alone (`：：` after a speaker's name) or with a digit or two (1::2) are
            # punctuation or a ratio; an address has a group of three or four hex digits.
            if not _HEX_GROUP.search(value):
                return None
            try:
                ipaddress.IPv6Address(value)
            except ValueError:
                return None
        return pattern.score
