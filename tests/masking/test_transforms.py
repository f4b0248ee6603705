from __future__ import annotations

import polars as pl
import pytest

from catalog.model import PersonalKind as K
from masking.policy import Action, ReleaseClass, Rule, load_policy
from masking.transforms import column_expr, mask_value, pseudonym
from tests.masking.conftest import make_id


@pytest.mark.parametrize(
    "kind, value, style, expected",
    [
        (K.resident_id, "330203199001011234", None, "330203********1234"),
        (K.mobile, "13812345678", None, "138****5678"),
        (K.mobile, "+86 138-1234-5678", None, "138****5678"),
        (K.name, "张伟", "star", "张*"),
        (K.name, "王秀英", "star", "王**"),
        (K.name, "欧阳娜娜", "star", "欧阳**"),
        (K.name, "张伟", "mou", "张某"),
        (K.bank_card, "6222 0212 3456 7890 127", None, "6222***********0127"),
        (K.license_plate, "浙B·12345", None, "浙B***45"),
        (K.email, "wang.xy@163.com", None, "w***@163.com"),
        (K.ip_address, "192.168.1.10", None, "192.168.*.*"),
    ],
)
def test_mask_conventions(kind, value, style, expected):
    assert mask_value(kind, value, style) == expected


@pytest.mark.parametrize("kind", [K.resident_id, K.mobile, K.name, K.bank_card, K.license_plate, K.email])
def test_column_form_equals_scalar_form(kind):
    values = {
        K.resident_id: ["330203199001011234", "33020390010112X"],
        K.mobile: ["13812345678", "+86 139 1234 5678"],
        K.name: ["张伟", "欧阳娜娜"],
        K.bank_card: ["6222021234567890127", "4367 4212 3456 7890"],
        K.license_plate: ["浙B12345", "浙BD12345"],
        K.email: ["a@b.cn", "wang.xy@163.com"],
    }[kind]
    rule = Rule(action=Action.mask, style="star")
    out = pl.DataFrame({"c": values}).select(column_expr("c", pl.String, kind, rule, b"k")).get_column("c").to_list()
    assert out == [mask_value(kind, v, "star") for v in values]


def test_pseudonym_keyed_stable_and_not_a_plain_hash():
    value = make_id()
    a = pseudonym(K.resident_id, value, b"key-1")
    assert a == pseudonym(K.resident_id, value.lower(), b"key-1")  # normalised first
    assert a != pseudonym(K.resident_id, value, b"key-2")
    assert value not in a
    import hashlib

    assert hashlib.sha256(value.encode()).hexdigest()[:10].upper() not in a


def test_generalisation():
    rule = Rule(action=Action.generalise)
    frame = pl.DataFrame({"a": ["浙江省宁波市海曙区鼓楼街道中山西路138号3幢502室"], "b": ["1990-05-17"]})
    out = frame.select(column_expr("a", pl.String, K.address, rule, b"k"), column_expr("b", pl.String, K.birth_date, rule, b"k"))
    assert out.row(0) == ("浙江省宁波市海曙区鼓楼街道", "1990")


def test_every_policy_rules_every_kind():
    for release_class in ReleaseClass:
        policy = load_policy(release_class)
        assert policy.rule(K.resident_id).action is not Action.keep


def test_policy_missing_kind_is_an_error():
    from masking.policy import Policy

    with pytest.raises(ValueError, match="no rule"):
        Policy.model_validate({"release_class": "open", "label": "x", "lineage": "drop", "rules": {"name": {"action": "suppress"}}})
