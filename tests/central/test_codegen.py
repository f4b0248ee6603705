"""Sources, staging and shared views are generated from the catalog; the committed files must match."""

from __future__ import annotations

from catalog.validate import load_catalog
from central.codegen import GENERATED_DIRS, generate
from central.paths import DBT_PROJECT_DIR
from config.settings import PACKAGED_CATALOG
from tests.conftest import edit_yaml


def test_committed_dbt_files_are_what_the_catalog_generates():
    files = generate(load_catalog(PACKAGED_CATALOG))
    on_disk = {p.relative_to(DBT_PROJECT_DIR).as_posix() for d in GENERATED_DIRS for p in (DBT_PROJECT_DIR / d).glob("*")}
    assert on_disk == set(files), "generated folders hold other files: run `python -m central.codegen`"
    for rel, text in files.items():
        assert (DBT_PROJECT_DIR / rel).read_text(encoding="utf-8") == text, f"{rel} drifted from the catalog: run `python -m central.codegen`"


def test_a_catalog_change_changes_the_generated_sources(catalog_copy):
    edit_yaml(catalog_copy / "mca.yaml", lambda d: d["datasets"][0]["fields"].append(
        {"name": "bank_account", "column": "银行账号", "item": "subsistence.bank_account", "label": "发放账号",
         "personal": "bank_card", "authoritative": True}))
    files = generate(load_catalog(catalog_copy))
    assert "cast(bank_account as varchar)" in files["models/staging/stg_subsistence_allowance.sql"]
    assert files != generate(load_catalog(PACKAGED_CATALOG))


def test_every_staging_model_has_one_shape_and_no_not_shared_view():
    catalog = load_catalog(PACKAGED_CATALOG)
    files = generate(catalog)
    for entry in catalog.entries:
        sql = files[f"models/staging/stg_{entry.dataset.id}.sql"]
        assert sql.count("with source as (") == 1 and "renamed as (" in sql and sql.rstrip().endswith("select * from renamed")
        has_view = f"models/shared/shared_{entry.dataset.id}.sql" in files
        assert has_view == (entry.dataset.share_class.value != "not_shared")
