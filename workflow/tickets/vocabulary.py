"""The words of Art. 27, in the code's English and the officers' Chinese."""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    error = "error"  # 错误
    omission = "omission"  # 遗漏
    infringement = "infringement"  # 侵犯商业秘密、个人隐私等第三方合法权益


class Urgency(str, Enum):
    normal = "normal"
    urgent = "urgent"  # 业务紧急: a shorter limit set by the bureau


class State(str, Enum):
    reported = "reported"  # 已反馈，待提供单位受理
    accepted = "accepted"  # 提供单位已受理，处理中
    resolved = "resolved"  # 已办结 with one of the three outcomes
    # Closing the loop (Art. 27 发现-反馈-整改-共享): a quality-rule ticket resolved as fixed is
    # checked against the rules after the dataset is collected again.
    verified = "verified"  # 核验通过: the re-run's rules pass for its rows; closed
    reopened = "reopened"  # 核验未通过: the rows still fail after the re-run; back with the provider


class Outcome(str, Enum):
    fixed = "fixed"  # 完成整改: corrected, then collected again
    confirmed_correct = "confirmed_correct"  # 确认无误: checked, the data is right; the reporter is told
    settled = "settled"  # 沟通解决: not fixable soon; settled with the reporter by discussion


KIND_ZH = {Kind.error: "错误", Kind.omission: "遗漏", Kind.infringement: "侵权（商业秘密、个人隐私）"}
URGENCY_ZH = {Urgency.normal: "一般", Urgency.urgent: "紧急"}
STATE_ZH = {State.reported: "待受理", State.accepted: "处理中", State.resolved: "已办结",
            State.verified: "核验通过", State.reopened: "核验未通过（重开）"}
OUTCOME_ZH = {Outcome.fixed: "完成整改", Outcome.confirmed_correct: "确认无误", Outcome.settled: "沟通解决"}
OPEN_STATES = (State.reported.value, State.accepted.value, State.reopened.value)
# The provider is working on it: it may ask for more time, or resolve it (again).
HANDLING_STATES = (State.accepted, State.reopened)

NORMAL_WORKING_DAYS = 5  # Art. 27: 收到问题反馈之日起5个工作日内
MAX_NATURAL_DAYS = 60  # Art. 27: 最多延长至60个自然日
