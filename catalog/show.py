"""A readable view of the catalog for officers: Chinese names first, English codes beside."""

from __future__ import annotations

from rich.table import Table

from catalog.model import (
    OPEN_CLASS_ZH,
    SHARE_CLASS_ZH,
    SHARE_MODE_ZH,
    UPDATE_CYCLE_ZH,
    Catalog,
    PersonalKind,
)


def catalog_table(catalog: Catalog) -> Table:
    table = Table(title="公共数据资源目录 Public data resource catalog", show_lines=False)
    for header in (
        "数据提供单位 provider",
        "业务名称 business",
        "信息系统 system",
        "数据集 dataset",
        "存储格式 format",
        "共享属性 share",
        "开放属性 open",
        "提供方式 mode",
        "更新周期 cycle",
        "共享期限 period",
        "数据项 items (权威/引用 own/ref)",
        "个人信息 personal",
    ):
        table.add_column(header)
    for e in catalog.entries:
        d = e.dataset
        own = sum(f.authoritative for f in d.fields)
        personal = ", ".join(f"{f.label}({f.personal.value})" for f in d.fields if f.personal is not PersonalKind.none)
        table.add_row(
            f"{e.provider.name}\n{e.provider.code} · {e.provider.kind.value}",
            d.business_name,
            d.system_name,
            d.id,
            d.storage_format.value,
            f"{SHARE_CLASS_ZH[d.share_class]}\n{d.share_class.value}",
            f"{OPEN_CLASS_ZH[d.open_class]}\n{d.open_class.value}",
            f"{SHARE_MODE_ZH[d.share_mode]}\n{d.share_mode.value}",
            f"{UPDATE_CYCLE_ZH[d.update_cycle]}\n{d.update_cycle.value}",
            d.share_period,
            f"{len(d.fields)} ({own}/{len(d.fields) - own})",
            personal or "—",
        )
    return table
