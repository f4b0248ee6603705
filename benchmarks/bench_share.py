"""Interface share mode under concurrent load on loopback, auditing on, against baselines in the same run.

    .venv/bin/python benchmarks/bench_share.py                       # both databases
    .venv/bin/python benchmarks/bench_share.py --requests 2000 --concurrency 32 --databases sqlite

A small district is generated and built once with the real pipeline (`dw demo-data --scale N`,
`dw run`: clean tables and masking's release copies). For each database a real `dw serve`
process is started on loopback (SQLite file in a temporary DW_HOME; PostgreSQL: a scratch
database, dropped afterwards); grants are made through `dw share` exactly as an operator would.
The asyncio client of benchmarks/bench_api.py (keep-alive, ``--concurrency`` in flight) runs:

- baseline: ``GET /healthz`` (no database, no token);
- auth only: ``GET /api/v1/me`` (token check, one read; no audit entry);
- lookup restricted: ``POST /api/v1/share/household_registration/lookup`` under a live grant,
  answered from release/restricted (key pseudonymised the way masking did), one audit entry;
- lookup unconditional: ``POST /api/v1/share/enterprise_registration/lookup`` (the clean table);
- page: ``GET /api/v1/share/enterprise_registration/records?page_size=100``.

The phases run interleaved in ``--rounds`` rounds, so load from elsewhere on a shared machine
falls on the baseline and the lookups alike. Every request asks for an existing key (cycled);
every response is checked, and the audit
chain is verified after the run. Rate limits and the bulk watch are raised for the run (they
would, rightly, stop one grant asking for thousands of keys a minute). Read the ratios: the
client shares the machine's cores with the server and the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import DW, ROOT, database, phase, served, summary, token  # the same client and server helpers

PURPOSE = "办理政务服务事项时核验申请人信息"
LIMITS = {"DW_SHARE_RATE_PER_MINUTE": "100000000", "DW_SHARE_LOOKUP_KEYS_PER_HOUR": "100000000"}


def dw(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([DW, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"dw {' '.join(args[:2])} failed: {out.stderr.strip()[-300:]}")
    return out.stdout


def build_lake(home: Path, scale: int) -> tuple[Path, dict[str, list[str]]]:
    env = {**os.environ, "DW_HOME": str(home), "DW_PSEUDONYM_KEY": "bench-share"}
    dw(env, "demo-data", "--scale", str(scale), "--seed", "7", "--out", str(home / "landing"))
    dw(env, "run")
    lake = home / "lake"
    keys = {ds: pl.read_delta(str(lake / "clean" / ds)).get_column(col).unique().sort().to_list()
            for ds, col in (("household_registration", "resident_id"), ("enterprise_registration", "uscc"))}
    return lake, keys


def grant(env: dict[str, str], dataset: str, access: str, review: bool) -> int:
    out = dw(env, "share", "apply", "--as-unit", "service_center", "--dataset", dataset, "--purpose", PURPOSE, "--access", access,
             "--process", "窗口受理→核验→办结", "--scenario", "行政服务中心综合窗口")
    application = int(out.split("#", 1)[1].split("（", 1)[0])
    if review:
        dw(env, "share", "review", str(application))
        dw(env, "share", "consent", str(application), "--as-unit", "psb")
    grants = json.loads(dw(env, "share", "grant", "list", "--json"))
    return max(g["id"] for g in grants if g["application_id"] == application)


def run(kind: str, lake: Path, keys: dict[str, list[str]], requests: int, concurrency: int, rounds: int) -> list[dict[str, float | str]]:
    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
        env = {**os.environ, **LIMITS, "DW_HOME": tmp, "DW_LAKE": str(lake), "DW_DATABASE_URL": url, "DW_TODAY": "2026-09-28",
               "DW_PSEUDONYM_KEY": "bench-share"}
        restricted = grant(env, "household_registration", "lookup", review=True)
        unconditional = grant(env, "enterprise_registration", "lookup", review=False)
        paging = grant(env, "enterprise_registration", "paging", review=False)
        center = {"Authorization": f"Bearer {token(env, 'service_center')}"}
        hh, ent = keys["household_registration"], keys["enterprise_registration"]

        def look(dataset: str, grant_id: int, pool: list[str]):  # type: ignore[no-untyped-def]
            return lambda c, i: c.post(f"/api/v1/share/{dataset}/lookup", json={"grant": grant_id, "purpose": PURPOSE, "key": pool[i % len(pool)]})

        with served(env) as base:
            plan = [
                ("baseline GET /healthz", {}, lambda c, i: c.get("/healthz")),
                ("auth only GET /me", center, lambda c, i: c.get("/api/v1/me")),
                ("lookup restricted (release copy)", center, look("household_registration", restricted, hh)),
                ("lookup unconditional (clean)", center, look("enterprise_registration", unconditional, ent)),
                ("page 100 rows", center, lambda c, i: c.get("/api/v1/share/enterprise_registration/records",
                                                             params={"grant": paging, "purpose": PURPOSE, "page": i % 5 + 1, "page_size": 100})),
            ]
            # Phases are interleaved in rounds, so that load from elsewhere on a shared machine falls
            # on the baseline and the lookups alike instead of on whichever phase ran during it.
            latencies: dict[str, list[float]] = {name: [] for name, _, _ in plan}
            walls = dict.fromkeys(latencies, 0.0)
            for _ in range(rounds):
                for name, headers, send in plan:
                    measured, wall, responses = asyncio.run(phase(base, headers, requests // rounds, concurrency, send))
                    if "lookup" in name and not all(r.json()["records"] for r in responses):
                        raise SystemExit(f"{name}: a lookup of an existing key found nothing")
                    latencies[name] += measured
                    walls[name] += wall
            rows: list[dict[str, float | str]] = [summary(name, latencies[name], walls[name]) for name in latencies]
            verified = subprocess.run([DW, "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True)
            if verified.returncode != 0:
                raise SystemExit(f"audit chain broken after the run: {verified.stderr}")
            rows.append({"phase": verified.stderr.strip() or verified.stdout.strip()})
            return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per phase")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--scale", type=int, default=2000, help="residents in the generated district")
    parser.add_argument("--rounds", type=int, default=5, help="phases interleaved in this many rounds (requests split evenly)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as build:
        lake, keys = build_lake(Path(build), args.scale)
        print(f"{args.requests} requests per phase in {args.rounds} interleaved rounds, {args.concurrency} in flight, {os.cpu_count()} cores shared by client and server; "
              f"district of {args.scale} residents ({len(keys['household_registration'])} resident keys, "
              f"{len(keys['enterprise_registration'])} enterprise keys)\n")
        print("| database | phase | p50 ms | p99 ms | requests/s | p50 vs baseline | throughput vs baseline |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for kind in args.databases.split(","):
            rows = run(kind.strip(), lake, keys, args.requests, args.concurrency, args.rounds)
            base = rows[0]
            for row in rows[:-1]:
                print(f"| {kind} | {row['phase']} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['rps']:.0f} | "
                      f"{float(row['p50_ms']) / float(base['p50_ms']):.1f}x | {float(row['rps']) / float(base['rps']):.2f} |", flush=True)
            print(f"<!-- {kind}: {rows[-1]['phase']} -->", flush=True)


if __name__ == "__main__":
    main()
