"""`dw run` on a hostile landing folder, as an operator runs it: one line per refusal and skip,
no traceback, and no resident ID in stdout, stderr, or anything Dagster stored."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lakehouse import tables
from tests.ingest.hostile.generate import HUKOU, LANDING_CASES, _unbalanced_quote, personal_values

DW = [str(Path(sys.executable).with_name("dw"))]  # the installed entry point, as an operator runs it


def dw(home: Path, *args: str, catalog: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DW_")}
    env |= {"DW_HOME": str(home), "DW_TODAY": "2026-11-25", "COLUMNS": "200"}
    if catalog is not None:
        env["DW_CATALOG"] = str(catalog)
    return subprocess.run([*DW, *args], env=env, capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parents[3])


def test_run_on_a_hostile_landing_folder(district, tmp_path):
    home = tmp_path / "home"
    landing = home / "landing"
    shutil.copytree(district, landing)
    broken = _unbalanced_quote(district)  # the whole register, names and IDs, after an unclosed quote
    (landing / HUKOU).write_bytes(broken.data)
    skipped = [case.make(landing) for case in LANDING_CASES if case.name != "named_pipe"]
    ids = {v for v in personal_values(district) if len(v.strip()) == 18}
    assert len(ids) > 1000

    run = dw(home, "run")
    out, err = run.stdout, run.stderr
    assert run.returncode == 1, (out[-2000:], err[-2000:])  # recorded (issue 12), but waiting for an operator: a scheduler must notice
    assert "Traceback" not in out + err
    refusal = [line for line in out.splitlines() if "hukou_20261124.csv" in line and "never closes" in line]
    assert len(refusal) == 1 and f"行 line {broken.line}" in refusal[0] and "what to do" in refusal[0]
    for where in skipped:
        assert sum(f"跳过 skipped {where}:" in line for line in out.splitlines()) == 1, where
    assert not [i for i in ids if i in out or i in err]
    stored = [p for p in (home / "dagster").rglob("*") if p.is_file() and any(i.encode() in p.read_bytes() for i in ids)]
    assert stored == []
    # The refusal stopped one dataset only.
    assert (home / "lake" / "clean" / "birth_registration").is_dir()
    clean = home / "lake" / "clean" / "household_registration"
    assert not tables.exists(clean) or tables.read(clean).is_empty()

    status = dw(home, "status")
    assert status.returncode == 0 and "Traceback" not in status.stderr
    for where in skipped:
        assert sum(f"跳过 skipped {where}:" in line for line in status.stdout.splitlines()) == 1, where
    document = json.loads(dw(home, "status", "--json").stdout)
    assert sorted(entry["where"] for entry in document["skipped_in_landing"]) == sorted(skipped)


def test_run_with_an_invalid_catalog_lists_the_problems_without_running(tmp_path, catalog_copy):
    text = (catalog_copy / "psb.yaml").read_text(encoding="utf-8")
    (catalog_copy / "psb.yaml").write_text(text.replace("    update_cycle: daily\n", "    update_cycle: daily\n    update_cycle: weekly\n"), encoding="utf-8")
    text = (catalog_copy / "water.yaml").read_text(encoding="utf-8")
    (catalog_copy / "water.yaml").write_text(text.replace('pattern: "yongshui_*.csv"', 'pattern: "../yongshui_*.csv"'), encoding="utf-8")
    for args in (("catalog", "validate", str(catalog_copy)), ("run",)):
        result = dw(tmp_path / "home", *args, catalog=catalog_copy)
        assert result.returncode == 1, (result.stdout, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        problems = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
        assert [p.split(" [")[0] for p in problems] == ["  - psb.yaml", "  - water.yaml"], (args, result.stdout, result.stderr)
    assert not (tmp_path / "home" / "dagster").exists()
