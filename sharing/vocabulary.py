"""The words of sharing: application states, rulings, legal-basis kinds, kinds of access, and
which release class serves which share class (Art. 16-17)."""

from __future__ import annotations

from enum import Enum

from catalog.model import ShareClass, ShareMode

CONSENT_WORKING_DAYS = 5  # Art. 17: the provider answers within 5 working days of the bureau's request
ESCALATION_WORKING_DAYS = 10  # the bureau's default for the leading group's office to settle a problem-list item


class State(str, Enum):
    applied = "applied"  # waiting for the bureau's review
    consent_requested = "consent_requested"  # the bureau asked the provider; due in 5 working days
    granted = "granted"  # a grant exists
    rejected = "rejected"  # the bureau's review said no
    refused = "refused"  # the provider refused, citing law
    disputed = "disputed"  # the applicant contests the refusal: the bureau rules (评判, Art. 18)
    refusal_upheld = "refusal_upheld"  # the ruling kept the refusal
    escalated = "escalated"  # on the problem list for the leading group's office (领导小组办公室)


STATE_ZH = {
    State.applied: "待审核",
    State.consent_requested: "征求提供单位意见",
    State.granted: "已授权",
    State.rejected: "审核未通过",
    State.refused: "提供单位不同意",
    State.disputed: "争议评判中",
    State.refusal_upheld: "维持不共享",
    State.escalated: "已列入问题清单",
}
OPEN_STATES = (State.applied.value, State.consent_requested.value, State.disputed.value, State.escalated.value)


class Ruling(str, Enum):
    share = "share"  # the refusal has no basis: share (a grant is made)
    uphold = "uphold"  # the refusal stands
    escalate = "escalate"  # unresolved: onto the problem list, reported upward


RULING_ZH = {Ruling.share: "应当共享", Ruling.uphold: "维持不共享", Ruling.escalate: "列入问题清单上报"}


class BasisKind(str, Enum):
    law = "law"  # 法律
    regulation = "regulation"  # 法规 (行政法规、地方性法规)
    rule = "rule"  # 规章


BASIS_ZH = {BasisKind.law: "法律", BasisKind.regulation: "法规", BasisKind.rule: "规章"}


class Access(str, Enum):
    lookup = "lookup"  # interface: one subject at a time, by key (办事应用)
    paging = "paging"  # interface: page through the granted dataset
    package = "package"  # exchange: a landed copy, after review
    query = "query"  # central processing: SQL on the central tables


ACCESS_ZH = {Access.lookup: "按键查询", Access.paging: "分页获取", Access.package: "交换数据包", Access.query: "集中分析查询"}
ACCESS_OF_MODE = {
    ShareMode.interface: (Access.lookup, Access.paging),
    ShareMode.exchange: (Access.package,),
    ShareMode.central: (Access.query,),
}


class ReleaseKind(str, Enum):
    clean = "clean"  # unconditional: the clean table as it is
    restricted = "restricted"  # masking's release/restricted copy
    not_shared = "not_shared"  # masking's release/not_shared copy (de-identified)


RELEASE_ZH = {ReleaseKind.clean: "原始清洗数据", ReleaseKind.restricted: "受限共享脱敏副本", ReleaseKind.not_shared: "非共享脱敏副本"}
RELEASE_OF_CLASS = {
    ShareClass.unconditional: ReleaseKind.clean,
    ShareClass.restricted: ReleaseKind.restricted,
    ShareClass.not_shared: ReleaseKind.not_shared,
}


class GrantState(str, Enum):
    live = "live"
    expired = "expired"
    revoked = "revoked"
    flagged = "flagged"  # suspended: a bulk-extraction pattern was seen; the bureau decides


GRANT_STATE_ZH = {GrantState.live: "有效", GrantState.expired: "已到期", GrantState.revoked: "已撤销", GrantState.flagged: "疑似批量提取，已暂停"}
