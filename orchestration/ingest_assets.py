"""Raw, clean and quarantine assets for every catalogued dataset, from one factory.

A new source is a catalog entry (and, if its format is new, a reader): no code here changes.
No ``from __future__ import annotations`` here: Dagster reads the real type of ``context``.
"""


from collections.abc import Iterator

import dagster as dg
from dagster import AssetExecutionContext

from catalog.model import (
    OPEN_CLASS_ZH,
    SHARE_CLASS_ZH,
    SHARE_MODE_ZH,
    UPDATE_CYCLE_ZH,
    Catalog,
    CatalogEntry,
)
from config.errors import data_kept_out_of_errors
from ingest import ledger
from ingest.pipeline import ingest_dataset
from orchestration.resources import Warehouse


def raw_key(dataset_id: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", dataset_id])


def clean_key(dataset_id: str) -> dg.AssetKey:
    return dg.AssetKey(["clean", dataset_id])


def quarantine_key(dataset_id: str) -> dg.AssetKey:
    return dg.AssetKey(["quarantine", dataset_id])


def catalog_metadata(entry: CatalogEntry) -> dict[str, str]:
    d = entry.dataset
    return {
        "数据提供单位 provider": f"{entry.provider.name} ({entry.provider.code})",
        "业务名称 business name": d.business_name,
        "信息系统 system": d.system_name,
        "共享属性 share class": f"{SHARE_CLASS_ZH[d.share_class]} {d.share_class.value}",
        "开放属性 open class": f"{OPEN_CLASS_ZH[d.open_class]} {d.open_class.value}",
        "提供方式 share mode": f"{SHARE_MODE_ZH[d.share_mode]} {d.share_mode.value}",
        "更新周期 update cycle": f"{UPDATE_CYCLE_ZH[d.update_cycle]} {d.update_cycle.value}",
        "目录文件 catalog file": entry.file.name,
    }


def clean_schema(entry: CatalogEntry) -> dg.TableSchema:
    """The clean table's columns as the catalog defines them, data-item names as descriptions."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                f.name,
                f.type.value,
                description=f"{f.label} · {f.item}" + ("" if f.personal.value == "none" else f" · 个人信息 {f.personal.value}"),
                constraints=dg.TableColumnConstraints(nullable=not (f.key or f.required), unique=False),
            )
            for f in entry.dataset.fields
        ]
    )


def build_ingest_assets(entry: CatalogEntry) -> dg.AssetsDefinition:
    ds = entry.dataset.id
    group = entry.provider.code
    tags = {"provider": entry.provider.code, "update_cycle": entry.dataset.update_cycle.value}
    meta = catalog_metadata(entry)
    clean_meta = {**meta, "dagster/column_schema": clean_schema(entry)}

    @dg.multi_asset(
        name=f"ingest_{ds}",
        specs=[
            dg.AssetSpec(raw_key(ds), group_name=group, kinds={"delta"}, tags=tags, metadata=meta,
                         description=f"{entry.dataset.business_name}：原始数据 as received, with batch metadata"),
            dg.AssetSpec(clean_key(ds), deps=[raw_key(ds)], group_name=group, kinds={"delta"}, tags=tags, metadata=clean_meta,
                         description=f"{entry.dataset.business_name}：清洗数据 typed catalogued items from the authoritative provider"),
            dg.AssetSpec(quarantine_key(ds), deps=[raw_key(ds)], group_name=group, kinds={"delta"}, tags=tags,
                         description=f"{entry.dataset.business_name}：隔离数据 rows that could not be standardised, with reasons"),
        ],
        check_specs=[dg.AssetCheckSpec("counts_reconcile", asset=clean_key(ds),
                                       description="原始=清洗+隔离 raw rows = clean rows + quarantined rows, latest batch")],
    )
    def _ingest(context: AssetExecutionContext, warehouse: Warehouse) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        settings = warehouse.settings()
        with data_kept_out_of_errors(f"读取 reading {ds}"):  # a library's message may quote a row
            batches = ingest_dataset(entry, warehouse.catalog(), settings)
        for batch in batches:
            # Held / refused / repeated files are one line each, never a failed step (issue 12); the run
            # summary and `dw status` list them from the ledger, so they are not repeated as warnings.
            context.log.info(batch.line())
            for r in batch.recollections:
                context.log.warning(r.describe(entry))
        common = {"new_batches": sum(b.event == "loaded" for b in batches), "update_cycle": entry.dataset.update_cycle.value,
                  "provider": entry.provider.code}
        yield from _results(ds, ledger.latest_batch(settings.lake_dir, ds), common)

    return _ingest


def _results(ds: str, latest: dict | None, common: dict) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Materialisations and the reconcile check, from the latest batch in the ledger."""
    if latest is None:
        for key in (raw_key(ds), clean_key(ds), quarantine_key(ds)):
            yield dg.MaterializeResult(asset_key=key, metadata=common)
        yield dg.AssetCheckResult(check_name="counts_reconcile", asset_key=clean_key(ds), passed=False,
                                  severity=dg.AssetCheckSeverity.WARN,
                                  metadata={"note": "未加载 no batch loaded yet: no file in the landing folder"})
        return
    counts = {**common, "batch_id": latest["batch_id"], "source_file": latest["source_file"],
              "encoding": latest["encoding"], "rows_in": latest["raw_rows"]}
    yield dg.MaterializeResult(asset_key=raw_key(ds), metadata={**counts, "table_version": latest["raw_version"]})
    yield dg.MaterializeResult(asset_key=clean_key(ds), metadata={
        **counts, "accepted": latest["clean_rows"], "dagster/row_count": latest["clean_rows"],
        "table_version": latest["clean_version"]})
    yield dg.MaterializeResult(asset_key=quarantine_key(ds), metadata={
        **counts, "quarantined": latest["quarantined_rows"], "table_version": latest["quarantine_version"]})
    reconciles = latest["raw_rows"] == latest["clean_rows"] + latest["quarantined_rows"]
    yield dg.AssetCheckResult(check_name="counts_reconcile", asset_key=clean_key(ds), passed=reconciles, metadata=counts)


def build_all_ingest_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    return [build_ingest_assets(entry) for entry in catalog.entries]
