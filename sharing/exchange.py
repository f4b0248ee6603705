"""The exchange share mode (交换共享, Art. 19-20): a reviewed grant's data as a landed package,
marked for its recipient, and the way back from a leaked copy to the grant it came from.

``export`` writes ``<out>/<package>/``: the granted items of the grant's release class as
Parquet and CSV (UTF-8 with BOM, so Excel reads the Chinese), ``manifest.json`` (grant, unit,
purpose, items, release class, table version, row counts and SHA-256 of each file) and a notice
of Art. 20. Text cells carry the grant's mark (``sharing.watermark``). The export and its audit
entry are one transaction; the package is written to a temporary folder first and renamed into
place, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import select

from catalog.model import CatalogEntry, FieldType
from sharing.grants import get_grant, state_of
from sharing.source import LINEAGE_KEY, ReleaseReader
from sharing.vocabulary import GRANT_STATE_ZH, Access, GrantState, ReleaseKind
from sharing.watermark import Evidence, evidence, grant_key, mark_frame, observations
from workflow.actors import Actor
from workflow.context import Workflow
from workflow.errors import forbidden, invalid
from workflow.store.tables import ShareExport, ShareGrant

NOTICE = (
    "本数据包依据《海曙区公共数据管理暂行办法》第十九、二十条经审核交换共享，只能用于授权用途，不得以任何形式提供给第三方，"
    "也不得用于任何其他目的。数据包已按接收方标记，可追溯来源。文本请按 Unicode NFKC 规范化后比较。\n"
    "Shared by exchange after review (Art. 19-20): for the granted purpose only, never to a third party. "
    "The package is marked for its recipient and can be traced. Compare text after Unicode NFKC normalisation.\n"
)


@dataclass(frozen=True)
class Package:
    path: Path
    package: str
    rows: int
    manifest: dict


def unmarked_columns(entry: CatalogEntry) -> set[str]:
    """Identifiers stay exact, so joins work: keys, references, resident IDs, credit codes, the lineage key."""
    return {f.name for f in entry.dataset.fields if f.key or f.reference or f.type in (FieldType.resident_id, FieldType.uscc)} | {LINEAGE_KEY}


def export(wf: Workflow, reader: ReleaseReader, actor: Actor, grant_id: int, out: Path) -> Package:
    if not actor.is_bureau:
        raise forbidden("交换数据包由区大数据主管机构导出", "exchange packages are exported by the bureau")
    with wf.store.write() as session:
        grant = get_grant(session, actor, grant_id, lock=True)
        state = state_of(grant, wf.today())
        if state is not GrantState.live:
            raise forbidden(f"授权{GRANT_STATE_ZH[state]}，不能导出", f"the grant is {state.value}: nothing is exported under it")
        if grant.access != Access.package.value:
            raise forbidden("该授权不是交换共享授权（交换共享须经审核）", "this grant is not an exchange grant (exchange only after review)")
        entry = wf.catalog.dataset(grant.dataset)
        loaded = reader.load(entry, ReleaseKind(grant.release_class))
        columns = [name for name in (f.name for f in entry.dataset.fields) if name in grant.items]
        frame = loaded.frame.select([*columns, LINEAGE_KEY])
        frame = mark_frame(frame, grant_key(wf.settings.watermark_key(), grant.id), [c for c in columns if c not in unmarked_columns(entry)])
        package = f"{grant.dataset}-g{grant.id}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(2)}"
        manifest = _write(out, package, frame, grant, entry, loaded.version)
        manifest_sha = hashlib.sha256((out / package / "manifest.json").read_bytes()).hexdigest()
        record = ShareExport(grant_id=grant.id, package=package, rows=frame.height, table_version=loaded.version,
                             manifest_sha256=manifest_sha, exported_at=datetime.now(UTC), exported_by=actor.name)
        session.add(record)
        session.flush()
        wf.audit.record(session, actor, "share.exported", f"grant:{grant.id}", dataset=grant.dataset, grant=str(grant.id), purpose=grant.purpose,
                        rows=frame.height, detail={"package": package, "unit": grant.unit, "items": columns, "release": grant.release_class,
                                                   "export": record.id,
                                                   "manifest_sha256_head": manifest_sha[:10]})  # 10 hex: never a long digit run
        return Package(out / package, package, frame.height, manifest)


def _write(out: Path, package: str, frame: pl.DataFrame, grant: ShareGrant, entry: CatalogEntry, version: int | None) -> dict:
    staging = out / f".{package}.partial"
    staging.mkdir(parents=True)
    try:
        parquet, csv = staging / f"{grant.dataset}.parquet", staging / f"{grant.dataset}.csv"
        frame.write_parquet(parquet)
        frame.write_csv(csv, include_bom=True)
        (staging / "说明 NOTICE.txt").write_text(NOTICE, encoding="utf-8")
        manifest = {
            "package": package, "grant": grant.id, "unit": grant.unit, "dataset": grant.dataset, "dataset_zh": entry.dataset.business_name,
            "provider": entry.provider.code, "purpose": grant.purpose, "items": [c for c in frame.columns if c != LINEAGE_KEY],
            "release_class": grant.release_class, "table_version": version, "rows": frame.height,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "marked_for_recipient": True, "text_comparison": "Unicode NFKC",
            "files": {p.name: {"rows": frame.height, "bytes": p.stat().st_size, "sha256": _sha256(p)} for p in (parquet, csv)},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(staging, out / package)
        return manifest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Trace:
    found: ShareGrant | None
    best: Evidence | None
    runner_up: Evidence | None
    positions: int
    candidates: int


def read_any(path: Path) -> pl.DataFrame:
    """A leaked file as text columns: Parquet, Excel (.xlsx) or CSV (any header, any order)."""
    try:
        if path.suffix.lower() == ".parquet":
            return pl.read_parquet(path).select(pl.all().cast(pl.String))
        if path.suffix.lower() == ".xlsx":
            return pl.read_excel(path, infer_schema_length=0).select(pl.all().cast(pl.String))
        return pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise invalid(f"无法读取文件（{type(exc).__name__}）：须为 CSV、Excel 或 Parquet",
                      f"cannot read the file ({type(exc).__name__}): expected CSV, Excel or Parquet",
                      "unreadable_file") from None


def trace(wf: Workflow, actor: Actor, path: Path) -> Trace:
    """Which exported grant a file came from; ``found`` is None when the marks do not say."""
    if not actor.is_bureau:
        raise forbidden("只有区大数据主管机构可以追溯数据包", "only the bureau traces packages")
    observed = observations(read_any(path))
    secret = wf.settings.watermark_key()
    with wf.store.write() as session:
        exported = sorted(set(session.scalars(select(ShareExport.grant_id))))
        scored = sorted((evidence(observed, g, grant_key(secret, g)) for g in exported), key=lambda e: e.agreement, reverse=True)
        best = scored[0] if scored else None
        runner_up = scored[1] if len(scored) > 1 else None
        found = session.get(ShareGrant, best.candidate) if best is not None and best.convincing(len(exported)) else None
        wf.audit.record(session, actor, "share.traced", f"grant:{found.id}" if found else "grant:-", dataset=found.dataset if found else None,
                        grant=str(found.id) if found else None,
                        detail={"file_sha256_head": _sha256(path)[:10], "positions": best.positions if best else 0, "candidates": len(exported)})
        return Trace(found, best, runner_up, best.positions if best else 0, len(exported))
