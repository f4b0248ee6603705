"""Nothing in the landing folder crashes a load; whatever is not a loadable file is named once and skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.validate import load_catalog
from ingest.landing import scan_landing
from ingest.pipeline import ingest_dataset, pending_files
from lakehouse import tables
from tests.ingest.hostile.generate import LANDING_CASES, LandingCase


def landed_district(district: Path, landing: Path) -> None:
    shutil.copytree(district, landing)


@pytest.mark.parametrize("case", LANDING_CASES, ids=lambda c: c.name)
def test_each_hostile_entry_is_skipped_with_one_line(case: LandingCase, district, home):
    landed_district(district, home.landing_dir)
    where = case.make(home.landing_dir)
    catalog = load_catalog(home.catalog_dir)
    scan = scan_landing(catalog, home.landing_dir)
    assert len(scan.issues) == 1, scan.lines()
    [issue] = scan.issues
    assert issue.where == where and case.reason in issue.what
    line = issue.line()
    assert "\n" not in line and where in line and "what to do" in line
    # The dataset the entry looks like it belongs to still sees exactly its one real file.
    for entry in catalog.entries:
        assert [p.name for p in pending_files(entry, home)] == [p.name for p in (district / entry.provider.code).glob(entry.dataset.source.pattern)]


def test_all_at_once_every_dataset_loads_and_each_entry_is_named_once(district, home):
    landed_district(district, home.landing_dir)
    wheres = [case.make(home.landing_dir) for case in LANDING_CASES]
    catalog = load_catalog(home.catalog_dir)
    assert sorted(i.where for i in scan_landing(catalog, home.landing_dir).issues) == sorted(wheres)
    for entry in catalog.entries:
        [batch] = ingest_dataset(entry, catalog, home)
        assert batch.source_file.startswith(entry.provider.code + "/")
    assert tables.read(tables.table_path(home.lake_dir, "clean", "household_registration")).height > 900


def test_an_empty_or_absent_landing_folder_is_no_problem(home):
    catalog = load_catalog(home.catalog_dir)
    assert scan_landing(catalog, home.landing_dir).issues == []
    home.landing_dir.mkdir(parents=True)
    assert scan_landing(catalog, home.landing_dir).issues == []
