"""Every rule compiles to a GX expectation and a polars predicate that agree; custom expectations
live in one module and a suite loaded without them is refused loudly."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import polars as pl

from catalog.validate import load_catalog
from config.settings import PACKAGED_CATALOG
from expectations.evaluate import failing_counts, failing_masks
from expectations.gx_suite import build_suite, load_suite, suite_json, validate
from expectations.registry import catalog_rules, verify_rules
from expectations.rules import Stage
from tests.ingest.files import A, B, rid

TODAY = date(2026, 12, 3)
CATALOG = load_catalog(PACKAGED_CATALOG)


def test_every_rule_is_complete_and_verify_rules_compile_to_gx():
    rules = catalog_rules(CATALOG, TODAY)
    assert len({r.id for r in rules}) == len(rules)
    for r in rules:
        assert r.name_zh and r.name_en and r.article.startswith("第") and r.columns and r.dataset
        if Stage.verify in r.stages:
            assert r.check.gx(), f"{r.id} has a verification stage but no GX form"
    suite = build_suite("household_registration", verify_rules(CATALOG, "household_registration", TODAY))
    types = {e.expectation_type for e in suite.expectations}
    assert {"expect_column_values_to_be_valid_resident_id", "expect_column_pair_values_to_agree_with_resident_id"} <= types


def household_frame() -> pl.DataFrame:
    """Clean-shaped rows, three of them wrong in ways only verification can see."""
    bad_check = A[:-1] + ("0" if A[-1] != "0" else "1")
    return pl.DataFrame({
        "_batch_id": ["b"] * 5, "_row_number": [1, 2, 3, 4, 5],
        "resident_id": [A, B, bad_check, rid("99020319800101001"), rid("33020319700101002")],
        "name": ["张三", "李四", "王五", "赵六", "钱七"],
        "gender": ["男", "男", "男", "男", "男"],  # B is a woman's ID; the last one too
        "birth_date": [date(1990, 1, 1), date(1985, 12, 31), date(1990, 1, 1), date(1980, 1, 1), date(1970, 1, 2)],
        "ethnicity": ["汉族"] * 5, "household_address": ["海曙区"] * 5, "street": ["鼓楼街道"] * 5,
        "registered_on": [date(2010, 1, 1), date(1980, 1, 1), None, None, None],
    })


def test_gx_and_polars_count_the_same_failures():
    rules = verify_rules(CATALOG, "household_registration", TODAY)
    frame = household_frame()
    polars_counts = failing_counts(failing_masks(rules, frame))
    assert polars_counts["household_registration.resident_id.gb11643"] == 1
    assert polars_counts["household_registration.resident_id.region"] == 1
    assert polars_counts["household_registration.gender.agrees_with_resident_id"] == 2
    assert polars_counts["household_registration.birth_date.agrees_with_resident_id"] == 1
    assert polars_counts["household_registration.registered_on.not_before_birth_date"] == 1
    outcomes = validate("household_registration", rules, frame)
    assert len(outcomes) == sum(len(r.check.gx()) for r in rules)
    for o in outcomes:
        assert o.unexpected_count == polars_counts[o.rule_id], o
        assert o.success == (polars_counts[o.rule_id] == 0), o


def test_suite_round_trips_with_its_custom_expectations():
    suite = build_suite("water_accounts", verify_rules(CATALOG, "water_accounts", TODAY))
    again = load_suite(suite_json(suite))
    assert len(again.expectations) == len(suite.expectations)


def test_suite_loaded_without_custom_expectations_fails_loudly(tmp_path):
    suite = build_suite("household_registration", verify_rules(CATALOG, "household_registration", TODAY))
    path = tmp_path / "suite.json"
    path.write_text(suite_json(suite), encoding="utf-8")
    code = (
        "import sys, pathlib\n"
        "from expectations.gx_suite import load_suite\n"
        "load_suite(pathlib.Path(sys.argv[1]).read_text(encoding='utf-8'), register_custom=False)\n"
        "assert 'expectations.gx_custom' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "SuiteIncomplete" in done.stderr and "expectations.gx_custom" in done.stderr


def test_credit_code_rules_gb32100_and_gb11714_in_polars_and_gx():
    """A wrong inner (GB 11714) check character behind a recomputed outer (GB 32100) one is
    caught by the organisation-code rule alone, the same in polars and in GX."""
    from standards.checksums import uscc_check_code

    good = "9144030071526726XG"
    inner = good[:16] + "0"
    codes = [good, inner + uscc_check_code(inner), "94" + good[2:17] + uscc_check_code("94" + good[2:17]), "9144030071526726XH", None]
    rules = [r for r in verify_rules(CATALOG, "enterprise_registration", TODAY) if r.columns == ("uscc",) and r.check.gx()]
    frame = pl.DataFrame({"uscc": codes})
    counts = failing_counts(failing_masks(rules, frame))
    assert counts["enterprise_registration.uscc.gb11714"] == 1
    assert counts["enterprise_registration.uscc.gb32100"] == 2  # the category 4 registrar 9 never issues; the wrong check code
    outcomes = {o.rule_id: o for o in validate("enterprise_registration", rules, frame)}
    assert outcomes["enterprise_registration.uscc.gb11714"].expectation == "expect_column_values_to_have_valid_organisation_code"
    for rule_id, n in counts.items():
        assert outcomes[rule_id].unexpected_count == n, rule_id
