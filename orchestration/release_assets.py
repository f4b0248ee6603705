"""Release copies per dataset and release class (Art. 16, 17, 32), each behind the privacy gate.

A release is rebuilt only when what it is made from changes: the clean table's version, the
policy, the pseudonym key or k. So a second run of the main job writes no new version.
"""

import hashlib
import json

import dagster as dg

from catalog.model import Catalog, CatalogEntry
from config.errors import data_kept_out_of_errors
from config.settings import Settings
from lakehouse import tables
from masking.policy import ReleaseClass, load_policy
from masking.release import PrivacyGateFailed, publish_release, release_path, releases_for
from orchestration.ingest_assets import catalog_metadata, clean_key
from orchestration.resources import Warehouse

SOURCE_TAG = "dw.release_source"


def release_key(release_class: ReleaseClass, dataset_id: str) -> dg.AssetKey:
    return dg.AssetKey(["release", release_class.value, dataset_id])


def source_tag(settings: Settings, release_class: ReleaseClass, clean_version: int) -> str:
    """Fingerprint of the release's inputs; the key enters only through an HMAC, never itself."""
    key_id = hashlib.sha256(b"dw-key-id:" + settings.pseudonym_key()).hexdigest()[:16]
    policy = load_policy(release_class).model_dump_json()
    return json.dumps({"clean_version": clean_version, "policy": hashlib.sha256(policy.encode()).hexdigest()[:16],
                       "key": key_id, "k": settings.k_anonymity})


def _published_tag(settings: Settings, entry: CatalogEntry, release_class: ReleaseClass) -> str | None:
    path = release_path(settings, entry, release_class)
    return tables.history(path)[0].get(SOURCE_TAG) if tables.exists(path) else None


def build_release_asset(entry: CatalogEntry, release_class: ReleaseClass) -> dg.AssetsDefinition:
    ds = entry.dataset.id

    @dg.asset(
        key=release_key(release_class, ds),
        deps=[clean_key(ds)],
        group_name=f"release_{release_class.value}",
        kinds={"delta"},
        metadata=catalog_metadata(entry),
        description=f"{entry.dataset.business_name}：{release_class.value} 发布副本 release copy, masked and privacy-gated",
    )
    def _release(context, warehouse: Warehouse) -> dg.MaterializeResult:
        settings = warehouse.settings()
        clean_path = tables.table_path(settings.lake_dir, "clean", ds)
        clean_version = tables.version(clean_path)
        if clean_version is None:
            return dg.MaterializeResult(metadata={"note": "无清洗数据 nothing to release: clean table not built yet"})
        tag = source_tag(settings, release_class, clean_version)
        if _published_tag(settings, entry, release_class) == tag:
            path = release_path(settings, entry, release_class)
            return dg.MaterializeResult(metadata={"unchanged": True, "table_version": tables.version(path)})
        try:
            with data_kept_out_of_errors(f"发布 releasing {ds} ({release_class.value})"):  # library messages may quote text
                meta = publish_release(entry, tables.read(clean_path), release_class, settings,
                                       commit_info={SOURCE_TAG: tag})
        except PrivacyGateFailed as exc:
            context.log.error(str(exc))  # the gate's message shows masked values only
            raise
        return dg.MaterializeResult(
            metadata={
                "rows_in": meta["rows_in"],
                "rows_out": meta["rows_out"],
                "policy": meta["policy"],
                "table_version": meta["version"],
                "actions": dg.MetadataValue.json(meta["actions"]),
                "k_anonymity": dg.MetadataValue.json(meta["k_anonymity"] or {}),
                "gate": dg.MetadataValue.json(meta["gate"]),
                "catalog_errors": dg.MetadataValue.json(meta["catalog_errors"]),
            }
        )

    return _release


def build_all_release_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    return [build_release_asset(e, cls) for e in catalog.entries for cls in releases_for(e)]
