"""An operator's decision about a file the pipeline would not load by itself (``dw file``).

- **release** a held, refused or rolled-back file: load it now as it lies in the landing folder,
  without the snapshot guard (the operator has looked at the figures); the ledger names who.
- **reject** a held file, or dismiss a refused or rolled-back one: it loads nothing and leaves
  the list of files needing attention; a new content at that path is a new delivery as usual.

Either refuses, in one line and changing nothing, a file that is not in the landing folder or
whose current content has no such open decision.
"""

from __future__ import annotations

from pathlib import Path

from catalog.model import Catalog, CatalogEntry
from config.settings import Settings
from ingest import ledger
from ingest.pipeline import BatchResult, ingest_file, relative
from ingest.read import file_digest
from lakehouse.lock import writer_lock


class DecisionRefused(ValueError):
    """One line, 中文 + English: why this decision cannot be taken; nothing was changed."""


def release(catalog: Catalog, settings: Settings, source_file: str, operator: str) -> BatchResult:
    with writer_lock(f"release {source_file}", home=settings.home):
        entry, path, state = _open_decision(catalog, settings, source_file)
        if state not in ledger.NEEDS_OPERATOR:
            raise DecisionRefused(f"{source_file}: 当前状态为 {state}，无需放行 is {state}, nothing to release; 未做更改 nothing changed")
        return ingest_file(entry, catalog, settings, path, decided_by=operator)


def reject(catalog: Catalog, settings: Settings, source_file: str, operator: str, note: str = "") -> str:
    """Record the rejection; returns the state the file had."""
    with writer_lock(f"reject {source_file}", home=settings.home):
        entry, path, state = _open_decision(catalog, settings, source_file)
        if state not in ledger.NEEDS_OPERATOR:
            raise DecisionRefused(f"{source_file}: 当前状态为 {state}，无可驳回 is {state}, nothing to reject; 未做更改 nothing changed")
        sha = file_digest(path)
        ledger.record(settings.lake_dir, {
            "batch_id": f"{entry.dataset.id}-{sha[:16]}", "dataset": entry.dataset.id, "provider": entry.provider.code,
            "source_file": source_file, "file_sha256": sha, "file_bytes": path.stat().st_size, "event": ledger.REJECTED,
            "reason": f"操作员驳回 rejected by operator {operator}" + (f": {note}" if note else ""), "decided_by": operator,
        })
        return state


def _open_decision(catalog: Catalog, settings: Settings, source_file: str) -> tuple[CatalogEntry, Path, str | None]:
    path = settings.landing_dir / source_file
    if not path.is_file():
        raise DecisionRefused(f"{source_file}: 接收目录中无此文件 not in the landing folder {settings.landing_dir}; 未做更改 nothing changed")
    rel = relative(path, settings)
    entry = _entry_for(catalog, rel)
    return entry, path, ledger.state_of(settings.lake_dir, entry.dataset.id, rel, file_digest(path))


def _entry_for(catalog: Catalog, rel: str) -> CatalogEntry:
    provider, _, name = rel.partition("/")
    for entry in catalog.entries:
        if entry.provider.code == provider and Path(name).match(entry.dataset.source.pattern) and "/" not in name:
            return entry
    raise DecisionRefused(f"{rel}: 目录中无数据集匹配此文件 no catalogued dataset matches this file; 未做更改 nothing changed")
