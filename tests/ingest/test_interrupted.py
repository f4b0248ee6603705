"""A load killed at any moment leaves every table at a committed version, and a rerun converges."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import polars as pl

from catalog.validate import load_catalog
from ingest.pipeline import ingest_dataset
from ingest.status import dataset_status
from lakehouse import tables
from tests.ingest.files import HUKOU_HEADER, rid

LOAD = "from catalog.validate import load_catalog; from config.settings import load_settings; " \
       "from ingest.pipeline import ingest_dataset; s = load_settings(); c = load_catalog(s.catalog_dir); " \
       "ingest_dataset(c.dataset('household_registration'), c, s)"


def _big_hukou(home, n: int = 60_000) -> None:
    rows = [f"{rid(f'330203199001{i % 28 + 1:02d}{i:05d}'[:17])},张{i},男,1990-01-01,汉族,海曙区,鼓楼街道,2010-01-01" for i in range(n)]
    path = home.landing_dir / "psb" / "hukou_20261124.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\n".join([HUKOU_HEADER, *rows]).encode("gb18030"))


def test_kill_during_load_then_rerun(home):
    _big_hukou(home)
    env = {**os.environ, "DW_HOME": str(home.home)}
    for delay in (0.8, 1.6, 2.4, 3.2):
        proc = subprocess.Popen([sys.executable, "-c", LOAD], env=env)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for zone in ("raw", "clean", "quarantine"):
            path = tables.table_path(home.lake_dir, zone, "household_registration")
            if tables.exists(path):
                tables.read(path)  # a committed version is always readable

    catalog = load_catalog(home.catalog_dir)
    ingest_dataset(catalog.dataset("household_registration"), catalog, home)
    [status] = [r for r in dataset_status(catalog, home.lake_dir) if r["dataset"] == "household_registration"]
    raw = tables.read(tables.table_path(home.lake_dir, "raw", "household_registration"))
    clean = tables.read(tables.table_path(home.lake_dir, "clean", "household_registration"))
    quarantine = tables.read(tables.table_path(home.lake_dir, "quarantine", "household_registration"))
    assert raw.height == status["raw_rows"] == 60_000
    assert clean.height + quarantine.height == raw.height
    ledger = tables.read(tables.table_path(home.lake_dir, "meta", "batches"))
    assert ledger.filter(pl.col("dataset") == "household_registration").height >= 1
    assert raw["_batch_id"].n_unique() == 1
