"""What the shared per-grant counters cost a lookup, against the audit entry it writes anyway.

    .venv/bin/python benchmarks/bench_share_counters.py [--calls 500] [--databases sqlite,postgresql]

The rate limit and the bulk watch (``sharing.limits``) live in the workflow store so that every
`dw serve` process counts the same calls. HTTP load on a shared machine is too noisy to show
their share of a lookup (``bench_share.py``), so this times the writes themselves, in the same
run, on each database, one write transaction per call as a lookup has:

- audit only: the entry every lookup appends (``AuditLog.record``), the baseline;
- audit + counters: the same, plus the rate limit's bucket and the bulk watch (a new key each call).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import database  # the same scratch databases as the HTTP benchmarks

from config.settings import load_settings
from sharing import applications
from sharing.draft import ApplicationDraft
from sharing.limits import Guards
from workflow.actors import Actor, Channel, Role
from workflow.context import open_workflow


def measure(kind: str, calls: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
        settings = dataclasses.replace(load_settings(Path(tmp)), database_url=url)
        wf = open_workflow(settings)
        center = Actor("service_center", Role.consumer, "bench", Channel.api)
        with wf.store.write() as s:  # unconditional, interface: granted on application
            grant = applications.apply(s, wf, center, ApplicationDraft(dataset="enterprise_registration", purpose="核验企业信息"))
            grant_id = grant.id
        guards = Guards(10**9, 10**9, b"bench")
        timings: dict[str, list[float]] = {"audit only": [], "audit + counters": []}
        for i in range(calls):
            for name in timings:
                start = time.perf_counter()
                with wf.store.write() as s:
                    if name != "audit only":
                        guards.rate.allow(s, grant_id)
                        guards.bulk.observe(s, grant_id, f"key-{i}", True)
                    wf.audit.record(s, center, "share.lookup", f"grant:{grant_id}", grant=str(grant_id), rows=1)
                timings[name].append((time.perf_counter() - start) * 1000)
        wf.close()
        return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"{args.calls} write transactions per phase, interleaved\n")
    print("| database | audit only p50 ms | audit + counters p50 ms | ratio |")
    print("|---|---:|---:|---:|")
    for kind in args.databases.split(","):
        got = measure(kind.strip(), args.calls)
        print(f"| {kind} | {got['audit only']:.2f} | {got['audit + counters']:.2f} | {got['audit + counters'] / got['audit only']:.2f}x |",
              flush=True)


if __name__ == "__main__":
    main()
