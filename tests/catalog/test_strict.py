"""A strict catalog: slips a YAML parser or a lax model would let through are refused, file and entry named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog.validate import CatalogInvalid, load_catalog


def refusal(catalog_dir: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(catalog_dir)
    return [(p.file.name, p.entry, p.message) for p in info.value.problems]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_duplicate_key_is_refused_with_its_line_not_last_one_wins(catalog_copy):
    edit(catalog_copy / "psb.yaml", "    update_cycle: daily\n", "    update_cycle: daily\n    update_cycle: yearly\n")
    [(file, entry, message)] = refusal(catalog_copy)
    assert (file, entry) == ("psb.yaml", "household_registration")
    assert "'update_cycle' appears twice" in message and "line" in message


def test_duplicate_key_inside_a_flow_mapping_names_the_field(catalog_copy):
    edit(catalog_copy / "psb.yaml", "type: resident_id, key: true,", "type: resident_id, key: true, key: true,")
    [(file, entry, message)] = refusal(catalog_copy)
    assert (file, entry) == ("psb.yaml", "household_registration.resident_id")
    assert "'key' appears twice" in message


@pytest.mark.parametrize("spelling", ['"yes"', "yes", "on", '"on"', "1", '"true"', "Y"])
def test_booleans_are_true_or_false_only(catalog_copy, spelling):
    edit(catalog_copy / "power.yaml", "label: 用电户号, key: true,", f"label: 用电户号, key: {spelling},")
    [(file, entry, message)] = refusal(catalog_copy)
    assert (file, entry) == ("power.yaml", "power_accounts.account_no.key")
    assert "must be true or false" in message


def test_true_and_false_in_any_case_are_booleans(catalog_copy):
    edit(catalog_copy / "psb.yaml", "type: resident_id, key: true,", "type: resident_id, key: True,")
    assert load_catalog(catalog_copy).dataset("household_registration").dataset.fields[0].key is True


def test_two_fields_on_one_source_column_are_refused(catalog_copy):
    edit(catalog_copy / "psb.yaml", "{name: ethnicity, column: 民族,", "{name: ethnicity, column: 姓名,")
    [(file, entry, message)] = refusal(catalog_copy)
    assert (file, entry) == ("psb.yaml", "household_registration.ethnicity")
    assert "source column '姓名' is also used by field 'name'" in message


@pytest.mark.parametrize(
    ("pattern", "words"),
    [("../psb/hukou_*.csv", "'..'"), ("sub/hukou_*.csv", "path separator"), ("..hukou_*.csv", "'..'"),
     ("hukou\\\\*.csv", "path separator"), ("/etc/hukou_*.csv", "path separator")],
)
def test_patterns_that_could_leave_the_providers_folder_are_refused(catalog_copy, pattern, words):
    edit(catalog_copy / "psb.yaml", 'pattern: "hukou_*.csv"', f'pattern: "{pattern}"')
    [(file, entry, message)] = refusal(catalog_copy)
    assert (file, entry) == ("psb.yaml", "household_registration.source.pattern")
    assert words in message


def _second_hb_dataset(catalog_dir: Path, pattern: str) -> None:
    text = (catalog_dir / "hb.yaml").read_text(encoding="utf-8")
    block = text[text.index("  - id: birth_registration"):]
    block = block.replace("id: birth_registration", "id: birth_corrections").replace("birth.", "birth_fix.")
    block = block.replace('"chusheng_*.csv"', f'"{pattern}"')
    (catalog_dir / "hb.yaml").write_text(text + block, encoding="utf-8")


def test_two_datasets_whose_patterns_can_claim_one_file_are_refused(catalog_copy):
    _second_hb_dataset(catalog_copy, "chusheng_2026*.csv")
    [(file, entry, message)] = refusal(catalog_copy)
    assert (file, entry) == ("hb.yaml", "birth_corrections.source.pattern")
    assert "'birth_registration'" in message and "can match the same file name" in message


def test_exclusive_patterns_of_one_provider_are_fine(catalog_copy):
    _second_hb_dataset(catalog_copy, "buzheng_*.csv")
    assert {e.dataset.id for e in load_catalog(catalog_copy).entries} >= {"birth_registration", "birth_corrections"}


def test_yaml_syntax_error_is_one_line_with_its_place(catalog_copy):
    edit(catalog_copy / "psb.yaml", "    update_cycle: daily\n", "    update_cycle: [daily\n")
    [(file, entry, message)] = refusal(catalog_copy)
    assert (file, entry) == ("psb.yaml", "-")
    assert "\n" not in message and re.search(r"line \d+, column \d+", message)


def test_every_problem_is_one_line_naming_file_and_entry(catalog_copy):
    edit(catalog_copy / "psb.yaml", "    update_cycle: daily\n", "    update_cycle: daily\n    update_cycle: daily\n")
    edit(catalog_copy / "water.yaml", 'pattern: "yongshui_*.csv"', 'pattern: "../yongshui_*.csv"')
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(catalog_copy)
    lines = [line for line in str(info.value).splitlines() if line.startswith("  - ")]
    assert len(lines) == 2
    assert lines[0].startswith("  - psb.yaml [household_registration]") and lines[1].startswith("  - water.yaml [")
