"""Command-line face of the demo generator, mounted by ``dw demo-data --scale N --seed S --out DIR``.

A plain function, so the ``dw`` CLI can wrap it without this module depending on the CLI
framework.
"""

from __future__ import annotations

import time
from pathlib import Path

from demo.generate import generate_district, manifest_path


def demo_data(scale: int, seed: int, out: Path) -> None:
    """Generate the demo district into ``out`` and print what was written (中文 beside English)."""
    started = time.perf_counter()
    manifest = generate_district(scale, seed, Path(out))
    elapsed = time.perf_counter() - started
    providers = {f["provider"] for f in manifest["files"]}
    totals = manifest["totals"]
    print(
        f"生成演示数据 demo district: {len(providers)} providers 数据提供单位, {len(manifest['files'])} files 文件, "
        f"{totals['rows']:,} rows 行, {totals['expected_quarantined']:,} expected quarantined 预计隔离 "
        f"(scale {scale:,}, seed {seed}, as of {manifest['as_of']}, {elapsed:.1f} s)"
    )
    for f in manifest["files"]:
        entry = manifest["datasets"][f["dataset"]]
        print(
            f"  {f['path']:<34} {f['format']:<4} {f['encoding']:<14} {f['rows']:>9,} rows 行  "
            f"{entry['expected_quarantined']:>6,} 应隔离 quarantine"
        )
    print(f"清单 manifest: {manifest_path(Path(out))}")
