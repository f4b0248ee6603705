"""Every shared view walked against the catalog (Art. 16): restricted items only masked, not-shared never."""

from __future__ import annotations

import json

import duckdb

from central.paths import target_dir
from central.shared_check import shared_views, structural_problems, value_problems
from tests.central.district import built, catalog, published  # noqa: F401 (fixtures)


def test_shared_views_follow_their_share_class(built, catalog):
    manifest = json.loads((target_dir(built) / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(published(built)), read_only=True) as con:
        views = shared_views(con)
        assert set(views) == {e.dataset.id for e in catalog.entries if e.dataset.share_class.value != "not_shared"}
        assert structural_problems(con, catalog, manifest) == []
        assert value_problems(con, catalog) == []


def test_the_walk_finds_an_unmasked_restricted_item_and_a_not_shared_dataset(built, catalog, tmp_path):
    """A hand-made bad file: the restricted view reading clean data, and a not-shared view."""
    bad = tmp_path / "bad.duckdb"
    with duckdb.connect(str(bad)) as con:
        con.execute("create schema shared")
        con.execute("create table shared.household_registration as select "
                    "'x:1' as lineage_key, '330203199001011236' as person_key, '王小明' as name, '男' as gender, "
                    "date '1990-01-01' as birth_date, '汉族' as ethnicity, '浙江省宁波市海曙区鼓楼街道中山西路1号' as household_address, "
                    "'鼓楼街道' as street, date '2000-01-01' as registered_on, '13800138000' as mobile")
        con.execute("create table shared.subsistence_allowance as select 'x:1' as lineage_key, 900 as monthly_amount")
        structural = structural_problems(con, catalog)
        values = value_problems(con, catalog)
    assert any("subsistence_allowance" in p and "not-shared" in p for p in structural)
    assert any("household_registration.mobile" in p for p in structural)
    assert any("CN_RESIDENT_ID" in p for p in values) and any("'name'" in p for p in values)
    assert not any("330203199001011236" in p or "王小明" in p for p in values), "findings must not print personal values"
