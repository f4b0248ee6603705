"""Two writers at once (issue 12, item 3): with the lock the second waits or, with --no-wait, says
who holds it; without the lock (two homes sharing one lake) no batch is committed twice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from catalog.validate import load_catalog
from config.settings import load_settings
from ingest import ledger
from tests.ingest.truth import assert_truthful

INGEST_ALL = (
    "import sys, time\n"
    "from catalog.validate import load_catalog\n"
    "from config.settings import load_settings\n"
    "from ingest.pipeline import ingest_dataset\n"
    "s = load_settings(); c = load_catalog(s.catalog_dir)\n"
    "while time.time() < float(sys.argv[1]): time.sleep(0.005)\n"
    "for e in c.entries: ingest_dataset(e, c, s)\n"
)


def _env(home: Path, lake: Path, landing: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DW_")}
    return {**env, "DW_HOME": str(home), "DW_LAKE": str(lake), "DW_LANDING": str(landing)}


def _race(homes: list[Path], lake: Path, landing: Path) -> None:
    start = str(time.time() + 2.0)
    procs = [subprocess.Popen([sys.executable, "-c", INGEST_ALL, start], env=_env(h, lake, landing)) for h in homes]
    assert [p.wait(timeout=300) for p in procs] == [0] * len(procs)


@pytest.mark.parametrize("shared_lock", [True, False], ids=["one-lock", "lock-bypassed"])
def test_two_processes_at_once_leave_one_correct_lake(tmp_path, district, monkeypatch, shared_lock):
    landing = tmp_path / "landing"
    shutil.copytree(district, landing)
    lake = tmp_path / "lake"
    homes = [tmp_path / "home"] * 2 if shared_lock else [tmp_path / "home-a", tmp_path / "home-b"]
    _race(homes, lake, landing)

    for var in ("DW_CATALOG", "DW_RECOLLECTION_POLICY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DW_LAKE", str(lake))
    monkeypatch.setenv("DW_LANDING", str(landing))
    settings = load_settings(homes[0])
    catalog = load_catalog(settings.catalog_dir)
    events = ledger.read_ledger(lake)
    per_file = events.group_by("source_file", "event").len()
    assert per_file.filter(pl.col("len") > 1).is_empty(), per_file  # each file decided once
    assert set(events["event"]) == {"loaded"} and events.height == len(catalog.entries)
    assert_truthful(settings, catalog)


HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from lakehouse.lock import writer_lock\n"
    "with writer_lock('dw run', home=Path(sys.argv[1])):\n"
    "    print('held', flush=True); time.sleep(900)\n"
)


def test_run_with_no_wait_names_the_holder_in_one_line_and_exits_at_once(home):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(home.home)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        dw = str(Path(sys.executable).with_name("dw"))
        for command in (["run"], ["table", "restore", "clean/birth_registration", "--version", "0"],
                        ["file", "release", "hb/x.csv"]):
            done = subprocess.run([dw, *command, "--no-wait"], capture_output=True, text=True, env={**os.environ, "DW_HOME": str(home.home)},
                                  timeout=300)
            assert done.returncode == 75, done.stderr
            assert holder.poll() is None  # it returned while the holder still held the lock: it did not wait
            lines = [x for x in (done.stdout + done.stderr).splitlines() if x.strip()]
            assert len(lines) == 1 and f"pid {holder.pid}" in lines[0] and "nothing was changed" in lines[0], lines
        assert not (home.home / "dagster").exists()  # a refused run touched no storage
    finally:
        holder.kill()
        holder.wait()


INIT_DAGSTER = (
    "import sys, time\n"
    "from config.settings import load_settings\n"
    "from lakehouse.lock import writer_lock\n"
    "from orchestration.run import dagster_instance\n"
    "s = load_settings()\n"
    "while time.time() < float(sys.argv[1]): time.sleep(0.005)\n"
    "with writer_lock('init', home=s.home):\n"
    "    dagster_instance(s).dispose()\n"
)


def test_dagster_storage_is_initialised_once_under_the_lock(home):
    start = str(time.time() + 3.0)
    env = {**os.environ, "DW_HOME": str(home.home)}
    procs = [subprocess.Popen([sys.executable, "-c", INIT_DAGSTER, start], env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
