"""An application as a unit states it, checked against the catalog before anything is stored:
the dataset exists, the items belong to it, the share mode and access fit together, the release
class is the one the share class allows (Art. 16-17), and the texts carry no personal values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from catalog.model import Catalog, CatalogEntry, ShareClass, ShareMode
from sharing.vocabulary import ACCESS_OF_MODE, RELEASE_OF_CLASS, Access, ReleaseKind
from workflow.errors import invalid, not_found
from workflow.privacy import checked_text


@dataclass(frozen=True)
class ApplicationDraft:
    dataset: str
    purpose: str
    share_mode: str = ShareMode.interface.value
    access: str | None = None  # default: the mode's first kind of access
    items: list[str] = field(default_factory=list)  # empty: every item of the dataset
    release: str | None = None  # default: the one the share class allows
    business_process: str = ""
    scenario: str = ""
    until: date | None = None


@dataclass(frozen=True)
class CheckedApplication:
    entry: CatalogEntry
    share_mode: ShareMode
    access: Access
    release: ReleaseKind
    items: list[str]
    purpose: str
    business_process: str
    scenario: str
    until: date | None


def check(draft: ApplicationDraft, catalog: Catalog, today: date) -> CheckedApplication:
    try:
        entry = catalog.dataset(draft.dataset)
    except KeyError:
        raise not_found("[数据集] 目录中无此数据集", "[dataset] no such dataset in the catalog", ) from None
    share_class = entry.dataset.share_class
    mode = _choice(ShareMode, draft.share_mode, "提供方式", "share_mode")
    allowed = ACCESS_OF_MODE[mode]
    access = _choice(Access, draft.access, "获取方式", "access") if draft.access else allowed[0]
    if access not in allowed:
        raise invalid(f"[获取方式] {mode.value} 方式只能 {'/'.join(a.value for a in allowed)}",
                      f"[access] share mode {mode.value} allows only {'/'.join(a.value for a in allowed)}", "invalid_access")
    release = RELEASE_OF_CLASS[share_class]
    if draft.release and draft.release != release.value:
        if share_class is ShareClass.not_shared:
            raise invalid("[发布类别] 非共享类数据只能申请脱敏副本（not_shared）",
                          "[release] not-shared data can be applied for only as its de-identified release (not_shared)",
                          "identified_not_shared")
        raise invalid(f"[发布类别] 该数据集为{share_class.value}，只能申请 {release.value}",
                      f"[release] this dataset is {share_class.value}: only the {release.value} release can be applied for",
                      "wrong_release")
    names = [f.name for f in entry.dataset.fields]
    items = list(dict.fromkeys(draft.items)) or names
    if unknown := [i for i in items if i not in names]:
        raise invalid(f"[数据项] 不属于该数据集：{len(unknown)}项", f"[items] {len(unknown)} not in this dataset (see `dw catalog show`)",
                      "unknown_items")
    key = entry.dataset.key_fields[0].name if entry.dataset.key_fields else None
    if access is Access.lookup and key not in items:
        items = [key, *items] if key else items  # a lookup answers with the key it was asked for
    purpose = checked_text(draft.purpose, "用途", "purpose", required=True)
    needs_detail = share_class is not ShareClass.unconditional
    process = checked_text(draft.business_process, "业务流程", "business process", required=needs_detail)
    scenario = checked_text(draft.scenario, "应用场景", "scenario", required=needs_detail)
    if draft.until is not None and draft.until <= today:
        raise invalid("[使用期限] 须晚于今天", "[until] must be after today", "invalid_until")
    return CheckedApplication(entry, mode, access, release, items, purpose, process, scenario, draft.until)


def _choice(kind, value: str | None, zh: str, en: str):  # type: ignore[no-untyped-def]
    try:
        return kind(value)
    except ValueError:
        options = "/".join(k.value for k in kind)
        raise invalid(f"[{zh}] 须为 {options} 之一", f"[{en}] must be one of {options}", f"invalid_{en}") from None
