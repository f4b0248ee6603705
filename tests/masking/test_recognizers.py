from __future__ import annotations

import pytest

from masking.entities import Entity
from tests.masking.conftest import id_that_is_also_uscc, make_id, make_uscc


def found(scanner, text: str, header: str = "") -> list[tuple[str, str]]:
    return [(s.entity.value, text[s.start : s.end]) for s in scanner.scan(text, scanner.header(header))]


@pytest.mark.parametrize(
    "text, entity, value",
    [
        (f"身份证号{make_id()}", "CN_RESIDENT_ID", make_id()),
        ("身份证330203900101123", "CN_RESIDENT_ID", "330203900101123"),  # 15-digit legacy
        (f"统一社会信用代码{make_uscc()}", "CN_USCC", make_uscc()),
        (f"代码{make_uscc('N2330205MAMDDJGK')}", "CN_USCC", make_uscc("N2330205MAMDDJGK")),
        ("卡号6222021234567890127未到账", None, None),  # Luhn fails
        ("联系电话13812345678", "CN_MOBILE", "13812345678"),
        ("手机+86 138-1234-5678。", "CN_MOBILE", "+86 138-1234-5678"),
        ("座机0574-87654321", "CN_LANDLINE", "0574-87654321"),
        ("电话（0574）87654321", "CN_LANDLINE", "（0574）87654321"),
        ("车牌浙B12345", "CN_LICENSE_PLATE", "浙B12345"),
        ("新能源车浙BD12345", "CN_LICENSE_PLATE", "浙BD12345"),
        ("护照E12345678", "CN_PASSPORT", "E12345678"),
        ("港澳通行证C12345678", "CN_HK_MACAU_PERMIT", "C12345678"),
        ("邮箱wang.xy@163.com联系", "EMAIL_ADDRESS", "wang.xy@163.com"),
        ("来源IP 192.168.1.10", "IP_ADDRESS", "192.168.1.10"),
        ("市民张伟来电反映路灯不亮", "PERSON", "张伟"),
        ("联系人：欧阳娜娜", "PERSON", "欧阳娜娜"),
        ("王秀英反映噪音", "PERSON", "王秀英"),
        ("家住海曙区鼓楼街道中山西路138号3幢502室", "ADDRESS", "海曙区鼓楼街道中山西路138号3幢502室"),
        ("反映宁波市海曙区横街镇镇明路88弄5号", "ADDRESS", "宁波市海曙区横街镇镇明路88弄5号"),
    ],
)
def test_recognises(scanner, text, entity, value):
    result = found(scanner, text)
    if entity is None:
        assert result == []
    else:
        assert (entity, value) in result


def test_bank_card_19_digit_unionpay(scanner):
    body = "622202123456789012"
    card = next(body + d for d in "0123456789" if __import__("standards.checksums").checksums.luhn_valid(body + d))
    assert found(scanner, f"工资卡{card}") == [("BANK_CARD", card)]
    grouped = " ".join(card[i : i + 4] for i in range(0, 19, 4))
    assert found(scanner, f"卡号{grouped}") == [("BANK_CARD", grouped)]


def test_resident_id_checksum_and_date(scanner):
    good = make_id()
    bad_check = good[:17] + str((int(good[17]) + 1) % 10 if good[17] != "X" else 0)
    bad_date = make_id(born="19901301")
    assert found(scanner, f"身份证号{bad_check}") == []
    assert found(scanner, f"身份证号{bad_date}") == []


@pytest.mark.parametrize(
    "text",
    [
        "工单编号13812345678已办结",
        "发票号码04512345，发票代码330223113012",
        "金额12000.00元，日期20240312",
        "于2024-03-12受理，拨打12345热线",
        "李先生来电咨询",
        "张某反映情况属实",
        "鼓楼街道辖区内路灯不亮",
        "大家都很高兴，周末方便",
        "系统版本V2.3.1",
        "订单号461409910578770514",
        "区政府5楼会议室",
    ],
)
def test_hard_negatives(scanner, text):
    assert found(scanner, text) == []


def test_full_width_digits_keep_offsets(scanner):
    text = "手机１３８１２３４５６７８"
    assert found(scanner, text) == [("CN_MOBILE", "１３８１２３４５６７８")]


def test_context_word_raises_score(scanner):
    bare = scanner.scan("13812345678")[0].score
    with_context = scanner.scan("手机13812345678")[0].score
    assert with_context > bare


def test_id_vs_uscc_tie_rule(scanner):
    value = id_that_is_also_uscc()
    # No context: the resident ID reading wins (over-masking is the safe error).
    assert found(scanner, f"号码{value}") == [("CN_RESIDENT_ID", value)]
    assert found(scanner, value) == [("CN_RESIDENT_ID", value)]
    # The nearest context word decides.
    assert found(scanner, f"统一社会信用代码：{value}") == [("CN_USCC", value)]
    assert found(scanner, f"信用代码{make_uscc()}，身份证号{value}") == [
        ("CN_USCC", make_uscc()),
        ("CN_RESIDENT_ID", value),
    ]


def test_name_column_by_header(scanner):
    assert found(scanner, "张伟", header="户主姓名") == [("PERSON", "张伟")]
    # A bare name is still a name; the header only makes it surer.
    bare = scanner.scan("张伟")
    headed = scanner.scan("张伟", scanner.header("户主姓名"))
    assert [s.entity for s in bare] == [Entity.PERSON] and headed[0].score >= bare[0].score


def test_presidio_engine_offline():
    from masking.engine import build_analyzer

    analyzer = build_analyzer()
    text = "市民张伟来电，手机13812345678"
    results = {(r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, language="zh")}
    assert {("PERSON", "张伟"), ("CN_MOBILE", "13812345678")} <= results
    assert Entity.CN_MOBILE.value in analyzer.get_supported_entities("zh")
