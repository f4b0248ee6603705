"""A delivery is known by its content; keys stay unique across an incremental dataset's files;
one refused file never blocks the others (issue 12, item 2)."""

from __future__ import annotations

import polars as pl
import pytest

from ingest.decisions import reject
from ingest.repeated_keys import superseded_path
from ingest.status import dataset_status
from lakehouse import tables
from tests.ingest import deliveries
from tests.ingest.conftest import ingest_all
from tests.ingest.truth import assert_truthful, content, table

BIRTHS = "birth_registration"
HOTLINE = "hotline_work_orders"


def _files(settings, catalog, dataset):
    [row] = [r for r in dataset_status(catalog, settings.lake_dir) if r["dataset"] == dataset]
    return {f["source_file"]: f["state"] for f in row["files"]}


@pytest.mark.parametrize("case", [deliveries.copied, deliveries.renamed], ids=["copied", "renamed"])
def test_the_same_bytes_under_another_name_load_nothing(loaded, case):
    settings, catalog = loaded
    before = content(settings, BIRTHS)
    path = case(settings.landing_dir)
    [result] = ingest_all(catalog, settings)
    assert (result.source_file, result.event) == (f"hb/{path.name}", "repeated")
    assert deliveries.BIRTHS in result.reason
    assert content(settings, BIRTHS).equals(before)
    assert table(settings, "clean", BIRTHS)["certificate_no"].is_duplicated().sum() == 0
    assert _files(settings, catalog, BIRTHS) == {f"hb/{path.name}": "repeated"}
    assert ingest_all(catalog, settings) == []
    assert_truthful(settings, catalog)


def test_an_empty_file_is_refused_and_the_good_one_after_it_loads(loaded):
    settings, catalog = loaded
    empty, good = deliveries.empty_then_good(settings.landing_dir)
    results = {r.source_file: r for r in ingest_all(catalog, settings)}
    assert results[f"hb/{empty.name}"].event == "refused"
    assert empty.name in results[f"hb/{empty.name}"].line()
    assert results[f"hb/{good.name}"].event == "loaded" and results[f"hb/{good.name}"].clean_rows > 0
    clean = table(settings, "clean", BIRTHS)
    assert set(clean["_source_file"]) == {deliveries.BIRTHS, f"hb/{good.name}"}
    assert _files(settings, catalog, BIRTHS) == {f"hb/{empty.name}": "refused"}  # visible ...
    reject(catalog, settings, f"hb/{empty.name}", "tester")
    assert _files(settings, catalog, BIRTHS) == {}  # ... until dismissed
    empty.write_bytes(good.read_bytes().replace(b"N", b"M"))  # or replaced by a new content
    [again] = ingest_all(catalog, settings)
    assert again.event == "loaded"
    assert_truthful(settings, catalog)


def test_a_repeated_key_is_quarantined_naming_the_first_file(loaded):
    settings, catalog = loaded
    before = content(settings, BIRTHS)
    path = deliveries.corrected_rows(settings.landing_dir, deliveries.BIRTHS, "chusheng_20261125.csv", "助产机构")
    [result] = ingest_all(catalog, settings)
    assert result.event == "loaded"
    clean = table(settings, "clean", BIRTHS)
    assert clean["certificate_no"].is_duplicated().sum() == 0
    assert clean.filter(pl.col("_source_file") == f"hb/{path.name}").height == 0
    assert content(settings, BIRTHS).equals(before)  # catalog says quarantine: the first load stays
    mine = table(settings, "quarantine", BIRTHS).filter(pl.col("_source_file") == f"hb/{path.name}")
    in_clean_first = before.filter(pl.col("_row_number") <= 3).height  # the demo quarantines some rows itself
    assert mine.height == 3 and in_clean_first >= 1
    assert mine["_reason"].str.contains(f"already loaded from file {deliveries.BIRTHS} data row", literal=True).sum() == in_clean_first
    assert_truthful(settings, catalog)


def test_a_repeated_key_supersedes_when_the_catalog_says_so_and_both_lineages_stay(loaded):
    settings, catalog = loaded
    path = deliveries.corrected_rows(settings.landing_dir, deliveries.HOTLINE, "gongdan_20261125.csv", "办理状态")
    before = table(settings, "clean", HOTLINE)
    [result] = ingest_all(catalog, settings)
    assert result.event == "loaded" and result.superseded_rows == result.clean_rows > 0
    clean = table(settings, "clean", HOTLINE)
    assert clean["order_no"].is_duplicated().sum() == 0 and clean.height == before.height
    corrected = clean.filter(pl.col("_source_file") == f"hotline/{path.name}")
    assert corrected["status"].str.ends_with("(更正)").all()  # full-width brackets normalised
    trail = tables.read(superseded_path(settings.lake_dir))
    assert trail.height == result.superseded_rows
    assert set(trail["old_batch_id"]) == set(before["_batch_id"]) and set(trail["new_batch_id"]) == {result.batch_id}
    raw = table(settings, "raw", HOTLINE)  # the superseded rows stay as received
    assert raw.filter(pl.col("_source_file") == deliveries.HOTLINE).height == before.height + 3  # 3 quarantined in the demo file
    assert_truthful(settings, catalog)
