"""Hostile files from the demo district: each is refused whole, at the right place, in one clean line."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.validate import load_catalog
from ingest.errors import SourceError
from ingest.pipeline import ingest_dataset
from ingest.read import read_source
from lakehouse import tables
from tests.ingest.hostile.generate import FILE_CASES, LOADED_CASES, FileCase
from tests.ingest.hostile.rule5 import assert_one_clean_line


def deliver(case: FileCase, district: Path, landing: Path) -> tuple[Path, int | None, int | None]:
    built = case.build(district)
    path = landing / case.target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(built.data)
    return path, built.line, built.row


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda c: c.name)
def test_hostile_file_is_refused_whole_at_its_place(case, district, secrets, home):
    catalog = load_catalog(home.catalog_dir)
    path, line, row = deliver(case, district, home.landing_dir)
    fmt = catalog.dataset(case.dataset).dataset.storage_format
    with pytest.raises(SourceError) as info:
        read_source(path, fmt)
    refusal = info.value
    assert case.reason in refusal.what, refusal.what
    if line:
        assert refusal.line == line
    if row:
        assert refusal.row == row
    # Nothing chained: Dagster stores a cause's message (a parser's, quoting the file) with the failure.
    assert refusal.__cause__ is None and (refusal.__context__ is None or refusal.__suppress_context__)
    assert_one_clean_line(str(refusal), names=path.name, secrets=secrets)


@pytest.mark.parametrize("case", FILE_CASES[:8], ids=lambda c: c.name)
def test_a_refused_file_writes_no_table(case, district, home):
    catalog = load_catalog(home.catalog_dir)
    deliver(case, district, home.landing_dir)
    with pytest.raises(SourceError):
        ingest_dataset(catalog.dataset(case.dataset), catalog, home)
    for zone in ("raw", "clean", "quarantine"):
        assert not tables.exists(tables.table_path(home.lake_dir, zone, case.dataset))


@pytest.mark.parametrize("case", LOADED_CASES, ids=lambda c: c.name)
def test_hostile_looking_but_sound_file_loads_every_row(case, district, home):
    catalog = load_catalog(home.catalog_dir)
    path, _, _ = deliver(case, district, home.landing_dir)
    [batch] = ingest_dataset(catalog.dataset(case.dataset), catalog, home)
    assert batch.raw_rows == len(path.read_bytes().decode("gb18030").splitlines()) - 1
    clean = tables.read(tables.table_path(home.lake_dir, "clean", case.dataset))
    assert clean["name"].str.contains("[喆堃珺镕玥昇犇淼]").all()  # not mojibake: the characters as sent


def test_every_district_file_reads_as_it_was_written(district):
    """The checks refuse nothing sound: the demo district's own files all read."""
    catalog = load_catalog(Path(__file__).resolve().parents[3] / "catalog" / "providers")
    for entry in catalog.entries:
        [path] = (district / entry.provider.code).glob(entry.dataset.source.pattern)
        assert read_source(path, entry.dataset.storage_format).frame.height > 0
