"""The GX validation result of each dataset's latest check, kept where the report links to it.

One JSON file per dataset, ``reports/gx/<dataset>.json``, replaced by every run of the check:
the statistics, whether GX agreed with the polars counts rule by rule, and GX's own validation
result. GX puts a sample of the unexpected values in each expectation's result; in ``full``
mode those are the table's values (resident IDs, names), so every sample is dropped before
anything is written: no personal value leaves the lake.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GX_DIR = "gx"
_SAMPLES = ("partial_unexpected_list", "partial_unexpected_counts", "partial_unexpected_index_list",
            "unexpected_list", "unexpected_index_list", "unexpected_index_query")


@dataclass(frozen=True)
class GxRecord:
    dataset: str
    mode: str
    batches: tuple[str, ...]
    evaluated: int
    unsuccessful: int
    agrees: bool
    disagreeing: tuple[str, ...]
    evaluated_at: str  # GX's load time of the batch (e.g. 20261203T120748.892989Z)

    @property
    def file(self) -> str:
        """The record's path relative to the reports folder (the report's link)."""
        return f"{GX_DIR}/{self.dataset}.json"


def record(reports_dir: Path, dataset: str, mode: str, batches: list[str], result: Any, disagreeing: list[str]) -> GxRecord:
    """Write the dataset's record (atomically) and return its summary."""
    body = {"dataset": dataset, "mode": mode, "batches": batches, "agrees_with_polars": not disagreeing,
            "disagreeing_rules": disagreeing, "gx_validation_result": _without_samples(result.to_json_dict())}
    path = reports_dir / GX_DIR / f"{dataset}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)
    return _summary(body)


def read_records(reports_dir: Path) -> dict[str, GxRecord]:
    """Every dataset's latest record; an unreadable file is left out."""
    out: dict[str, GxRecord] = {}
    for path in sorted((reports_dir / GX_DIR).glob("*.json")):
        try:
            summary = _summary(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        out[summary.dataset] = summary
    return out


def _summary(body: dict) -> GxRecord:
    result = body["gx_validation_result"]
    stats = result.get("statistics", {})
    return GxRecord(
        dataset=body["dataset"], mode=body["mode"], batches=tuple(body["batches"]),
        evaluated=int(stats.get("evaluated_expectations") or 0), unsuccessful=int(stats.get("unsuccessful_expectations") or 0),
        agrees=bool(body["agrees_with_polars"]), disagreeing=tuple(body["disagreeing_rules"]),
        evaluated_at=str(result.get("meta", {}).get("batch_markers", {}).get("ge_load_time", "")),
    )


def _without_samples(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_samples(v) for k, v in value.items() if k not in _SAMPLES}
    if isinstance(value, list):
        return [_without_samples(v) for v in value]
    return value
