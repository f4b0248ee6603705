"""Numbers as they are written in real records (issue 11 item 3).

The shapes come from public text: contact pages and documents quoting landlines with the
local number in groups (``0571- 8669xxxx``, ``021-5160 2757``), a credit-code normaliser's test
cases (``91110108-7177-43469K``, ``9133 0100 7996 5505 8B``, en and em dashes from
spreadsheets), plates as GA 36 and the online plate choice write them. Digits of personal
numbers are changed; the credit codes are organisations' public codes.
"""

from __future__ import annotations

import pytest


def found(scanner, text: str) -> list[tuple[str, str]]:
    return [(s.entity.value, text[s.start : s.end]) for s in scanner.scan(text)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("电话：0571- 86691234（工作日）", "0571- 86691234"),
        ("电话：021-5160 2757", "021-5160 2757"),
        ("传真：021-6091 1164", "021-6091 1164"),
        ("座机0574-8765-4321", "0574-8765-4321"),
        ("联系电话0574 8765 4321转201", "0574 8765 4321转201"),
        ("电话（0574）8765-4321", "（0574）8765-4321"),
        ("办公室电话0574—87654321", "0574—87654321"),
        ("固定电话8765-4321", "8765-4321"),
        ("0574-8765432", "0574-8765432"),  # four-digit area code, seven-digit number
    ],
)
def test_landlines_in_groups(scanner, text, value):
    assert found(scanner, text) == [("CN_LANDLINE", value)]


@pytest.mark.parametrize("text", ["服务热线：400-123-4567", "时间2024-0312-1234", "010-8765432"])
def test_not_landlines(scanner, text):
    assert [e for e, _ in found(scanner, text)] == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("车牌号浙B·AB123", "浙B·AB123"),
        ("浙B·ABC12停在楼下", "浙B·ABC12"),
        ("车牌浙B ABC12", "浙B ABC12"),
        ("沪A·ABCD1违停", "沪A·ABCD1"),
        ("新能源车浙AD12345", "浙AD12345"),
        ("车辆浙B·DA1234", "浙B·DA1234"),
        ("浙AF12345充电", "浙AF12345"),
        ("货车浙B12345D", "浙B12345D"),
        ("车辆浙A・DB123被刮", "浙A・DB123"),
        ("苏E·3DA87", "苏E·3DA87"),
        ("京A1234学", "京A1234学"),
    ],
)
def test_plates_with_letters(scanner, text, value):
    assert found(scanner, text) == [("CN_LICENSE_PLATE", value)]


@pytest.mark.parametrize("text", ["京ABCDEF", "沪AABCD1", "浙江ABC12", "川大学"])
def test_not_plates(scanner, text):
    assert [e for e, _ in found(scanner, text)] == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("统一社会信用代码：91110108-7177-43469K", "91110108-7177-43469K"),
        ("USCC 9133 0100 7996 5505 8B", "9133 0100 7996 5505 8B"),
        ("代码91110108–71774—3469K", "91110108–71774—3469K"),
        ("信用代码 91330100799655058B", "91330100799655058B"),
    ],
)
def test_credit_codes_in_groups(scanner, text, value):
    assert found(scanner, text) == [("CN_USCC", value)]


def test_a_code_spelt_out_one_character_at_a_time_is_no_code(scanner):
    assert found(scanner, "9 1 3 3 0 1 0 0 7 9 9 6 5 5 0 5 8 B") == []


@pytest.mark.parametrize("text", ["主持人：：大家好", "王：：嗯", "比分1::2", "a::b"])
def test_colons_are_no_ip_address(scanner, text):
    assert "IP_ADDRESS" not in [e for e, _ in found(scanner, text)]


@pytest.mark.parametrize(
    "text, value",
    [("IP：2408:8456:3c10::1", "2408:8456:3c10::1"), ("IPv6:fe80::1", "fe80::1"), ("地址fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a")],
)
def test_ipv6_still_found(scanner, text, value):
    assert ("IP_ADDRESS", value) in found(scanner, text)
