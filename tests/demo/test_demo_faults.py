"""Every fault count in the manifest is recounted here from the files alone.

The recount is a small, independent reference of what ingestion must do: normalise (NFKC,
trim, upper-case), check codes with ``standards.checksums``, parse dates in the spellings the
faults table lists, and quarantine rows with an invalid code, a blank required value or an
unparseable value, plus extra copies of a row.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime

import polars as pl
import pytest

import demo.faults
from demo.faults import FAULTS, PLANS, Outcome, fault_table
from demo.tables import district_catalog
from standards.checksums import resident_id_valid, uscc_valid

FULL_WIDTH = re.compile("[０-９]")
MOBILE = re.compile(r"1\d{10}")
DATE_SPELLINGS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")
DATETIME_SPELLINGS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d%H%M%S", "%Y-%m-%dT%H:%M:%S", "%Y年%m月%d日 %H:%M")
# Blank by design on 城乡居民 rows (no employer, no contribution base): not a fault.
STRUCTURAL_BLANKS = {"social_insurance_enrolment": {"单位统一社会信用代码", "缴费基数"}}
REFERENCES = {  # dataset -> (column, authority dataset) for orphan references
    "social_insurance_enrolment": ("公民身份号码", "household_registration"),
    "water_accounts": ("户主证件号码", "household_registration"),
    "power_accounts": ("统一社会信用代码", "enterprise_registration"),
}


def norm(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().upper()


def parse_date(value: str, with_time: bool) -> datetime | None:
    for spelling in DATETIME_SPELLINGS if with_time else DATE_SPELLINGS:
        try:
            return datetime.strptime(unicodedata.normalize("NFKC", value).strip(), spelling)
        except ValueError:
            continue
    return None


def is_number(value: str) -> bool:
    try:
        float(unicodedata.normalize("NFKC", value).strip())
    except ValueError:
        return False
    return True


def code_valid(value: str, is_resident_id: bool) -> bool:
    return resident_id_valid(value) if is_resident_id else uscc_valid(value)


def roles(dataset: str) -> dict[str, list[str]]:
    fields = district_catalog().dataset(dataset).dataset.fields
    by_type = defaultdict(list)
    for f in fields:
        by_type[f.type.value].append(f.column)
    required = [f.column for f in fields if f.key or f.required]
    return {
        "required": required,
        "keys": [f.column for f in fields if f.key],
        "optional": [f.column for f in fields if f.column not in required],
        "ids": by_type["resident_id"],
        "usccs": by_type["uscc"],
        "dates": by_type["date"] + by_type["datetime"],
        "numbers": by_type["integer"] + by_type["decimal"],
        "mobiles": by_type["mobile"],
        "free_text": [f.column for f in fields if f.personal.value == "free_text"],
        "all": [f.column for f in fields],
    }


def authority_sets(tables: dict[str, pl.DataFrame]) -> tuple[set[str], dict[str, str], set[str]]:
    psb_ids, psb_names = set(), {}
    for rid, name in tables["household_registration"].select("公民身份号码", "姓名").iter_rows():
        if rid is not None and resident_id_valid(norm(rid)):
            psb_ids.add(norm(rid))
            if name is not None:
                psb_names[norm(rid)] = name.strip()
    amr = {norm(c) for c in tables["enterprise_registration"]["统一社会信用代码"].drop_nulls() if uscc_valid(norm(c))}
    return psb_ids, psb_names, amr


def recount(
    dataset: str, frame: pl.DataFrame, date_format: str, tables: dict[str, pl.DataFrame]
) -> tuple[dict[str, Counter], int, int]:
    """(fault -> column -> count, rows to quarantine, rows with more than one quarantine reason)."""
    r = roles(dataset)
    with_time = "%H" in date_format
    psb_ids, psb_names, amr = authority_sets(tables)
    counts: dict[str, Counter] = defaultdict(Counter)
    quarantine_rows = overlapping = 0
    blankable = [c for c in r["optional"] if c not in STRUCTURAL_BLANKS.get(dataset, set())]
    for row in frame.iter_rows(named=True):
        reasons = 0
        for c in r["required"]:
            if row[c] is None or not row[c].strip():
                counts["missing_required"][c] += 1
                reasons += 1
        for c in [c for c in r["ids"] + r["usccs"] if c in r["required"]]:
            v = row[c]
            if v is not None and v.strip() and not code_valid(norm(v), c in r["ids"]):
                counts["invalid_check_code"][c] += 1
                reasons += 1
        for c in [c for c in r["required"] if c in r["dates"] or c in r["numbers"]]:
            v = row[c]
            if v is not None and v.strip():
                ok = parse_date(v, with_time) is not None if c in r["dates"] else is_number(v)
                if not ok:
                    counts["unparseable_value"][c] += 1
                    reasons += 1
        quarantine_rows += reasons > 0
        overlapping += reasons > 1

        for c in r["all"]:
            v = row[c]
            if v is None:
                if c in blankable:
                    counts["missing_optional"][c] += 1
                continue
            if FULL_WIDTH.search(v):
                counts["full_width_digits"][c] += 1
            if c not in r["free_text"] and v != v.strip():
                counts["whitespace"][c] += 1
            if c in r["ids"] and v.strip().endswith("x"):
                counts["lowercase_x"][c] += 1
            plain = v == v.strip() and not FULL_WIDTH.search(v)
            if c in r["mobiles"] and plain and not MOBILE.fullmatch(v):
                counts["mobile_format"][c] += 1
            if c in r["dates"] and plain and (when := parse_date(v, with_time)) and v != when.strftime(date_format):
                counts["mixed_date_format"][c] += 1

        if dataset in REFERENCES:
            c, authority = REFERENCES[dataset]
            v = row[c]
            if v is not None and code_valid(norm(v), c in r["ids"]):
                known = psb_ids if authority == "household_registration" else amr
                if norm(v) not in known:
                    counts["orphan_reference"][c] += 1
        if dataset == "water_accounts":
            v, name = row["户主证件号码"], row["户主姓名"]
            if v is not None and name is not None and norm(v) in psb_names and name.strip() != psb_names[norm(v)]:
                counts["name_mismatch"]["户主姓名"] += 1

    duplicates = frame.height - frame.unique().height
    if duplicates:
        counts["duplicate_record"]["*"] = duplicates
    return counts, quarantine_rows + duplicates, overlapping


@pytest.mark.parametrize("dataset", sorted(PLANS))
def test_fault_counts_match_the_files(dataset: str, tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    entry = manifest["datasets"][dataset]
    counts, _, _ = recount(dataset, tables[dataset], entry["date_format"], tables)
    for fault in FAULTS.values():
        stated = entry["faults"][fault.outcome.value][fault.code]
        found = counts.get(fault.code, Counter())
        assert stated["count"] == sum(found.values()), (
            f"{dataset} {fault.code}: manifest {stated['count']}, files {sum(found.values())}"
        )
        assert stated["by_column"] == {c: n for c, n in found.items() if c != "*"}, f"{dataset} {fault.code}"


@pytest.mark.parametrize("dataset", sorted(PLANS))
def test_expected_quarantined_is_exact_and_reasons_are_disjoint(
    dataset: str, tables: dict[str, pl.DataFrame], manifest: dict
) -> None:
    entry = manifest["datasets"][dataset]
    _, quarantined, overlapping = recount(dataset, tables[dataset], entry["date_format"], tables)
    assert overlapping == 0
    assert quarantined == entry["expected_quarantined"]
    assert entry["expected_loaded"] == entry["expected_rows"] - quarantined
    stated = sum(f["count"] for f in entry["faults"][Outcome.quarantine.value].values())
    assert stated == entry["expected_quarantined"]


@pytest.mark.parametrize("dataset", sorted(PLANS))
def test_keys_stay_unique_after_repair(dataset: str, tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    """Repairs must not make two rows collide, or the quarantine count would not be exact."""
    r = roles(dataset)
    frame = tables[dataset].unique(maintain_order=True)
    keys = [
        tuple(norm(row[c]) if row[c] is not None else None for c in r["keys"])
        for row in frame.iter_rows(named=True)
        if all(row[c] is not None for c in r["keys"])
    ]
    assert len(keys) == len(set(keys))


def test_every_planned_fault_occurs_at_small_scale(manifest: dict) -> None:
    for dataset, plan in PLANS.items():
        faults = manifest["datasets"][dataset]["faults"]
        for code, rate in plan.rates.items():
            if rate > 0:
                assert faults[FAULTS[code].outcome.value][code]["count"] >= 1, f"{dataset} {code}"


def test_structural_blanks_only_on_resident_schemes(tables: dict[str, pl.DataFrame]) -> None:
    hrss = tables["social_insurance_enrolment"]
    employer_blank = hrss.filter(pl.col("单位统一社会信用代码").is_null())["险种"].str.strip_chars().unique().to_list()
    assert set(employer_blank) <= {"城乡居民基本养老保险", "城乡居民基本医疗保险"} | {None}
    employed = hrss.filter(pl.col("单位统一社会信用代码").is_not_null())["险种"].str.strip_chars().unique().to_list()
    assert not any(s and s.startswith("城乡居民") for s in employed)


def test_docstring_fault_table_is_the_plan() -> None:
    assert fault_table() in demo.faults.__doc__
