"""Cross-source rules generated from the catalog's reference fields, on frames small enough to read."""

from __future__ import annotations

from datetime import date

import polars as pl

from catalog.validate import load_catalog
from config.settings import PACKAGED_CATALOG
from expectations.evaluate import failing_counts, failing_masks
from expectations.registry import catalog_rules
from expectations.rules import Severity, Stage
from tests.ingest.files import A, B

CATALOG = load_catalog(PACKAGED_CATALOG)
RULES = {r.id: r for r in catalog_rules(CATALOG, date(2026, 12, 3))}


def test_reference_fields_become_comparison_rules_against_their_authority():
    compare = {i for i, r in RULES.items() if r.check.needs()}
    assert {
        "social_insurance_enrolment.resident_id.exists", "social_insurance_enrolment.employer_uscc.exists",
        "social_insurance_enrolment.employer_uscc.subject_active", "subsistence_allowance.resident_id.exists",
        "birth_registration.mother_id.exists", "water_accounts.holder_id.exists",
        "water_accounts.holder_name.agrees_with_household_registration", "power_accounts.uscc.exists",
        "power_accounts.uscc.subject_active",
    } <= compare
    for i in compare:  # the non-authoritative side's finding, reported and never blocking
        assert RULES[i].severity is Severity.warning and RULES[i].stages == frozenset({Stage.verify})
        assert RULES[i].dataset != "household_registration" and RULES[i].dataset != "enterprise_registration"


def test_struck_off_enterprise_treated_as_active_is_found():
    amr = pl.DataFrame({"uscc": ["U1", "U2", "U3"], "status": ["存续(在营、开业、在册)", "注销", "吊销,未注销"]})
    hrss = pl.DataFrame({"resident_id": [A, A, B, B], "employer_uscc": ["U1", "U2", "U3", "U2"],
                         "status": ["参保缴费", "参保缴费", "暂停缴费", "终止参保"]})
    rule = RULES["social_insurance_enrolment.employer_uscc.subject_active"]
    masks = failing_masks((rule,), hrss, {"enterprise_registration": amr})
    assert masks[rule.id].to_list() == [False, True, True, False]  # an ended enrolment may name a closed firm


def test_orphans_and_name_mismatches_on_a_hand_made_pair():
    psb = pl.DataFrame({"resident_id": [A, B], "name": ["张三", "李四"]})
    water = pl.DataFrame({"holder_id": [A, B, "330203199001011239", None], "holder_name": ["张三", "李五", "王五", "赵六"]})
    rules = (RULES["water_accounts.holder_id.exists"], RULES["water_accounts.holder_name.agrees_with_household_registration"])
    counts = failing_counts(failing_masks(rules, water, {"household_registration": psb}))
    # the orphan is only an orphan (no authoritative name to disagree with); a missing ID is neither
    assert counts == {"water_accounts.holder_id.exists": 1, "water_accounts.holder_name.agrees_with_household_registration": 1}
