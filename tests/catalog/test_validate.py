"""Every refusal of the catalog validator names the file and the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.model import OpenClass, ShareClass
from catalog.validate import CatalogInvalid, load_catalog
from config.settings import PACKAGED_CATALOG
from tests.conftest import edit_yaml


def field(data: dict, dataset: str, name: str) -> dict:
    ds = next(d for d in data["datasets"] if d["id"] == dataset)
    return next(f for f in ds["fields"] if f["name"] == name)


def refusal(catalog_dir: Path) -> CatalogInvalid:
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(catalog_dir)
    return info.value


def test_packaged_catalog_is_valid_and_covers_agencies_and_utilities():
    catalog = load_catalog(PACKAGED_CATALOG)
    kinds = {p.kind.value for p in catalog.providers.values()}
    assert len(catalog.providers) >= 7
    assert kinds == {"agency", "utility"}


def test_every_entry_has_the_nine_art10_attributes():
    for entry in load_catalog(PACKAGED_CATALOG).entries:
        d = entry.dataset
        assert all([d.business_name, d.system_name, d.storage_format, d.share_class, d.open_class,
                    d.share_mode, d.update_cycle, d.share_period])
        assert all(f.label for f in d.fields)  # 数据项名称


def test_item_without_authoritative_provider_is_refused(catalog_copy):
    edit_yaml(catalog_copy / "psb.yaml", lambda d: field(d, "household_registration", "ethnicity").update(authoritative=False))
    problems = refusal(catalog_copy).problems
    assert [(p.file.name, p.entry) for p in problems] == [("psb.yaml", "household_registration.ethnicity")]
    assert "no authoritative provider" in problems[0].message


def test_item_with_two_authoritative_providers_is_refused_in_both_files(catalog_copy):
    def add_name(d):
        ds = d["datasets"][0]
        ds["fields"].append({"name": "name", "column": "姓名", "item": "resident.name", "label": "姓名",
                             "personal": "name", "authoritative": True})
    edit_yaml(catalog_copy / "mca.yaml", add_name)
    problems = refusal(catalog_copy).problems
    assert {p.file.name for p in problems} == {"mca.yaml", "psb.yaml"}
    assert all("2 authoritative providers" in p.message and "'mca'" in p.message and "'psb'" in p.message for p in problems)


def test_provider_cataloguing_another_providers_item_is_refused(catalog_copy):
    def add_birth_date(d):
        d["datasets"][0]["fields"].append({"name": "birth_date", "column": "出生日期", "item": "resident.birth_date",
                                           "label": "出生日期", "type": "date", "authoritative": False})
    edit_yaml(catalog_copy / "mca.yaml", add_birth_date)
    problems = refusal(catalog_copy).problems
    assert [(p.file.name, p.entry) for p in problems] == [("mca.yaml", "subsistence_allowance.birth_date")]
    assert "authoritative source is 'psb'" in problems[0].message and "Art. 10, 12" in problems[0].message


def test_reference_key_to_another_providers_item_is_allowed():
    hrss = load_catalog(PACKAGED_CATALOG).dataset("social_insurance_enrolment").dataset
    ref = next(f for f in hrss.fields if f.name == "resident_id")
    assert ref.reference and not ref.authoritative


@pytest.mark.parametrize("share_class", [ShareClass.restricted.value, ShareClass.not_shared.value])
def test_restricted_or_not_shared_without_legal_basis_is_refused(catalog_copy, share_class):
    edit_yaml(catalog_copy / "power.yaml", lambda d: d["datasets"][0].update(share_class=share_class))
    problems = refusal(catalog_copy).problems
    assert [(p.file.name, p.entry) for p in problems] == [("power.yaml", "power_accounts")]
    assert "legal_basis" in problems[0].message


def test_personal_data_marked_unconditional_open_is_refused(catalog_copy):
    edit_yaml(catalog_copy / "amr.yaml", lambda d: d["datasets"][0].update(open_class=OpenClass.unconditional_open.value))
    problems = refusal(catalog_copy).problems
    assert [(p.file.name, p.entry) for p in problems] == [("amr.yaml", "enterprise_registration.legal_representative")]
    assert "Art. 32" in problems[0].message


def test_misspelt_attribute_and_bad_value_name_the_entry(catalog_copy):
    def break_it(d):
        d["datasets"][0]["update_cycel"] = "daily"
        d["datasets"][0]["share_mode"] = "fax"
    edit_yaml(catalog_copy / "water.yaml", break_it)
    problems = refusal(catalog_copy).problems
    assert {p.file.name for p in problems} == {"water.yaml"}
    entries = {p.entry for p in problems}
    assert "water_accounts.update_cycel" in entries and "water_accounts.share_mode" in entries


def test_same_dataset_id_in_two_files_is_refused(catalog_copy):
    edit_yaml(catalog_copy / "power.yaml", lambda d: d["datasets"][0].update(id="water_accounts"))
    problems = refusal(catalog_copy).problems
    assert any(p.entry == "water_accounts" and "also declared in" in p.message for p in problems)


def test_message_tells_what_to_do(catalog_copy):
    edit_yaml(catalog_copy / "power.yaml", lambda d: d["datasets"][0].update(share_class="restricted"))
    text = str(refusal(catalog_copy))
    assert "power.yaml [power_accounts]" in text and "dw catalog validate" in text


def test_cli_refuses_a_broken_catalog_with_file_and_entry(catalog_copy):
    from typer.testing import CliRunner

    from dw.cli import app

    edit_yaml(catalog_copy / "water.yaml", lambda d: d["datasets"][0].pop("legal_basis"))
    result = CliRunner().invoke(app, ["catalog", "validate", str(catalog_copy)])
    assert result.exit_code == 1
    assert "water.yaml [water_accounts]" in result.output and "legal_basis" in result.output
    assert CliRunner().invoke(app, ["catalog", "validate"]).exit_code == 0
