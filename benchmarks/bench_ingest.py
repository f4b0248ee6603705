"""Ingestion speed against its floor, measured in the same run on the same files.

    .venv/bin/python benchmarks/bench_ingest.py --scale 1000000

Floor: read each provider file with polars (all columns as text, after decoding GB18030 where
needed) and write it once as a Delta table: what any loader must at least do. Ours: the full
path (encoding detection, hashing, standardisation, check digits, duplicate keys, quarantine,
raw + clean + quarantine + ledger commits). The machine is shared and noisy, so the figure
that matters is the ratio; each side runs --repeat times and the best time counts.

Second table (issue 12): the next delivery of every dataset (dated a day later, its last record
dropped) on top of the loaded district, decided by the full path (content hash against the
ledger, date and ambiguity of the name, the snapshot guard against the current table, key
uniqueness across an incremental dataset's files) against the same files loaded unguarded
(read, standardise, write: no guard, no content or key check). Both start from a copy of the
same loaded lake; the copy is not timed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from deltalake import write_deltalake

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.model import StorageFormat
from catalog.validate import load_catalog
from config.settings import load_settings
from demo.generate import generate_district, manifest_path
from ingest.pipeline import _load, _read, ingest_dataset
from lakehouse.lock import writer_lock


def floor(files: list[tuple[Path, StorageFormat]], lake: Path) -> None:
    for i, (path, fmt) in enumerate(files):
        if fmt is StorageFormat.xlsx:
            frame = pl.read_excel(path, infer_schema_length=0)
        elif fmt is StorageFormat.json:
            frame = pl.read_json(path.read_bytes())
        else:
            data = path.read_bytes()
            if not data.startswith(b"\xef\xbb\xbf"):
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    data = data.decode("gb18030").encode("utf-8")
            frame = pl.read_csv(data, infer_schema=False)
        write_deltalake(str(lake / f"t{i}"), frame.to_arrow(), mode="overwrite")


def ours(home: Path) -> dict[str, int]:
    settings = load_settings(home)
    catalog = load_catalog(settings.catalog_dir)
    rows = {}
    for entry in catalog.entries:
        for batch in ingest_dataset(entry, catalog, settings):
            rows[batch.dataset] = batch.raw_rows
    return rows


def next_deliveries(landing: Path, manifest: dict) -> list[tuple[str, Path]]:
    """(dataset, path) of a plausible next file per dataset: a day later, without its last record."""
    made = []
    for f in manifest["files"]:
        source = landing / f["path"]
        target = source.with_name(source.name.replace(manifest["as_of"].replace("-", ""), "20991231"))
        if f["format"] == "xlsx":
            frame = pl.read_excel(source, infer_schema_length=0)
            frame.head(frame.height - 1).write_excel(target, worksheet="data")
        elif f["format"] == "json":
            lines = source.read_bytes().rstrip().split(b"\n")
            body = lines[1:-1]
            body[-2] = body[-2].rstrip(b",")
            target.write_bytes(b"\n".join([lines[0], *body[:-1], lines[-1]]) + b"\n")
        else:
            data = source.read_bytes()
            newline = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
            target.write_bytes(data.rstrip(newline).rsplit(newline, 1)[0] + newline)
        made.append((f["dataset"], target))
    return made


def guarded(home: Path) -> dict[str, str]:
    settings = load_settings(home)
    catalog = load_catalog(settings.catalog_dir)
    return {b.source_file: b.event for entry in catalog.entries for b in ingest_dataset(entry, catalog, settings)}


def unguarded(home: Path, files: list[tuple[str, Path]]) -> None:
    settings = load_settings(home)
    catalog = load_catalog(settings.catalog_dir)
    with writer_lock("bench", home=home):
        for dataset, path in files:
            entry = catalog.dataset(dataset)
            _load(entry, catalog, settings, _read(entry, path), guarded=False, key_check=False)


def best_of(repeat: int, fn, reset) -> float:
    times = []
    for _ in range(repeat):
        reset()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000, help="residents in the demo district")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=None, help="keep files here (default: a temp folder)")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    home = work / "home"
    landing = home / "landing"
    if not manifest_path(landing).exists():
        start = time.perf_counter()
        generate_district(args.scale, args.seed, landing)
        print(f"demo district generated in {time.perf_counter() - start:.1f} s (not timed below)")
    manifest = json.loads(manifest_path(landing).read_text(encoding="utf-8"))
    catalog = load_catalog(load_settings(home).catalog_dir)
    formats = {e.dataset.id: e.dataset.storage_format for e in catalog.entries}
    files = [(landing / f["path"], formats[f["dataset"]]) for f in manifest["files"]]
    total_rows = sum(f["rows"] for f in manifest["files"])
    total_mb = sum(p.stat().st_size for p, _ in files) / 1e6

    floor_lake = work / "floor"
    lake = home / "lake"
    t_floor = best_of(args.repeat, lambda: floor(files, floor_lake), lambda: shutil.rmtree(floor_lake, ignore_errors=True))
    t_ours = best_of(args.repeat, lambda: ours(home), lambda: shutil.rmtree(lake, ignore_errors=True))
    start = time.perf_counter()
    assert ours(home) == {}, "a rerun of unchanged files must load nothing"
    t_rerun = time.perf_counter() - start

    print(f"\nscale {args.scale:,} residents: {len(files)} files, {total_rows:,} rows, {total_mb:.0f} MB")
    print("| measure | seconds | ratio to floor |")
    print("|---|---|---|")
    print(f"| floor: polars read + one Delta write | {t_floor:.1f} | 1.00 |")
    print(f"| ingestion, full path | {t_ours:.1f} | {t_ours / t_floor:.2f} |")
    print(f"| rerun, nothing changed | {t_rerun:.1f} | {t_rerun / t_floor:.2f} |")
    print(f"\nthroughput: {total_rows / t_ours:,.0f} rows/s (floor {total_rows / t_floor:,.0f} rows/s)")

    # Issue 12: what the guard and the content checks cost on the next delivery.
    loaded_lake = work / "loaded_lake"
    shutil.copytree(lake, loaded_lake)
    files = next_deliveries(landing, manifest)

    def reset() -> None:
        shutil.rmtree(lake, ignore_errors=True)
        shutil.copytree(loaded_lake, lake)

    t_plain = best_of(args.repeat, lambda: unguarded(home, files), reset)
    t_guard = best_of(args.repeat, lambda: guarded(home), reset)
    events = guarded(home) if reset() is None else {}
    start = time.perf_counter()
    assert guarded(home) == {}, "a rerun of decided files must decide nothing"
    t_decided = time.perf_counter() - start
    print(f"\nnext delivery of each of {len(files)} datasets: {sorted(set(events.values()))}")
    print("| measure | seconds | ratio to unguarded |")
    print("|---|---|---|")
    print(f"| unguarded load: read, standardise, write | {t_plain:.1f} | 1.00 |")
    print(f"| guarded: content hash, name date, snapshot guard, key check, then load | {t_guard:.1f} | {t_guard / t_plain:.2f} |")
    print(f"| rerun, every file decided (hash + ledger only) | {t_decided:.1f} | {t_decided / t_plain:.2f} |")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
