"""A rerun with nothing changed rebuilds nothing; a new upstream version does."""

from __future__ import annotations

import json

from catalog.validate import load_catalog
from central.build import plan, read_record
from central.paths import docs_dir
from tests.central.district import built, catalog  # noqa: F401 (fixtures)


def test_nothing_changed_means_up_to_date_and_the_record_names_every_source(built):
    catalog = load_catalog(built.catalog_dir)
    p = plan(built, catalog)
    assert p.up_to_date and not p.missing
    assert set(read_record(built)["fingerprint"]["sources"]) == {
        "clean/enterprise_registration", "clean/power_accounts", "release/not_shared/subsistence_allowance",
        "release/restricted/birth_registration", "release/restricted/hotline_work_orders",
        "release/restricted/household_registration", "release/restricted/social_insurance_enrolment",
        "release/restricted/water_accounts"}


def test_a_changed_k_is_a_change(built, monkeypatch):
    monkeypatch.setenv("DW_K_ANONYMITY", "7")
    from config.settings import load_settings

    assert not plan(load_settings(built.home), load_catalog(built.catalog_dir)).up_to_date


def test_dbt_tests_and_unit_tests_for_every_join_passed(built):
    results = json.loads((built.home / "first_run_results.json").read_text(encoding="utf-8"))["results"]
    ids = {r["unique_id"]: r["status"] for r in results}
    units = {k.split(".")[-2] for k in ids if k.startswith("unit_test.")}
    assert {"person_profile", "allowance_recipients", "insurance_coverage_by_street_age",
            "enterprises_by_industry_street_status"} <= units
    assert all(s in ("success", "pass") for s in ids.values()), {k: s for k, s in ids.items() if s not in ("success", "pass")}
    assert any(".reconciles_with_" in k for k in ids) and any(".references_" in k for k in ids)
    assert (docs_dir(built) / "index.html").exists()
