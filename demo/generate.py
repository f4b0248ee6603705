"""Generate the demo district: eight provider files and a manifest of what is in them.

Order matters, because sources refer to each other: the household register comes first and
its faults are decided before anyone else picks residents, so that every other source refers
only to residents whose register row will load (likewise employers and power customers come
from the market register rows that will load). Cross-source anomalies are then exactly the
ones injected on purpose, and the manifest can state them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from demo.births import birth_registration
from demo.enterprises import enterprise_registration, make_enterprises
from demo.faults import FAULTS, FILE_FAULTS, PLANS, Outcome
from demo.hotline import hotline_work_orders
from demo.inject import Injected, inject
from demo.people import age_years, household_registration, make_residents
from demo.seeding import stream
from demo.social import social_insurance_enrolment, subsistence_allowance
from demo.tables import Table, district_catalog, layout
from demo.utilities import power_accounts, water_accounts
from demo.writers import FileFormat, write, write_bytes

MIN_SCALE = 1_000  # below this, fault minimums would swamp the smaller datasets
MAX_SCALE = 10_000_000  # memory grows by about 1.3 GB per million residents
ENTERPRISE_SHARE = 0.1

FORMATS: dict[str, FileFormat] = {
    "household_registration": FileFormat("csv", "gb18030", "\r\n"),
    "social_insurance_enrolment": FileFormat("csv", "utf-8-sig"),
    "enterprise_registration": FileFormat("json", numbers=("注册资本",)),
    "subsistence_allowance": FileFormat("xlsx", numbers=("保障人数", "月保障金额"), dates=("出生日期", "起始日期")),
    "birth_registration": FileFormat("csv"),
    "water_accounts": FileFormat("csv"),
    "power_accounts": FileFormat("csv"),
    "hotline_work_orders": FileFormat("csv"),
}


@dataclass
class _Run:
    """State shared while the district is written: where, when, and the manifest so far."""

    seed: int
    out: Path
    as_of: date
    files: list[dict]
    datasets: dict[str, dict]

    def emit(self, table: Table, extra: dict | None = None) -> Injected:
        """Inject the dataset's faults, write its file, record both in the manifest."""
        lay = layout(table.dataset)
        missing = [c for c in lay.columns if c not in table.frame.columns]
        if missing:
            raise RuntimeError(f"{table.dataset}: catalog columns not generated: {missing}")
        if table.frame.select(lay.keys).is_duplicated().any():
            raise RuntimeError(f"{table.dataset}: clean rows share a key, so quarantine counts would be wrong")
        injected = inject(table, lay, PLANS[table.dataset], stream(self.seed, "faults/" + table.dataset))
        fmt = FORMATS[table.dataset]
        relative = f"{lay.provider}/{lay.pattern.replace('*', self.as_of.strftime('%Y%m%d'))}"
        written = write(injected.frame, self.out / relative, fmt, self.as_of)
        self.files.append(
            {
                "provider": lay.provider,
                "dataset": table.dataset,
                "path": relative,
                "format": fmt.kind,
                "encoding": fmt.encoding_label,
                "line_terminator": {"\n": "LF", "\r\n": "CRLF"}[fmt.line_terminator],
                "rows": injected.frame.height,
                "bytes": written.bytes,
                "sha256": written.sha256,
            }
        )
        self.datasets[table.dataset] = _dataset_entry(table, injected, fmt, relative, lay.provider) | (extra or {})
        return injected


def _dataset_entry(table: Table, injected: Injected, fmt: FileFormat, relative: str, provider: str) -> dict:
    rows = injected.frame.height
    quarantined = injected.expected_quarantined
    faults: dict[str, dict] = {o.value: {} for o in Outcome}
    for fault in FAULTS.values():
        by_column = injected.counts.get(fault.code, {})
        faults[fault.outcome.value][fault.code] = {
            "count": sum(by_column.values()),
            "unit": fault.unit,
            "by_column": {c: n for c, n in by_column.items() if c != "*"},
        }
    file_faults = {"gb18030": "gb18030_encoding", "utf-8-sig": "utf8_bom"}
    if fmt.encoding in file_faults:
        f = FILE_FAULTS[file_faults[fmt.encoding]]
        faults[f.outcome.value][f.code] = {"count": 1, "unit": f.unit, "by_column": {}}
    entry: dict = {
        "provider": provider,
        "file": relative,
        "date_format": table.date_format,  # the provider's own spelling of its dates
        "expected_rows": rows,
        "expected_quarantined": quarantined,
        "expected_loaded": rows - quarantined,
        "faults": faults,
    }
    if table.recollected:
        f = FILE_FAULTS["recollected_column"]
        faults[f.outcome.value][f.code] = {
            "count": len(table.recollected),
            "unit": f.unit,
            "by_column": {c: 1 for c in table.recollected},
        }
        authority = district_catalog().authority_of()
        entry["recollected_columns"] = {
            c: {"item": item, "authoritative_provider": authority[item]} for c, item in table.recollected.items()
        }
        entry["expected_quarantined_if_refused"] = rows  # DW_RECOLLECTION_POLICY=refuse
    if table.notes:
        entry["notes"] = dict(table.notes)
    return entry


def _loads(injected: Injected, n: int) -> np.ndarray:
    """Mask of clean-table rows that will load (not bound for quarantine)."""
    mask = np.ones(n, dtype=bool)
    mask[injected.quarantined] = False
    return mask


def manifest_path(out: Path) -> Path:
    """Where the district written into ``out`` keeps its manifest: beside the landing folder, not in
    it, so that the intake never meets a file that belongs to no provider."""
    out = Path(out)
    return out.parent / f"{out.name}.manifest.json"


def generate_district(scale: int, seed: int, out: Path, as_of: date = date(2026, 11, 24)) -> dict:
    """Write the demo district for ``scale`` residents into ``out/<provider>/`` and return the
    manifest (also written to ``manifest_path(out)``). Same arguments, same bytes."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between {MIN_SCALE} and {MAX_SCALE} residents, got {scale}")
    out = Path(out)
    run = _Run(seed=seed, out=out, as_of=as_of, files=[], datasets={})

    residents = make_residents(scale, as_of, stream(seed, "residents"))
    resident_ok = _loads(run.emit(household_registration(residents)), scale)

    adults = resident_ok & (age_years(residents["birth"], as_of) >= 20)
    enterprises = make_enterprises(
        round(ENTERPRISE_SHARE * scale), residents["name"].filter(pl.Series(adults)), as_of, stream(seed, "enterprises")
    )
    enterprise_ok = _loads(run.emit(enterprise_registration(enterprises)), enterprises.height)
    employers = enterprises["uscc"].filter(pl.Series(enterprise_ok) & enterprises["status"].str.starts_with("存续"))

    builders: dict[str, Callable[[np.random.Generator], Table]] = {
        "social_insurance_enrolment": lambda rng: social_insurance_enrolment(
            residents, resident_ok, employers, as_of, rng
        ),
        "subsistence_allowance": lambda rng: subsistence_allowance(residents, resident_ok, as_of, rng),
        "birth_registration": lambda rng: birth_registration(residents, resident_ok, as_of, rng),
        "water_accounts": lambda rng: water_accounts(residents, resident_ok, as_of, rng),
        "power_accounts": lambda rng: power_accounts(enterprises, enterprise_ok, scale, as_of, rng),
    }
    for name, build in builders.items():
        run.emit(build(stream(seed, "build/" + name)))
    hotline, entities = hotline_work_orders(
        residents,
        resident_ok,
        enterprises["name"].filter(pl.Series(enterprise_ok)),
        as_of,
        stream(seed, "build/hotline_work_orders"),
    )
    run.emit(hotline, {"free_text": {"column": "诉求内容", "scope": "clean export, before faults", **entities}})

    manifest = {
        "generator": "demo.generate",
        "scale": scale,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "assumptions": {
            "recollection_policy": "flag",
            "duplicates": "an exact copy of a row is quarantined, the first occurrence loads",
        },
        "files": run.files,
        "datasets": run.datasets,
        "totals": {
            "rows": sum(d["expected_rows"] for d in run.datasets.values()),
            "expected_quarantined": sum(d["expected_quarantined"] for d in run.datasets.values()),
        },
    }
    write_bytes(manifest_path(out), (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return manifest
