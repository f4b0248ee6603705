"""What the honest-encoding and file-shape checks cost, as a ratio to the bare read, same run, same files.

    .venv/bin/python benchmarks/bench_read_checks.py --scale 100000

Baseline: what reading cost before the checks — strict UTF-8, else strict GB18030, then
``polars.read_csv`` (all text). Ours: ``ingest.read.read_source``, which adds the search for
UTF-8 stretches in a GB18030 file, a BOM at a later line, U+FFFD / C1 characters, quote
balance, field counts per line (numpy, or Python's csv module when the file has quotes), headers
equal after trimming and a repeated header. CSV files only (workbooks and JSON add nothing
measurable). Best of --repeat runs each; the machine is shared, so the ratio is the figure.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.model import StorageFormat
from demo.generate import generate_district
from ingest.read import read_source


def baseline(path: Path) -> pl.DataFrame:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        data = data.decode("gb18030").encode("utf-8")
    return pl.read_csv(io.BytesIO(data), infer_schema=False, raise_if_empty=True)


def best(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_read_checks_"))
    try:
        generate_district(args.scale, args.seed, work)
        files = sorted(work.glob("*/*.csv"))
        print(f"scale {args.scale:,}: {len(files)} CSV files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB")
        print("| file | encoding | MB | rows | bare read s | with checks s | ratio |")
        print("|---|---|---|---|---|---|---|")
        total_base = total_ours = 0.0
        for path in files:
            t_base = best(args.repeat, lambda p=path: baseline(p))
            t_ours = best(args.repeat, lambda p=path: read_source(p, StorageFormat.csv))
            source = read_source(path, StorageFormat.csv)
            total_base += t_base
            total_ours += t_ours
            print(f"| {path.parent.name}/{path.name} | {source.encoding} | {source.size / 1e6:.1f} | {source.frame.height:,} "
                  f"| {t_base:.3f} | {t_ours:.3f} | {t_ours / t_base:.2f} |")
        print(f"| all CSV files | | | | {total_base:.3f} | {total_ours:.3f} | {total_ours / total_base:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
