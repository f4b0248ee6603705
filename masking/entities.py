"""Entity types reported by the recognisers and how they map to the catalog's personal kinds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from catalog.model import PersonalKind


class Entity(str, Enum):
    CN_RESIDENT_ID = "CN_RESIDENT_ID"
    CN_MOBILE = "CN_MOBILE"
    CN_LANDLINE = "CN_LANDLINE"
    CN_USCC = "CN_USCC"
    BANK_CARD = "BANK_CARD"
    CN_LICENSE_PLATE = "CN_LICENSE_PLATE"
    CN_PASSPORT = "CN_PASSPORT"
    CN_HK_MACAU_PERMIT = "CN_HK_MACAU_PERMIT"
    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    IP_ADDRESS = "IP_ADDRESS"
    PERSON = "PERSON"
    ADDRESS = "ADDRESS"


# Order breaks ties between equally scored, equally long overlapping spans: the kind whose
# validation is stricter (a checksum beats a pattern) comes first.
PRIORITY: tuple[Entity, ...] = (
    Entity.CN_RESIDENT_ID,
    Entity.CN_USCC,
    Entity.BANK_CARD,
    Entity.EMAIL_ADDRESS,
    Entity.CN_MOBILE,
    Entity.CN_LANDLINE,
    Entity.IP_ADDRESS,
    Entity.CN_PASSPORT,
    Entity.CN_HK_MACAU_PERMIT,
    Entity.CN_LICENSE_PLATE,
    Entity.ADDRESS,
    Entity.PERSON,
)

# A credit code names an organisation, not a person: it is reported but never masked.
ENTITY_KIND: dict[Entity, PersonalKind] = {
    Entity.CN_RESIDENT_ID: PersonalKind.resident_id,
    Entity.CN_MOBILE: PersonalKind.mobile,
    Entity.CN_LANDLINE: PersonalKind.landline,
    Entity.CN_USCC: PersonalKind.none,
    Entity.BANK_CARD: PersonalKind.bank_card,
    Entity.CN_LICENSE_PLATE: PersonalKind.license_plate,
    Entity.CN_PASSPORT: PersonalKind.passport,
    Entity.CN_HK_MACAU_PERMIT: PersonalKind.passport,
    Entity.EMAIL_ADDRESS: PersonalKind.email,
    Entity.IP_ADDRESS: PersonalKind.ip_address,
    Entity.PERSON: PersonalKind.name,
    Entity.ADDRESS: PersonalKind.address,
}

ENTITY_ZH: dict[Entity, str] = {
    Entity.CN_RESIDENT_ID: "身份证号",
    Entity.CN_MOBILE: "手机号",
    Entity.CN_LANDLINE: "固定电话",
    Entity.CN_USCC: "统一社会信用代码",
    Entity.BANK_CARD: "银行卡号",
    Entity.CN_LICENSE_PLATE: "车牌号",
    Entity.CN_PASSPORT: "护照号",
    Entity.CN_HK_MACAU_PERMIT: "港澳通行证号",
    Entity.EMAIL_ADDRESS: "电子邮箱",
    Entity.IP_ADDRESS: "IP地址",
    Entity.PERSON: "姓名",
    Entity.ADDRESS: "地址",
}


@dataclass(frozen=True, slots=True)
class Span:
    """One finding: ``text[start:end]`` is personal data of ``entity`` with confidence ``score``."""

    entity: Entity
    start: int
    end: int
    score: float
