"""Reports that read across every dataset."""


import dagster as dg

from catalog.model import Catalog
from ingest.duplicate_report import write_report
from orchestration.ingest_assets import clean_key, raw_key
from orchestration.resources import Warehouse


def build_report_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    @dg.asset(
        key=["report", "duplicate_collection"],
        # Raw for what each file carried, clean for the authoritative values to compare with.
        deps=[k for e in catalog.entries for k in (raw_key(e.dataset.id), clean_key(e.dataset.id))],
        group_name="reports",
        kinds={"markdown"},
        description="重复采集报告 duplicate collection (一数一源, Art. 12): re-collected items naming both providers",
    )
    def duplicate_collection_report(warehouse: Warehouse) -> dg.MaterializeResult:
        settings = warehouse.settings()
        path, findings = write_report(warehouse.catalog(), settings.lake_dir, settings.reports_dir)
        return dg.MaterializeResult(metadata={"path": str(path), "findings": findings})

    return [duplicate_collection_report]
