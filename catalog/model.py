"""The typed shape of the public data resource catalog (公共数据资源目录, Art. 10).

One YAML file per provider holds its entries. Each entry (a dataset: one business record
type from one information system) carries the nine Art. 10 attributes; each of its fields is
one data item (数据项) and says whether this provider is the item's one authoritative source
(一数一源, Art. 12) or only references another provider's item as a join key.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator


class Strict(BaseModel):
    # A misspelt attribute in a hand-edited YAML must fail, not vanish.
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProviderKind(str, Enum):
    agency = "agency"  # 行政机关
    utility = "utility"  # 公共服务单位 (水务、电力、燃气、供热、公共交通, Art. 2)


class ShareClass(str, Enum):
    unconditional = "unconditional"  # 无条件共享
    restricted = "restricted"  # 受限共享
    not_shared = "not_shared"  # 非共享


class OpenClass(str, Enum):
    unconditional_open = "unconditional_open"  # 无条件开放
    conditional_open = "conditional_open"  # 有条件开放
    not_open = "not_open"  # 不予开放


class ShareMode(str, Enum):
    interface = "interface"  # 接口共享
    exchange = "exchange"  # 交换共享
    central = "central"  # 集中分析处理


class UpdateCycle(str, Enum):
    real_time = "real_time"  # 实时
    daily = "daily"  # 每日
    weekly = "weekly"  # 每周
    monthly = "monthly"  # 每月
    quarterly = "quarterly"  # 每季度
    yearly = "yearly"  # 每年


class StorageFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class Delivery(str, Enum):
    snapshot = "snapshot"  # each file is the whole dataset: it replaces the previous one
    incremental = "incremental"  # each file adds records: it replaces only its own earlier rows


class FieldType(str, Enum):
    string = "string"
    integer = "integer"
    decimal = "decimal"
    date = "date"
    datetime = "datetime"
    resident_id = "resident_id"  # 公民身份号码, GB 11643
    uscc = "uscc"  # 统一社会信用代码, GB 32100
    mobile = "mobile"  # 手机号码


class PersonalKind(str, Enum):
    """Personal-data kind of a field (个人信息类别); drives masking and the open-data gate."""

    none = "none"
    resident_id = "resident_id"
    name = "name"
    mobile = "mobile"
    landline = "landline"
    address = "address"
    birth_date = "birth_date"
    bank_card = "bank_card"
    license_plate = "license_plate"
    passport = "passport"
    email = "email"
    ip_address = "ip_address"
    free_text = "free_text"  # free text that may hold any of the above


SHARE_CLASS_ZH = {
    ShareClass.unconditional: "无条件共享",
    ShareClass.restricted: "受限共享",
    ShareClass.not_shared: "非共享",
}
OPEN_CLASS_ZH = {
    OpenClass.unconditional_open: "无条件开放",
    OpenClass.conditional_open: "有条件开放",
    OpenClass.not_open: "不予开放",
}
SHARE_MODE_ZH = {
    ShareMode.interface: "接口共享",
    ShareMode.exchange: "交换共享",
    ShareMode.central: "集中分析处理",
}
UPDATE_CYCLE_ZH = {
    UpdateCycle.real_time: "实时",
    UpdateCycle.daily: "每日",
    UpdateCycle.weekly: "每周",
    UpdateCycle.monthly: "每月",
    UpdateCycle.quarterly: "每季度",
    UpdateCycle.yearly: "每年",
}


class CatalogField(Strict):
    """One data item (数据项) as it appears in one dataset."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="column name in the clean table")
    column: str = Field(description="column header in the provider's file")
    item: str = Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", description="data item id")
    label: str = Field(description="数据项名称 (Art. 10)")
    type: FieldType = FieldType.string
    # Strict: "yes", "on", 1 are not booleans in a hand-edited catalog (only true / false are).
    key: StrictBool = False
    required: StrictBool = False
    personal: PersonalKind = PersonalKind.none
    authoritative: StrictBool = Field(description="this provider is the item's one source (一数一源)")
    reference: StrictBool = Field(
        default=False,
        description="identifies the record's subject by another provider's item (a join key)",
    )


class RepeatedKey(str, Enum):
    """What an incremental file's row does when its key was already loaded from another file."""

    quarantine = "quarantine"  # kept out of clean as a duplicate, naming the earlier file and row
    supersede = "supersede"  # replaces the earlier row as a correction; both lineages are recorded


# Snapshot guard defaults (issue 12, README "Ingestion"): a snapshot that would remove more than
# this share of the current clean rows, or that quarantines more than this share of its own rows,
# is held for an operator instead of replacing the table. Overridable per dataset: source.guard.
DEFAULT_MAX_REMOVED_SHARE = 0.10
DEFAULT_MAX_QUARANTINED_SHARE = 0.50


class SnapshotGuard(Strict):
    """Thresholds past which a snapshot is held (被挂起) rather than replacing the current table."""

    max_removed_share: float = Field(default=DEFAULT_MAX_REMOVED_SHARE, ge=0, le=1)
    max_quarantined_share: float = Field(default=DEFAULT_MAX_QUARANTINED_SHARE, ge=0, le=1)


class SourceSpec(Strict):
    pattern: str = Field(description="glob for the provider's files, relative to its landing folder")
    delivery: Delivery = Delivery.snapshot
    guard: SnapshotGuard = SnapshotGuard()  # snapshots only
    repeated_key: RepeatedKey = RepeatedKey.quarantine  # incremental only
    sheet: str | None = Field(default=None, description="workbook sheet holding the data (default: the one with the catalogued columns)")


class Dataset(Strict):
    """One catalog entry: the nine Art. 10 attributes plus what the warehouse needs to load it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    business_name: str  # 业务名称
    system_name: str  # 信息系统名称
    storage_format: StorageFormat  # 存储格式
    share_class: ShareClass  # 共享属性
    open_class: OpenClass  # 开放属性
    share_mode: ShareMode  # 提供方式
    update_cycle: UpdateCycle  # 更新周期
    share_period: str  # 共享期限
    legal_basis: str | None = None  # 法律依据, required for restricted / not shared (Art. 16)
    source: SourceSpec
    fields: tuple[CatalogField, ...] = Field(min_length=1)  # 数据项名称 are the labels

    @property
    def key_fields(self) -> tuple[CatalogField, ...]:
        return tuple(f for f in self.fields if f.key)


class Provider(Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str  # Chinese name of the unit
    name_en: str
    kind: ProviderKind


class ProviderCatalog(Strict):
    """The content of one provider's YAML file."""

    provider: Provider
    datasets: tuple[Dataset, ...]

    @field_validator("datasets")
    @classmethod
    def _dataset_ids_unique(cls, datasets: tuple[Dataset, ...]) -> tuple[Dataset, ...]:
        ids = [d.id for d in datasets]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"dataset id repeated in this file: {sorted(dup)}")
        return datasets


class CatalogEntry(Strict):
    """A dataset together with its provider and the file it was declared in."""

    provider: Provider
    dataset: Dataset
    file: Path


class Catalog(Strict):
    """The whole district catalog, after validation."""

    entries: tuple[CatalogEntry, ...]

    def dataset(self, dataset_id: str) -> CatalogEntry:
        for entry in self.entries:
            if entry.dataset.id == dataset_id:
                return entry
        raise KeyError(f"no dataset {dataset_id!r} in the catalog (目录中无此数据集)")

    @property
    def providers(self) -> dict[str, Provider]:
        return {e.provider.code: e.provider for e in self.entries}

    def authority_of(self) -> dict[str, str]:
        """Data item id -> code of its one authoritative provider."""
        return {
            f.item: e.provider.code for e in self.entries for f in e.dataset.fields if f.authoritative
        }
