from __future__ import annotations

import pytest

from masking.scan import Scanner
from standards.checksums import org_code_valid, resident_id_check_code, uscc_check_code, uscc_valid


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    """Built once: loading jieba's dictionary and compiling the grammars costs ~0.5 s."""
    return Scanner()


def make_id(area: str = "330203", born: str = "19900101", seq: str = "123") -> str:
    first = area + born + seq
    return first + resident_id_check_code(first)


def make_uscc(prefix: str = "91330203MA2GQ6XX") -> str:
    first = prefix + "2"
    first = first[:17]
    return first + uscc_check_code(first)


def id_that_is_also_uscc() -> str:
    """An 18-digit resident ID that is also a well-formed credit code: mod 31 and the embedded
    GB 11714 organisation code both pass (about 1 ID in 340), and whose digits 3-4 read as a
    province (镇江 3211…, so the code's division segment is plausible too)."""
    for area in ("321102", "513301", "371402"):
        for seq in range(1000):
            value = make_id(area=area, seq=f"{seq:03d}")
            if value.isdigit() and uscc_valid(value) and org_code_valid(value[8:17]):
                return value
    raise AssertionError("no ID/USCC collision found")
