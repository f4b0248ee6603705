"""The privacy gate reads its own masks as masks, and still catches names left in clear."""

from __future__ import annotations

from catalog.model import PersonalKind
from masking.transforms import is_mask_residue, mask_value


def test_masked_compound_surname_is_residue():
    masked = "联系人:" + mask_value(PersonalKind.name, "欧阳明华") + ",电话"
    start = masked.index("欧阳")
    assert masked[start:start + 4] == "欧阳**"
    assert is_mask_residue(PersonalKind.name, masked, start, start + 2)


def test_name_in_clear_next_to_a_mask_is_not_residue():
    text = "张*与李建国"
    start = text.index("李")
    assert not is_mask_residue(PersonalKind.name, text, start, start + 3)


def test_only_names_may_keep_a_visible_head():
    text = "电话13812345678*"
    assert not is_mask_residue(PersonalKind.mobile, text, 2, 13)
    assert is_mask_residue(PersonalKind.mobile, "138****5678", 0, 11)
