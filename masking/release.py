"""Release copies of catalog datasets, each behind the privacy gate (Art. 16, 17, 21, 32).

``publish_release`` masks the clean table under the release class's policy, makes an open copy
k-anonymous, re-scans the result, and only then writes it as one Delta commit to
``release/<class>/<dataset>``. If the gate fails, :class:`PrivacyGateFailed` is raised before
anything is written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime

import polars as pl

from catalog.model import CatalogEntry, OpenClass, PersonalKind, ShareClass
from config.settings import Settings
from lakehouse import tables
from masking import gate
from masking.classify import classify
from masking.gate import PrivacyGateFailed
from masking.kanon import k_anonymise
from masking.mask import mask_frame
from masking.policy import ReleaseClass, load_policy
from masking.scan import Scanner, default_scanner

# Each input row's number, carried through masking and k-anonymity so the gate can compare a
# masked cell with its original; never written.
ROW = "_dw_release_row"

__all__ = ["PrivacyGateFailed", "ReleaseClass", "publish_release", "release_path", "releases_for"]


def releases_for(entry: CatalogEntry) -> list[ReleaseClass]:
    """Restricted and not-shared datasets get their de-identified copy; openable ones an open copy.

    Unconditionally shared data needs no de-identified copy: it is shared as it is.
    """
    out = []
    if entry.dataset.share_class is ShareClass.restricted:
        out.append(ReleaseClass.restricted)
    elif entry.dataset.share_class is ShareClass.not_shared:
        out.append(ReleaseClass.not_shared)
    if entry.dataset.open_class is not OpenClass.not_open:
        out.append(ReleaseClass.open)
    return out


def _originals(frame: pl.DataFrame, out: pl.DataFrame, kinds: Mapping[str, PersonalKind]) -> dict[str, list[str | None]]:
    """Each free-text column before masking, in the output's row order (k-anonymity drops rows)."""
    rows = out.get_column(ROW)
    return {
        c: frame.get_column(c).cast(pl.String).gather(rows).to_list()
        for c, k in kinds.items()
        if k is PersonalKind.free_text and c in frame.columns
    }


def release_path(settings: Settings, entry: CatalogEntry, release_class: ReleaseClass):
    return tables.table_path(settings.lake_dir, "release", f"{release_class.value}/{entry.dataset.id}")


def publish_release(
    entry: CatalogEntry,
    clean: pl.DataFrame,
    release_class: ReleaseClass,
    settings: Settings,
    *,
    scanner: Scanner | None = None,
    workers: int | None = None,
    commit_info: Mapping[str, str] | None = None,
) -> dict:
    """Mask, anonymise, gate and write one release; returns its metadata (also in the commit).

    ``commit_info`` is stored beside the metadata in the Delta commit (the caller records there
    what the release was built from, so an unchanged source is not released again).
    """
    release_class = ReleaseClass(release_class)
    if release_class not in releases_for(entry):
        raise ValueError(
            f"目录不允许此发布 dataset {entry.dataset.id!r} ({entry.dataset.share_class.value}, "
            f"{entry.dataset.open_class.value}) has no {release_class.value} release"
        )
    scanner = scanner or default_scanner()
    workers = workers or os.cpu_count() or 1
    policy = load_policy(release_class)
    fields = entry.dataset.fields
    kinds = {f.name: f.personal for f in fields}
    labels = {f.name: f.label for f in fields}

    frame = clean.drop([c for c in clean.columns if c.startswith("_")]) if policy.lineage == "drop" else clean
    classes = classify(frame, fields, scanner)
    masked = mask_frame(frame.with_row_index(ROW), kinds, policy, settings.pseudonym_key(), scanner, workers)
    out = masked.frame

    kanon_meta = None
    if policy.k_anonymity is not None:
        spec = policy.k_anonymity
        qis = {f.name: f.personal for f in fields if f.personal in spec.kinds or f.name in spec.fields}
        # A suppressed quasi-identifier is all null: it cannot single anyone out.
        qis = {c: k for c, k in qis.items() if c in out.columns and out.get_column(c).null_count() < out.height}
        kres = k_anonymise(out, qis, settings.k_anonymity, spec.max_suppression)
        out = kres.frame
        kanon_meta = kres.as_metadata()

    name = f"{release_class.value}/{entry.dataset.id}"
    out, result = gate.settle(out, kinds, labels, policy, scanner, settings.pseudonym_key(), workers, _originals(frame, out, kinds))
    if not result.passed:
        raise PrivacyGateFailed(name, result.all_problems)
    out = out.drop(ROW)

    metadata = {
        "dataset": entry.dataset.id,
        "release_class": release_class.value,
        "policy": policy.label,
        "rows_in": clean.height,
        "rows_out": out.height,
        "actions": masked.actions,
        "classification": {c.column: c.status for c in classes},
        "catalog_errors": [c.message() for c in classes if c.status == "catalog_error"],
        "k_anonymity": kanon_meta,
        "gate": result.as_metadata(),
        "released_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = release_path(settings, entry, release_class)
    commit = {**(commit_info or {}), "dw.release": json.dumps(metadata, ensure_ascii=False)}
    metadata["table"] = str(path)
    metadata["version"] = tables.replace(path, out, commit_info=commit)
    return metadata
