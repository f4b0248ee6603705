"""Which form of a dataset the warehouse's SQL may read, by share class (Art. 16): the one rule.

- 无条件共享 unconditional: the clean table, as it is;
- 受限共享 restricted: only the restricted release copy ``masking/`` made (keyed pseudonyms,
  partial masks), never the clean table;
- 非共享 not shared: only the de-identified ``not_shared`` release copy, and never in a shared
  view: it reaches central tables only de-identified or aggregated.

Every column a staging model exposes is described here too: its Chinese name, its data item and
what masking did to it, so the generated dbt YAML and the shared-view test agree by construction.

>>> from catalog.model import ShareClass
>>> SOURCE_OF[ShareClass.restricted]
('release', 'restricted')
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.model import SHARE_CLASS_ZH, CatalogEntry, CatalogField, FieldType, PersonalKind, ShareClass
from masking.policy import Action, load_policy

__all__ = ["Action", "Column", "columns", "dataset_description", "has_shared_view", "release_class", "source_name", "source_of"]

# share class -> (lake zone, sub-folder); the zone/table a dataset's staging model reads.
SOURCE_OF: dict[ShareClass, tuple[str, str]] = {
    ShareClass.unconditional: ("clean", ""),
    ShareClass.restricted: ("release", "restricted"),
    ShareClass.not_shared: ("release", "not_shared"),
}

SQL_TYPE = {
    FieldType.string: "varchar",
    FieldType.integer: "bigint",
    FieldType.decimal: "decimal(18, 4)",
    FieldType.date: "date",
    FieldType.datetime: "timestamp",
    FieldType.resident_id: "varchar",
    FieldType.uscc: "varchar",
    FieldType.mobile: "varchar",
}

ACTION_ZH = {
    Action.keep: "原值 kept",
    Action.mask: "部分遮盖 partly masked",
    Action.pseudonym: "假名化 keyed pseudonym (HMAC, joinable across datasets)",
    Action.generalise: "泛化 generalised",
    Action.suppress: "已删除 suppressed (null)",
}

LINEAGE_DESCRIPTION = "血缘键 lineage key `batch_id:row` (批次与文件行号 batch and data row of the delivered file)"


@dataclass(frozen=True)
class Column:
    """One column of a staging model: where it comes from and what it is."""

    name: str  # column name in staging and shared views
    source: str  # column name in the lake table
    sql_type: str
    description: str
    item: str  # catalog data item id
    personal: PersonalKind
    action: Action | None  # what the release policy did; None: clean as it is


def source_of(entry: CatalogEntry) -> tuple[str, str]:
    """(zone, table path) of the form of ``entry`` that SQL may read."""
    zone, sub = SOURCE_OF[entry.dataset.share_class]
    return zone, f"{sub}/{entry.dataset.id}" if sub else entry.dataset.id


def source_name(entry: CatalogEntry) -> str:
    zone, sub = SOURCE_OF[entry.dataset.share_class]
    return f"{zone}_{sub}" if sub else zone


def release_class(entry: CatalogEntry) -> str | None:
    return SOURCE_OF[entry.dataset.share_class][1] or None


def has_shared_view(entry: CatalogEntry) -> bool:
    """Not-shared data never appears in a shared view (Art. 16)."""
    return entry.dataset.share_class is not ShareClass.not_shared


def columns(entry: CatalogEntry) -> list[Column]:
    cls = release_class(entry)
    policy = load_policy(cls) if cls else None
    return [_column(f, policy.rule(f.personal).action if policy and _ruled(f) else (Action.keep if policy else None))
            for f in entry.dataset.fields]


def _ruled(field: CatalogField) -> bool:
    return field.personal not in (PersonalKind.none, PersonalKind.free_text)


def _column(field: CatalogField, action: Action | None) -> Column:
    name = field.name
    sql_type = SQL_TYPE[field.type]
    if action is Action.pseudonym:
        # A pseudonym is a key, not an ID number: the name says so (resident_id -> person_key).
        name = "person_key" if field.name == "resident_id" else field.name.removesuffix("_id") + "_key"
        sql_type = "varchar"
    elif action in (Action.mask, Action.generalise, Action.suppress):
        sql_type = "varchar"  # a masked, generalised or suppressed value is text whatever it was
    parts = [field.label, f"`{field.item}`"]
    if field.personal is not PersonalKind.none:
        parts.append(f"个人信息 personal: {field.personal.value}")
    if field.personal is PersonalKind.free_text and action is not None:
        parts.append("文中个人信息已遮盖 personal data in the text masked span by span")
    elif action is not None and field.personal is not PersonalKind.none:
        parts.append(ACTION_ZH[action])
    return Column(name, field.name, sql_type, " · ".join(parts), field.item, field.personal, action)


def dataset_description(entry: CatalogEntry) -> str:
    d = entry.dataset
    form = {
        ShareClass.unconditional: "清洗数据原样 the clean table as it is",
        ShareClass.restricted: "受限共享脱敏副本 the restricted release copy made by masking/",
        ShareClass.not_shared: "非共享脱敏副本 the de-identified not-shared copy made by masking/",
    }[d.share_class]
    return (f"{d.business_name}（{entry.provider.name}，{d.system_name}）。"
            f"共享属性 {SHARE_CLASS_ZH[d.share_class]} {d.share_class.value}；读取 reads: {form}。")
