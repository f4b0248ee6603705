"""The problem-data API under concurrent load on loopback, against a baseline in the same run.

    .venv/bin/python benchmarks/bench_api.py                 # both databases
    .venv/bin/python benchmarks/bench_api.py --requests 4000 --concurrency 32 --databases sqlite

For each database a real `dw serve` process is started on a free loopback port (SQLite file in a
temporary DW_HOME; PostgreSQL: a scratch database on 127.0.0.1:5432, dropped afterwards). An
asyncio client (httpx, keep-alive, ``--concurrency`` requests in flight) then runs each phase
for ``--requests`` requests and records every latency:

- baseline: ``GET /healthz``, the same app and server touching no database and no token;
- report:   ``POST /api/v1/tickets`` (token check, catalog and personal-data checks, deadline,
  one write transaction with its audit entry);
- query one: ``GET /api/v1/tickets/{id}`` with its history;
- query list: ``GET /api/v1/tickets?limit=20`` as a unit;
- accept:   ``POST /api/v1/tickets/{id}/accept`` as the provider (a locked transition + audit).

The client shares the machine's two cores with the server, and the machine is shared: read the
ratios to the baseline, not the absolute figures. Every response is checked; a non-2xx fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from workflow.store.scratch import scratch_postgres_database

ROOT = Path(__file__).resolve().parent.parent
DW = str(Path(sys.executable).with_name("dw"))
ADMIN_URL = os.environ.get("DW_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BATCH = "household_registration-3f2a9c0d1e2b4a5c"


@contextmanager
def database(kind: str, home: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{home / 'workflow.db'}"
        return
    with scratch_postgres_database(ADMIN_URL, prefix="dw_bench") as url:
        yield url


@contextmanager
def served(env: dict[str, str]) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    process = subprocess.Popen([DW, "serve", "--port", str(port)], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("dw serve did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def token(env: dict[str, str], unit: str) -> str:
    out = subprocess.run([DW, "unit", "token", "issue", unit, "--label", f"bench-{unit}"], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


Request = Callable[[httpx.AsyncClient, int], "asyncio.Future[httpx.Response]"]


async def phase(url: str, headers: dict[str, str], requests: int, concurrency: int, send) -> tuple[list[float], float, list[httpx.Response]]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    responses: list[httpx.Response] = []
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=120) as client:

        async def worker() -> None:
            for i in counter:
                started = time.perf_counter()
                response = await send(client, i)
                latencies.append(time.perf_counter() - started)
                if response.status_code >= 300:
                    raise SystemExit(f"request failed: {response.status_code} {response.text[:200]}")
                responses.append(response)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, wall, responses


def summary(name: str, latencies: list[float], wall: float) -> dict[str, float | str]:
    ordered = sorted(latencies)
    return {"phase": name, "p50_ms": statistics.median(ordered) * 1000, "p99_ms": ordered[int(0.99 * (len(ordered) - 1))] * 1000,
            "rps": len(ordered) / wall}


def run(kind: str, requests: int, concurrency: int) -> list[dict[str, float | str]]:
    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
        env = {**os.environ, "DW_HOME": tmp, "DW_DATABASE_URL": url, "DW_TODAY": "2026-09-28"}
        reporter, provider = token(env, "service_center"), token(env, "psb")
        with served(env) as base:
            rows: list[dict[str, float | str]] = []
            as_reporter = {"Authorization": f"Bearer {reporter}"}

            def body(i: int) -> dict:
                return {"dataset": "household_registration", "kind": "error", "rows": [f"{BATCH}:{i + 1}"],
                        "fields": ["birth_date"], "description": "出生日期晚于户籍登记日期"}

            plan = [
                ("baseline GET /healthz", {}, lambda c, i: c.get("/healthz")),
                ("report POST /tickets", as_reporter, lambda c, i: c.post("/api/v1/tickets", json=body(i))),
                ("query GET /tickets/{id}", as_reporter, lambda c, i: c.get(f"/api/v1/tickets/{i % requests + 1}")),
                ("query GET /tickets?limit=20", as_reporter, lambda c, i: c.get("/api/v1/tickets", params={"limit": 20})),
                ("accept POST /tickets/{id}/accept", {"Authorization": f"Bearer {provider}"},
                 lambda c, i: c.post(f"/api/v1/tickets/{i + 1}/accept")),
            ]
            for name, headers, send in plan:
                latencies, wall, _ = asyncio.run(phase(base, headers, requests, concurrency, send))
                rows.append(summary(name, latencies, wall))
            verified = subprocess.run([DW, "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True)
            if verified.returncode != 0:
                raise SystemExit(f"audit chain broken after the run: {verified.stderr}")
            return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per phase")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"{args.requests} requests per phase, {args.concurrency} in flight, {os.cpu_count()} cores shared by client and server\n")
    print("| database | phase | p50 ms | p99 ms | requests/s | p50 vs baseline | throughput vs baseline |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for kind in args.databases.split(","):
        rows = run(kind.strip(), args.requests, args.concurrency)
        base = rows[0]
        for row in rows:
            print(f"| {kind} | {row['phase']} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['rps']:.0f} | "
                  f"{float(row['p50_ms']) / float(base['p50_ms']):.1f}x | {float(row['rps']) / float(base['rps']):.2f} |", flush=True)


if __name__ == "__main__":
    main()
