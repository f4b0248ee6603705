"""Exchange packages (Art. 19-20): what is written, that the data stay truthful, and that a leaked
copy is traced to its grant after re-saving as CSV, re-ordering and cutting down to a few columns."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from share_helpers import BUREAU, CENTER, DRC, ENT, HH, WAT, granted

from sharing.exchange import export, trace
from sharing.grants import revoke
from sharing.source import ReleaseReader
from sharing.vocabulary import ReleaseKind
from workflow.audit import entries_about
from workflow.context import Workflow
from workflow.errors import WorkflowError


def _export(wf: Workflow, grant_id: int, out: Path):  # type: ignore[no-untyped-def]
    return export(wf, ReleaseReader(wf.settings), BUREAU, grant_id, out)


def _nfkc(value: object) -> object:
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


def test_a_package_holds_the_granted_items_with_a_manifest_and_an_audit_entry(swf: Workflow, tmp_path: Path) -> None:
    grant_id = granted(swf, WAT, DRC, share_mode="exchange", items=["account_no", "holder_name", "contact_mobile", "monthly_m3"])
    package = _export(swf, grant_id, tmp_path)
    manifest = json.loads((package.path / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["grant"], manifest["unit"], manifest["release_class"], manifest["rows"]) == (grant_id, "drc", "restricted", 60)
    assert manifest["items"] == ["account_no", "holder_name", "contact_mobile", "monthly_m3"]
    for name, info in manifest["files"].items():
        assert hashlib.sha256((package.path / name).read_bytes()).hexdigest() == info["sha256"] and info["rows"] == 60
    parquet = pl.read_parquet(package.path / f"{WAT}.parquet")
    assert parquet.columns == [*manifest["items"], "lineage_key"] and "holder_id" not in parquet.columns
    with swf.store.read() as s:
        entry = entries_about(s, f"grant:{grant_id}")[-1]
    assert (entry.action, entry.row_count, entry.unit, entry.purpose) == ("share.exported", 60, "bureau", manifest["purpose"])


def test_the_marked_data_are_the_release_data(swf: Workflow, tmp_path: Path) -> None:
    grant_id = granted(swf, WAT, DRC, share_mode="exchange")
    package = _export(swf, grant_id, tmp_path)
    exported = pl.read_parquet(package.path / f"{WAT}.parquet")
    release = ReleaseReader(swf.settings).load(swf.catalog.dataset(WAT), ReleaseKind.restricted).frame.select(exported.columns)
    assert exported.height == release.height
    assert [[_nfkc(v) for v in row] for row in exported.rows()] == [[_nfkc(v) for v in row] for row in release.rows()]
    assert exported.get_column("account_no").to_list() == release.get_column("account_no").to_list()  # keys exact
    assert exported.get_column("holder_id").to_list() == release.get_column("holder_id").to_list()  # pseudonyms exact
    assert exported.get_column("holder_name").to_list() != release.get_column("holder_name").to_list()  # marked


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_leaked_copy_is_traced_to_its_grant_after_resaving_reordering_and_trimming(swf: Workflow, tmp_path: Path) -> None:
    mine = granted(swf, WAT, DRC, share_mode="exchange")
    other = granted(swf, WAT, CENTER, share_mode="exchange", purpose="核对用水户信息，办理水费减免")
    clean_grant = granted(swf, ENT, DRC, share_mode="exchange")
    packages = {g: _export(swf, g, tmp_path / str(g)) for g in (mine, other, clean_grant)}

    csv = packages[mine].path / f"{WAT}.csv"
    leaked = pd.read_csv(csv, dtype=str)
    resaved = tmp_path / "resaved.csv"
    leaked.sample(frac=1.0, random_state=3).to_csv(resaved, index=False)  # pandas re-save, rows shuffled
    trimmed = tmp_path / "trimmed.csv"
    leaked.rename(columns={"holder_name": "姓名", "contact_mobile": "电话"})[["电话", "姓名"]].iloc[::-1].head(40).to_csv(trimmed, index=False)
    only_names = tmp_path / "names.csv"
    pl.read_parquet(packages[mine].path / f"{WAT}.parquet").select("holder_name", "service_address").sort("holder_name").write_csv(only_names)
    excel = tmp_path / "leaked.xlsx"  # opened and saved again in a spreadsheet
    pl.read_csv(resaved, infer_schema=False).select("holder_name", "contact_mobile", "monthly_m3").write_excel(excel)
    enterprise = tmp_path / "enterprise.csv"
    pd.read_csv(packages[clean_grant].path / f"{ENT}.csv", dtype=str)[["enterprise_name", "registered_address"]].to_csv(enterprise, index=False)

    for path, expected in [(csv, mine), (resaved, mine), (trimmed, mine), (excel, mine), (enterprise, clean_grant),
                           (packages[other].path / f"{WAT}.parquet", other)]:
        result = trace(swf, BUREAU, path)
        assert result.found is not None and result.found.id == expected, (path.name, result.best)
        assert result.runner_up is not None and result.runner_up.agreement < 0.8
    # Masked names and street-level addresses: few distinct cells, little room for a mark. It may
    # not be enough to name a grant; it is never enough to name the wrong one.
    found = trace(swf, BUREAU, only_names).found
    assert found is None or found.id == mine

    normalised = tmp_path / "normalised.csv"
    leaked.map(lambda v: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v).to_csv(normalised, index=False)
    assert trace(swf, BUREAU, normalised).found is None  # the mark is gone: it says so rather than guess
    keys_only = tmp_path / "keys.csv"
    leaked[["account_no", "monthly_m3"]].to_csv(keys_only, index=False)
    assert trace(swf, BUREAU, keys_only).found is None


def test_only_a_live_exchange_grant_is_exported(swf: Workflow, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    lookup_grant = granted(swf, HH, CENTER)
    with pytest.raises(WorkflowError, match="not an exchange grant"):
        _export(swf, lookup_grant, tmp_path)
    grant_id = granted(swf, WAT, DRC, share_mode="exchange")
    with swf.store.write() as s:
        revoke(s, swf, BUREAU, grant_id, "业务已停办")
    with pytest.raises(WorkflowError, match="revoked"):
        _export(swf, grant_id, tmp_path)
    with pytest.raises(WorkflowError, match="exported by the bureau"):
        export(swf, ReleaseReader(swf.settings), DRC, grant_id, tmp_path)
    assert not tmp_path.exists()
