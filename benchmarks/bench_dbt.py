"""The cost of dbt: `dbt build` of the central tables against the same SQL run directly in DuckDB.

    .venv/bin/python benchmarks/bench_dbt.py --scale 1000000 [--home /tmp/bench-dbt] [--main-job]

1. Prepares a warehouse home with the demo district at ``--scale`` (ingestion and the release
   copies through the main job, `dw run`; timed when ``--main-job`` is given or the home is new:
   that is the main job at this scale, everything included).
2. ``dbt build`` (models and data tests, unit tests excluded: exactly what the main job runs),
   as a separate process like dagster-dbt starts it, into a fresh DuckDB file — twice.
3. The baseline: the SQL dbt compiled for that build, run directly in DuckDB in this process —
   the same Delta sources loaded through the same plugin, every model as `create table/view ...
   as <compiled select>` in dbt's order, every data test as `select count(*) from (<test>)`.

Prints seconds and the ratio dbt / direct, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.validate import load_catalog  # noqa: E402
from central import build as central_build  # noqa: E402
from central import forms  # noqa: E402
from central.lake_source import Plugin  # noqa: E402
from central.paths import DBT_PROJECT_DIR, target_dir  # noqa: E402
from config.settings import load_settings  # noqa: E402

BIN = Path(sys.executable).parent


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    print(f"  {label}: {took:.1f} s", flush=True)
    return took


def prepare(home: Path, scale: int, main_job: bool) -> float | None:
    env = {**os.environ, "DW_HOME": str(home)}
    fresh = not (home / "lake").exists()
    if not (home / "landing" / "manifest.json").exists():
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run([BIN / "dw", "demo-data", "--scale", str(scale), "--seed", "42", "--out", home / "landing"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    if fresh or main_job:
        if main_job and not fresh:
            shutil.rmtree(home / "central", ignore_errors=True)  # the dbt part must run again
        return timed("main job `dw run` (everything included)",
                     lambda: subprocess.run([BIN / "dw", "run"], env=env, check=True, stdout=subprocess.DEVNULL))
    return None


def dbt_build(settings, catalog) -> float:
    plan = central_build.plan(settings, catalog)
    with central_build.building(settings, plan) as env:
        cmd = [str(BIN / "dbt"), "build", "--exclude", "resource_type:unit_test", "--project-dir", str(DBT_PROJECT_DIR),
               "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target_dir(settings)), "--quiet"]
        return timed("dbt build", lambda: subprocess.run(cmd, env={**os.environ, **env}, check=True))


def compiled_sql(node: dict) -> str:
    """The SQL dbt ran for a node: from the manifest itself, else the file dbt wrote for it (a
    test's file name is its name shortened and hashed by dbt, never rebuilt from the name here)."""
    if node.get("compiled_code"):
        return node["compiled_code"]
    path = Path(node["compiled_path"])
    return (path if path.is_absolute() else DBT_PROJECT_DIR / path).read_text()


def direct(settings, catalog, work: Path) -> float:
    """The SQL of the last dbt build, run straight in DuckDB (same file name, so names resolve)."""
    target = target_dir(settings)
    manifest = json.loads((target / "manifest.json").read_text())
    results = json.loads((target / "run_results.json").read_text())["results"]
    order = sorted(results, key=lambda r: min((t["started_at"] for t in r["timing"] if t.get("started_at")), default=""))
    statements = []
    for r in order:
        node = manifest["nodes"][r["unique_id"]]
        sql = compiled_sql(node)
        if node["resource_type"] == "model":
            kind = "view" if node["config"]["materialized"] == "view" else "table"
            statements.append(f'create schema if not exists "{node["schema"]}"; create or replace {kind} '
                              f'"{node["schema"]}"."{node["alias"]}" as {sql}')
        else:
            statements.append(f"select count(*) from ({sql})")
    work.mkdir(parents=True, exist_ok=True)
    db = work / "next.duckdb"  # dbt's compiled SQL names the database by the file stem
    db.unlink(missing_ok=True)
    plugin = Plugin("lake", {})
    plugin.initialize({})

    def run() -> None:
        with duckdb.connect(str(db)) as con:
            for entry in catalog.entries:
                zone, table = forms.source_of(entry)
                schema = f"lake_{forms.source_name(entry)}"
                data = plugin.load({"zone": zone, "table": table, "dw_dataset": entry.dataset.id})  # type: ignore[arg-type]
                con.register("src_df", data)
                con.execute(f'create schema if not exists "{schema}"; create or replace table "{schema}"."{entry.dataset.id}" as select * from src_df')
                con.unregister("src_df")
            for statement in statements:
                con.execute(statement).fetchall()

    return timed(f"same SQL directly in DuckDB ({len(statements)} statements)", run)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--home", type=Path, default=Path("/tmp/bench-dbt"))
    parser.add_argument("--main-job", action="store_true", help="time the whole main job again")
    args = parser.parse_args()
    home = args.home.resolve() / f"scale-{args.scale}"
    os.environ["DW_HOME"] = str(home)
    print(f"scale {args.scale:,} residents, home {home}, load average {os.getloadavg()[0]:.1f}", flush=True)
    main_job = prepare(home, args.scale, args.main_job)
    settings = load_settings(home)
    catalog = load_catalog(settings.catalog_dir)
    first = dbt_build(settings, catalog)
    second = dbt_build(settings, catalog)
    base = direct(settings, catalog, home / "bench_direct")
    print("\n| measure | seconds | ratio to direct DuckDB |\n|---|---:|---:|")
    print(f"| same SQL directly in DuckDB (baseline) | {base:.1f} | 1.00 |")
    print(f"| `dbt build`, run 1 | {first:.1f} | {first / base:.2f} |")
    print(f"| `dbt build`, run 2 | {second:.1f} | {second / base:.2f} |")
    if main_job is not None:
        print(f"| main job `dw run` at {args.scale:,} residents | {main_job:.1f} | – |")
    print(f"\nload average at the end {os.getloadavg()[0]:.1f} (1 min) {os.getloadavg()[1]:.1f} (5 min) on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
