"""Restore a dataset as a whole (Art. 14), as an operation the ledger knows (``dw table restore``).

``dw table restore clean/birth_registration --version 3`` brings back the dataset as it was when
its clean table was at version 3: raw, clean and quarantine together, each to the version it had
at that moment (the ledger records the three versions of every load and every restore). Each
restore is a new Delta version, so nothing is lost and a restore can itself be undone.

The ledger then records, for every delivery whose rows the restore removed, a ``rolled_back``
event (and a ``loaded`` event for a delivery a restore brings back). A rolled-back file is not
reloaded by the next run, nor silently skipped: it is listed in ``dw status`` as rolled back
until an operator brings it back (``dw file release <file>``) or dismisses it
(``dw file reject <file>``); a new content at its path is a new delivery as usual.

A table that does not exist, a version that does not exist, or the current version: one line,
nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from deltalake import CommitProperties, DeltaTable

from catalog.model import Catalog
from config.settings import Settings
from ingest import ledger
from lakehouse import tables
from lakehouse.lineage import BATCH_ID, SOURCE_FILE
from lakehouse.lock import writer_lock

DATASET_ZONES = ("raw", "clean", "quarantine")
RESTORED = ledger.RESTORED


class RestoreRefused(ValueError):
    """One line, 中文 + English; nothing was changed."""


@dataclass(frozen=True)
class Restored:
    name: str
    versions: dict[str, tuple[int, int]] = field(default_factory=dict)  # zone -> (restored to, new version)
    rolled_back: list[str] = field(default_factory=list)  # source files
    brought_back: list[str] = field(default_factory=list)

    def line(self) -> str:
        moved = ", ".join(f"{z} v{to}→v{new}" for z, (to, new) in self.versions.items()) or "无变化 no table changed"
        back = f"; 回滚文件 rolled back: {', '.join(self.rolled_back)}" if self.rolled_back else ""
        again = f"; 恢复文件 brought back: {', '.join(self.brought_back)}" if self.brought_back else ""
        return f"已恢复 restored {self.name} ({moved}){back}{again}"


def restore(catalog: Catalog, settings: Settings, name: str, version: int, operator: str) -> Restored:
    zone, _, table = name.rpartition("/")
    zone = zone or "clean"
    if zone not in DATASET_ZONES:
        return _restore_single(settings, zone, table, version, name)
    try:
        entry = catalog.dataset(table)
    except KeyError:
        raise RestoreRefused(f"{name}: 无此数据表 no such table (目录中无此数据集 not a catalogued dataset); 未做更改 nothing changed") from None
    lake = settings.lake_dir
    with writer_lock(f"restore {name}", home=settings.home):
        path = tables.table_path(lake, zone, table)
        current = _check_version(path, version, name)
        ds = entry.dataset.id
        target = _target_versions(lake, ds, zone, version)
        if all(_same_content(tables.table_path(lake, z, ds), to) for z, to in target.items()):
            raise RestoreRefused(f"{name}: v{version} 与当前内容相同 holds what the dataset holds now (v{current}); 未做更改 nothing changed")
        before = _deliveries_in(lake, ds, {z: None for z in DATASET_ZONES})
        after = _deliveries_in(lake, ds, target)
        moved: dict[str, tuple[int, int]] = {}
        for z, to in target.items():
            zpath = tables.table_path(lake, z, ds)
            if to is None or not tables.exists(zpath) or to == tables.version(zpath):
                continue
            DeltaTable(str(zpath)).restore(to, commit_properties=CommitProperties(
                custom_metadata={"restore": f"{name}@v{version}", "operator": operator}))
            moved[z] = (to, DeltaTable(str(zpath)).version())
        result = Restored(name=name, versions=moved, rolled_back=sorted(f for _, f in before - after),
                          brought_back=sorted(f for _, f in after - before))
        _record(lake, entry.provider.code, ds, before - after, after - before, result, operator, zone, version, current)
        return result


def _check_version(path: Path, version: int, name: str) -> int:
    if not tables.exists(path):
        raise RestoreRefused(f"{name}: 无此数据表 no such table at {path}; 未做更改 nothing changed")
    current = tables.version(path)
    assert current is not None
    if version < 0 or version > current:
        raise RestoreRefused(f"{name}: 无版本 v{version} no such version (现有 v0–v{current} versions v0–v{current}); 未做更改 nothing changed")
    if version == current:
        raise RestoreRefused(f"{name}: v{version} 已是当前版本 is already the current version; 未做更改 nothing changed")
    return current


def _same_content(path: Path, version: int | None) -> bool:
    """Whether ``version`` of the table holds exactly the data files it holds now."""
    if version is None or not tables.exists(path):
        return True
    return sorted(DeltaTable(str(path), version=version).file_uris()) == sorted(DeltaTable(str(path)).file_uris())


def _target_versions(lake: Path, dataset: str, zone: str, version: int) -> dict[str, int | None]:
    """Each zone's version at the moment ``zone`` had ``version``, from the ledger's points."""
    events = ledger.read_ledger(lake).filter(
        (pl.col("dataset") == dataset) & pl.col("event").is_in([ledger.LOADED, RESTORED]) & pl.col(f"{zone}_version").is_not_null()
    )
    points = events.filter(pl.col(f"{zone}_version") <= version).sort(f"{zone}_version", "loaded_at")
    if points.height == 0:
        return {z: 0 for z in DATASET_ZONES}  # before the first load: the empty tables it created
    point = points.row(-1, named=True)
    target = {z: point[f"{z}_version"] for z in DATASET_ZONES}
    target[zone] = version
    return target


def _deliveries_in(lake: Path, dataset: str, versions: dict[str, int | None]) -> set[tuple[str, str]]:
    """(batch_id, source_file) of every delivery with rows in raw, clean or quarantine at ``versions``."""
    found: set[tuple[str, str]] = set()
    for zone, version in versions.items():
        path = tables.table_path(lake, zone, dataset)
        if not tables.exists(path):
            continue
        frame = pl.scan_delta(str(path), version=version).select(BATCH_ID, SOURCE_FILE).unique().collect()
        found |= set(frame.iter_rows())
    return found


def _record(
    lake: Path, provider: str, dataset: str, removed: set[tuple[str, str]], returned: set[tuple[str, str]], result: Restored,
    operator: str, zone: str, version: int, current: int,
) -> None:
    now = datetime.now(UTC)
    versions = {f"{z}_version": tables.version(tables.table_path(lake, z, dataset)) for z in DATASET_ZONES}
    figures = {"restored": f"{zone}@v{version}", "from": f"{zone}@v{current}", "rolled_back": result.rolled_back,
               "brought_back": result.brought_back}
    reason = f"操作员恢复 {zone} 至 v{version} restored {zone} to v{version} by operator {operator}"
    ledger.record(lake, {"batch_id": f"{dataset}-restore", "dataset": dataset, "provider": provider, "source_file": "",
                         "file_sha256": "", "event": RESTORED, "reason": reason, "figures": figures,
                         "decided_by": operator, "loaded_at": now, **versions})
    last = ledger.read_ledger(lake).filter((pl.col("dataset") == dataset) & (pl.col("event") != RESTORED))
    for batch_id, source_file in sorted(removed | returned):
        earlier = last.filter((pl.col("batch_id") == batch_id) & (pl.col("source_file") == source_file))
        loads = earlier.filter(pl.col("event") == ledger.LOADED)
        base = (loads if loads.height else earlier).row(-1, named=True) if earlier.height else {
            "batch_id": batch_id, "source_file": source_file, "file_sha256": batch_id.rsplit("-", 1)[-1]}
        event = ledger.ROLLED_BACK if (batch_id, source_file) in removed else ledger.LOADED
        # One timestamp for the whole restore: none of its events is "later" than another.
        ledger.record(lake, {**base, "dataset": dataset, "provider": provider, "event": event, "reason": reason,
                             "figures": figures, "decided_by": operator, "loaded_at": now, **versions})


def _restore_single(settings: Settings, zone: str, table: str, version: int, name: str) -> Restored:
    """Tables outside a dataset's three zones (release copies): that one table, as before."""
    if zone != "release":
        raise RestoreRefused(f"{name}: 只能恢复 raw/clean/quarantine/release 表 only raw, clean, quarantine or release tables "
                             "can be restored (meta/ holds the ledger and reports); 未做更改 nothing changed")
    with writer_lock(f"restore {name}", home=settings.home):
        path = tables.table_path(settings.lake_dir, zone, table)
        _check_version(path, version, name)
        new = tables.restore(path, version)
        return Restored(name=name, versions={zone: (version, new)})
