"""Hostile values against the door (issue 13 item 1 + 7): each labelled row ends where it must."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from catalog.model import LegacyIds
from catalog.validate import load_catalog
from config.settings import PACKAGED_CATALOG
from demo.generate import generate_district
from ingest.read import read_source
from ingest.standardise import REASON, standardise
from lakehouse.lineage import ROW_NUMBER
from tests.expectations.hostile_values import CASES, Case

TODAY = date(2026, 12, 3)
CATALOG = load_catalog(PACKAGED_CATALOG)


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """The demo district's files as ingestion reads them, keyed by dataset."""
    out = tmp_path_factory.mktemp("district")
    manifest = generate_district(1_000, 5, out)
    frames = {}
    for f in manifest["files"]:
        entry = CATALOG.dataset(f["dataset"])
        frames[f["dataset"]] = read_source(Path(out) / f["path"], entry.dataset.storage_format).frame
    return frames


def planted(delivered: dict[str, pl.DataFrame], dataset: str, cases: list[Case]) -> tuple[pl.DataFrame, dict[int, Case]]:
    """The file with each case written into its own row that loads cleanly as delivered."""
    frame = delivered[dataset]
    split = standardise(frame, CATALOG.dataset(dataset).dataset, [ROW_NUMBER], TODAY)
    rows = split.clean[ROW_NUMBER].to_list()[10 : 10 + len(cases)]
    where: dict[int, Case] = {}
    for row_number, case in zip(rows, cases):
        original = frame.filter(pl.col(ROW_NUMBER) == row_number).row(0, named=True)
        value = case.value(original)
        frame = frame.with_columns(
            pl.when(pl.col(ROW_NUMBER) == row_number).then(pl.lit(value)).otherwise(pl.col(case.column)).alias(case.column)
        )
        where[row_number] = case
    return frame, where


@pytest.mark.parametrize("dataset", sorted({c.dataset for c in CASES}))
def test_each_hostile_value_ends_where_labelled(delivered, dataset):
    cases = [c for c in CASES if c.dataset == dataset]
    frame, where = planted(delivered, dataset, cases)
    split = standardise(frame, CATALOG.dataset(dataset).dataset, [ROW_NUMBER], TODAY)
    reasons = dict(zip(split.quarantine[ROW_NUMBER], split.quarantine[REASON]))
    loaded = set(split.clean[ROW_NUMBER])
    wrong = []
    for row_number, case in where.items():
        if case.expect is None:
            if row_number not in loaded:
                wrong.append(f"{case.label}: quarantined as {reasons.get(row_number)}")
        elif case.expect not in (reasons.get(row_number) or ""):
            wrong.append(f"{case.label}: expected {case.expect!r}, got {reasons.get(row_number) or 'clean'}")
    assert not wrong, wrong


def test_no_impossible_value_reaches_clean(delivered):
    """Whatever loads satisfies every verify rule of its dataset (the door and verification agree)."""
    from expectations.evaluate import failing_masks
    from expectations.registry import verify_rules

    for dataset in sorted({c.dataset for c in CASES}):
        frame, _ = planted(delivered, dataset, [c for c in CASES if c.dataset == dataset])
        clean = standardise(frame, CATALOG.dataset(dataset).dataset, [ROW_NUMBER], TODAY).clean
        local = [r for r in verify_rules(CATALOG, dataset, TODAY) if not r.check.needs()]
        counts = failing_masks(local, clean).sum().row(0, named=True)
        assert not {k: v for k, v in counts.items() if v}, dataset


def test_decimals_are_kept_exactly_never_truncated(delivered):
    frame, where = planted(delivered, "social_insurance_enrolment", [c for c in CASES if c.label == "trailing zeros are not decimals"])
    clean = standardise(frame, CATALOG.dataset("social_insurance_enrolment").dataset, [ROW_NUMBER], TODAY).clean
    [row] = where
    assert str(clean.filter(pl.col(ROW_NUMBER) == row)["contribution_base"][0]).startswith("5861.1")


def test_legacy_ids_are_widened_only_where_the_catalog_says_so(delivered):
    dataset = CATALOG.dataset("household_registration").dataset
    field = dataset.fields[0]
    converting = dataset.model_copy(update={"fields": (
        field.model_copy(update={"values": field.values.model_copy(update={"legacy_ids": LegacyIds.convert})}), *dataset.fields[1:]
    )})
    frame, where = planted(delivered, "household_registration", [c for c in CASES if c.label == "legacy 15-digit ID"])
    [row] = where
    original = delivered["household_registration"].filter(pl.col(ROW_NUMBER) == row)["公民身份号码"][0].upper()
    clean = standardise(frame, converting, [ROW_NUMBER], TODAY).clean
    assert clean.filter(pl.col(ROW_NUMBER) == row)["resident_id"].to_list() == [original]
