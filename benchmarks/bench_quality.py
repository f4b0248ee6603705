"""Quality speed, measured against baselines in the same run.

    .venv/bin/python benchmarks/bench_quality.py --scale 1000000 --gx-full  # the suite on the household table
    .venv/bin/python benchmarks/bench_quality.py --share --scale 100000     # quality's share of the main job

Suite: the 1 000 000-resident household table (clean, as ingestion leaves it) validated with
its full verification suite: (1) baseline: the rules written as plain polars expressions in one
``select``; (2) the registry's compiled polars predicates with the failing rows' lineage keys
collected; (3) that plus GX validating every rule's result column — what the asset checks run
by default (``DW_QUALITY_GX=results``); (4) with --gx-full, GX evaluating the compiled suite on
the table itself (``DW_QUALITY_GX=full``, pandas). Best of --repeat (GX full: once); the ratio
is what matters on a shared machine.

Share: the default demo district through the whole main job (``dw run`` in-process); the
quality steps (critical checks, warnings/findings/freshness checks, the report asset) summed
from Dagster's step events, as a share of the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.validate import load_catalog
from config.settings import load_settings
from demo.generate import generate_district
from expectations.checks import id_birth_date, id_sex
from expectations.evaluate import failing_masks
from expectations.registry import verify_rules
from ingest.pipeline import ingest_dataset
from lakehouse.lineage import lineage_key_expr
from standards.checksums import resident_id_valid_expr
from standards.regions import region_prefix_known_expr

DATASET = "household_registration"


def best(fn: Callable[[], object], repeat: int) -> float:
    return min(interleaved({"": fn}, repeat)[""])


def interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Each function once per round, ``repeat`` rounds: a load spike on the shared machine then
    hits every measure alike instead of one of them."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return times


def plain_polars(clean: pl.DataFrame, today: date) -> pl.DataFrame:
    """The household suite written by hand as plain polars expressions (the baseline)."""
    rid, birth, sex, reg = pl.col("resident_id"), pl.col("birth_date"), pl.col("gender"), pl.col("registered_on")
    cc = r"[\p{Cc}\p{Cf}]"
    texts = ["resident_id", "name", "gender", "ethnicity", "household_address", "street"]
    exprs = [
        rid.is_null(), pl.col("name").is_null(), birth.is_null(),
        rid.is_not_null() & ~resident_id_valid_expr(rid, today),
        rid.is_not_null() & ~region_prefix_known_expr(rid),
        rid.str.contains(r"^\s*[+-]?\d+(?:\.\d+)?[eE][+-]?\d+\s*$"),
        sex.is_not_null() & ~sex.is_in(["男", "女"]),
        (birth < date(1880, 1, 1)) | (birth > today), (reg < date(1880, 1, 1)) | (reg > today),
        reg < birth, birth != id_birth_date(rid), sex != id_sex(rid),
        pl.col("name").str.contains(r"[\p{So}\p{Sk}\p{Co}]"),
        rid.is_not_null() & rid.is_duplicated(),
        *[pl.col(c).str.contains(cc) for c in texts],
        *[pl.col(c).str.contains(r"^\s*(?:\{[\s\S]*\}|\[[\s\S]*\])\s*$") for c in texts[1:]],
        *[pl.col(c).str.len_chars() > 200 for c in texts[1:]],
    ]
    masks = clean.select(e.fill_null(False).alias(f"r{i}") for i, e in enumerate(exprs))
    return masks.sum()


def registry_suite(clean: pl.DataFrame, rules: tuple) -> pl.DataFrame:
    """The compiled predicates, then the failing rows' lineage keys; returns the masks."""
    masks = failing_masks(rules, clean)
    counts = masks.sum().row(0, named=True)
    keys = clean.select(lineage_key_expr())
    for rule_id, n in counts.items():
        if n:
            keys.filter(masks[rule_id]).to_series().to_list()
    return masks


def gx_results(masks: pl.DataFrame, rules: tuple) -> None:
    """What the asset check adds by default: GX validating the rules' result columns."""
    from expectations.gx_suite import validate_results

    validate_results(DATASET, rules, masks)


def gx_full(clean: pl.DataFrame, rules: tuple) -> None:
    from expectations.gx_suite import validate_full

    validate_full(DATASET, rules, clean)


def suite(scale: int, repeat: int, with_gx_full: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        home = Path(tmp)
        os.environ["DW_HOME"] = str(home)
        settings = load_settings(home)
        print(f"生成 generating {scale:,} residents …", flush=True)
        generate_district(scale, 42, settings.landing_dir)
        catalog = load_catalog(settings.catalog_dir)
        ingest_dataset(catalog.dataset(DATASET), catalog, settings)
        clean = pl.read_delta(str(settings.lake_dir / "clean" / DATASET))
        today = settings.today()
        rules = verify_rules(catalog, DATASET, today)
        print(f"{clean.height:,} rows, {len(rules)} rules", flush=True)
        masks = registry_suite(clean, rules)
        times = interleaved({
            "base": lambda: plain_polars(clean, today), "ours": lambda: registry_suite(clean, rules), "gx": lambda: gx_results(masks, rules),
        }, repeat)
        base, ours, gx = (min(times[k]) for k in ("base", "ours", "gx"))
        rows = [("baseline: plain polars expressions of the same rules", base), ("registry suite (compiled predicates + failing rows)", ours),
                ("GX validating the rules' result columns (BASIC)", gx),
                ("the checks' default: registry suite + GX on its results", ours + gx)]
        if with_gx_full:
            rows.append(("GX evaluating the compiled suite on the table (pandas, BASIC; DW_QUALITY_GX=full)", best(lambda: gx_full(clean, rules), 1)))
        print("\n| measure | seconds | ratio to baseline |\n|---|---|---|")
        for name, secs in rows:
            print(f"| {name} | {secs:.2f} | {secs / base:.2f} |")


def share(scale: int) -> None:
    from orchestration.definitions import build_definitions
    from orchestration.resources import Warehouse
    from orchestration.run import dagster_instance

    with tempfile.TemporaryDirectory(prefix="bench-quality-share-") as tmp:
        home = Path(tmp)
        os.environ["DW_HOME"] = str(home)
        settings = load_settings(home)
        generate_district(scale, 42, settings.landing_dir)
        defs = build_definitions(load_catalog(settings.catalog_dir), Warehouse(home=str(home)))
        with dagster_instance(settings) as instance:
            t = time.perf_counter()
            result = defs.resolve_job_def("main_job").execute_in_process(
                instance=instance, raise_on_error=False, run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
            total = time.perf_counter() - t
            records = instance.all_logs(result.run_id)
        starts: dict[str, float] = {}
        spent: dict[str, float] = {}
        for r in records:
            e = r.dagster_event
            if e is None:
                continue
            if e.event_type_value == "STEP_START":
                starts[e.step_key or ""] = r.timestamp
            elif e.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and e.step_key in starts:
                spent[e.step_key or ""] = r.timestamp - starts[e.step_key or ""]
        quality = sum(s for k, s in spent.items() if k.startswith("quality") or k.endswith("quality_critical") or k == "report__quality")
        steps = sum(spent.values())
        print("\n| measure | seconds | share of the main job |\n|---|---|---|")
        print(f"| main job, wall clock ({scale:,} residents) | {total:.1f} | 1.00 |")
        print(f"| all steps | {steps:.1f} | {steps / total:.2f} |")
        print(f"| quality steps (checks, findings, freshness, report) | {quality:.1f} | {quality / total:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gx-full", action="store_true", help="also time GX evaluating the suite on the table (slow at a million rows)")
    parser.add_argument("--share", action="store_true", help="measure quality's share of the main job instead")
    args = parser.parse_args()
    if args.share:
        share(args.scale)
    else:
        suite(args.scale, args.repeat, args.gx_full)


if __name__ == "__main__":
    main()
