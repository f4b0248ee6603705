"""Free text typed into the workflow (a ticket's description, a resolution note, a reason) must
not carry personal values: rows are named by lineage key, never by a resident's ID or phone.

The check is the masking package's recognisers (one definition of what personal data looks
like) plus one blunt rule of our own: a run of 11 or more digits is refused whatever it is,
because the ID a clerk pastes into a ticket is often exactly the one whose check digit is
wrong, which no checksum-validating recogniser will call an ID. Refusals name the kind found,
never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from workflow.errors import WorkflowError, invalid

MAX_TEXT = 2000
# Lineage keys, batch ids and finding ids (hex hashes of 20-64 digits, at least one a-f) are
# ours and safe; their hex part may hold long digit runs (a 24-hex finding id does, 1 in 25).
_LINEAGE = re.compile(r"[a-z][a-z0-9_]*-[0-9a-f]{16}(?::[0-9]+)?|(?<![0-9A-Za-z])(?=[0-9]*[a-f])[0-9a-f]{20,64}(?![0-9A-Za-z])")
_LONG_NUMBER = re.compile(r"[0-9０-９]{11,}|[0-9]{14,17}[Xx]")


def personal_kinds(text: str) -> list[str]:
    """Kinds of personal data seen in ``text``, as Chinese+English labels; empty if none."""
    from catalog.model import PersonalKind
    from masking.entities import ENTITY_KIND, ENTITY_ZH
    from masking.scan import default_scanner

    kinds = {f"{ENTITY_ZH[s.entity]} {s.entity.value}" for s in default_scanner().scan(text) if ENTITY_KIND[s.entity] is not PersonalKind.none}
    if _LONG_NUMBER.search(_LINEAGE.sub(" ", text)):
        kinds.add("长数字串（身份证号、手机号或卡号） long number (ID, phone or card number)")
    return sorted(kinds)


def checked_text(text: str | None, label_zh: str, label_en: str, *, required: bool = False) -> str:
    """``text`` stripped, or a refusal that says what was found and what to do instead."""
    value = (text or "").strip()
    if required and not value:
        raise invalid(f"[{label_zh}] 不能为空", f"[{label_en}] is required", "missing_text")
    if len(value) > MAX_TEXT:
        raise invalid(f"[{label_zh}] 超过{MAX_TEXT}字", f"[{label_en}] is longer than {MAX_TEXT} characters", "text_too_long")
    if value and (kinds := personal_kinds(value)):
        raise personal_data_refusal(label_zh, label_en, kinds)
    return value


def personal_data_refusal(label_zh: str, label_en: str, kinds: Iterable[str]) -> WorkflowError:
    found = "；".join(kinds)
    return invalid(
        f"[{label_zh}] 疑似含有个人信息（{found}），请删除，用行键（批次号:行号）指代记录",
        f"[{label_en}] seems to contain personal data; remove it and refer to records by lineage key (batch_id:row)",
        "personal_data",
    )


def assert_no_long_numbers(detail: Mapping[str, object]) -> None:
    """The audit log's guard: structured details never hold a number that could be an ID or phone."""
    for key, value in detail.items():
        for text in value if isinstance(value, list | tuple) else [value]:
            if isinstance(text, str) and _LONG_NUMBER.search(_LINEAGE.sub(" ", text)):
                raise ValueError(f"audit detail {key!r} holds a long number: personal values never enter the audit log")
