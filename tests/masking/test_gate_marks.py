"""The gate judges content, not the masker's own marks (issue 11 item 4)."""

from __future__ import annotations

import polars as pl
import pytest

from catalog.model import PersonalKind
from masking.gate import check, settle
from masking.marks import FILL, blank_marks
from masking.policy import ReleaseClass, load_policy
from tests.masking.conftest import make_id

KEY = b"gate-test"


def found(scanner, text: str) -> list[tuple[str, str]]:
    return [(s.entity.value, text[s.start : s.end]) for s in scanner.scan(text)]


def test_marks_are_blanked_in_place():
    text = "联系人[姓名]，电话138****5678，[固定电话]"
    blank = blank_marks(text)
    assert len(blank) == len(text)
    assert blank.count(FILL) == len("[姓名]") + 4 + len("[固定电话]")
    assert blank_marks("没有标记的文字") == "没有标记的文字"


@pytest.mark.parametrize("text", ["[固定电话]、82001129", "[手机号]82001129", "[固定电话] 0574"])
def test_a_label_is_no_context_word(scanner, text):
    # The label 固定电话 inside a placeholder would make the next eight digits a landline.
    assert found(scanner, text) == []


def test_a_keyword_does_not_speak_across_a_mark(scanner):
    assert found(scanner, "固定电话、82001129") == [("CN_LANDLINE", "82001129")]
    assert found(scanner, "固定电话[固定电话]、82001130") == []


def test_residue_is_no_value(scanner):
    assert found(scanner, "联系电话138****5678，身份证330203********1234") == []
    assert [e for e, _ in found(scanner, "张*与李建国")] == ["PERSON"]  # only the name in clear


def _check(scanner, output: list[str], original: list[str] | None):
    frame = pl.DataFrame({"content": output})
    before = {"content": original} if original is not None else None
    return check(frame, {"content": PersonalKind.free_text}, {}, load_policy(ReleaseClass.open), scanner, 1, before)


def test_a_reading_made_by_masking_does_not_fail(scanner):
    # 古德 before a mark reads as a name, but in the original those characters were part of a
    # longer name (古德里奇) that masking replaced: a reading made by masking, not a leak.
    result = _check(scanner, ["市民古德[姓名]大师"], ["市民古德里奇大师"])
    assert result.passed and result.after_masking == {("content", 0): 1}
    assert not result.cells


def test_personal_data_of_the_original_left_in_clear_fails(scanner):
    original = [f"市民张伟来电，身份证号{make_id()}"]
    result = _check(scanner, original, original)
    assert not result.passed
    assert any("CN_RESIDENT_ID" in p for p in result.all_problems)
    assert all(make_id() not in p for p in result.all_problems)  # never the value itself


def test_without_the_original_every_finding_counts(scanner):
    assert not _check(scanner, [f"身份证号{make_id()}"], None).passed


def test_settle_masks_again_until_nothing_new(scanner):
    policy = load_policy(ReleaseClass.restricted)
    text = "消费者屠德龙于2026年9月4日来电，同行的王伍德未到场"
    # A first pass that left one name in clear (as a weaker first reading would): the gate's
    # re-scan finds it in the original too, masks the cell again, and then finds nothing new.
    first_pass = pl.DataFrame({"content": ["消费者[姓名]于2026年9月4日来电，同行的王伍德未到场"]})
    kinds = {"content": PersonalKind.free_text}
    out, result = settle(first_pass, kinds, {}, policy, scanner, KEY, 1, {"content": [text]})
    assert result.passed and result.masked_again == 1
    assert "屠德龙" not in out["content"][0] and "王伍德" not in out["content"][0]
    assert check(out, kinds, {}, policy, scanner, 1, {"content": [text]}).free_text_rows == {}


def test_a_place_the_policy_keeps_read_as_a_name_does_not_fail(scanner):
    # Generalised to its street, 张家港杨舍镇 keeps a town the name model reads as a person (张家港):
    # the policy kept it on purpose, so the gate must not refuse the release for it.
    released = "张家港杨舍镇"
    header = scanner.infer_header("收件地址", [released])
    assert ("PERSON", "张家港") in [(s.entity.value, released[s.start : s.end]) for s in scanner.scan(released, header)]
    policy = load_policy(ReleaseClass.open)
    frame = pl.DataFrame({"address": [released]})
    assert check(frame, {"address": PersonalKind.address}, {"address": "收件地址"}, policy, scanner, 1).passed
    # The same reading in a column that is not generalised is still a name left in clear.
    named = pl.DataFrame({"address": ["张家港杨舍镇 收件人张家港"]})
    assert not check(named, {"address": PersonalKind.address}, {"address": "收件地址"}, policy, scanner, 1).passed


def test_a_unit_after_a_number_is_no_surname(scanner):
    assert found(scanner, "送货到文三路4号楼欣歌公寓") == [("ADDRESS", "文三路4号楼")]
    assert ("PERSON", "楼欣歌") in found(scanner, "请联系楼欣歌先生")  # 楼 is still a surname elsewhere


def test_a_place_kept_in_free_text_read_as_a_name_does_not_fail(scanner):
    original = "张家港杨舍镇人民路12号"
    released = "张家港杨舍镇"  # the open policy keeps the street level of an address in free text
    assert found(scanner, released) == [("PERSON", "张家港")]
    assert _check(scanner, [released], [original]).passed
    # Beside it, the same characters as a person the original names in clear still fail.
    assert not _check(scanner, ["张家港杨舍镇，张家港"], ["张家港杨舍镇人民路12号，张家港"]).passed
