"""Who acts: a unit, through a channel, as a named account. Every state change and every read of
shared data names one; the audit log records it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    bureau = "bureau"  # 区大数据主管机构: sees everything, approves extensions, sets urgent limits
    provider = "provider"  # 数据提供单位 in the catalog
    consumer = "consumer"  # 数据使用单位 from configuration


ROLE_ZH = {Role.bureau: "区大数据主管机构", Role.provider: "数据提供单位", Role.consumer: "数据使用单位"}


class Channel(str, Enum):
    cli = "cli"  # the bureau's operators on the warehouse host
    api = "api"  # a business system with its unit's token
    web = "web"  # an officer in the browser, logged in with a token
    system = "system"  # the warehouse itself (unit sync, quality rules)


@dataclass(frozen=True)
class Actor:
    unit: str  # unit code
    role: Role
    name: str  # account: the credential's label, or the operator's login name; never a data subject
    channel: Channel
    credential_id: int | None = None

    @property
    def is_bureau(self) -> bool:
        return self.role is Role.bureau
