"""`dw query` of restricted tables (集中分析处理, Art. 19-20): grant-checked and audited, on SQLite
and PostgreSQL, against a real published build (the central tests' district)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from share_helpers import BUREAU, DRC, HH, PURPOSE, granted
from sqlalchemy import select
from typer.testing import CliRunner

from config.settings import Settings, load_settings
from dw.cli import app
from sharing.grants import revoke
from tests.central.district import built  # noqa: F401 (fixture)
from workflow.context import Workflow, open_workflow
from workflow.store.tables import AuditEntry

runner = CliRunner()
COUNT_HH = "select count(*) as n from shared.household_registration"


@pytest.fixture
def qwf(built: Settings, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workflow]:  # noqa: F811
    """The published district with a fresh workflow store (SQLite or PostgreSQL) per test."""
    monkeypatch.setenv("DW_DATABASE_URL", database_url)
    monkeypatch.setenv("DW_TODAY", "2026-12-01")
    workflow = open_workflow(load_settings(built.home))
    yield workflow
    workflow.close()


def query(sql: str, *args: str) -> tuple[int, str]:
    out = runner.invoke(app, ["query", sql, "--format", "json", *args])
    return out.exit_code, out.output


def entries(wf: Workflow, action: str) -> list[AuditEntry]:
    with wf.store.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)))


def central_grant(wf: Workflow, **changes: object) -> int:
    return granted(wf, HH, DRC, share_mode="central", **changes)


def test_no_grant_is_refused_in_one_line_and_the_refusal_is_audited(qwf):
    code, out = query(COUNT_HH, "--as-unit", "drc")
    assert code != 0 and out.count("\n") == 1
    assert "须有本单位有效的集中分析查询授权" in out and "live query grant" in out
    refused = entries(qwf, "share.refused")[-1]
    assert refused.unit == "drc" and refused.channel == "cli" and refused.subject == "endpoint:query"
    assert json.loads(refused.detail) == {"code": "query_grant_required", "kind": "forbidden",
                                          "tables": ["lake_release_restricted.household_registration"], "datasets": [HH]}
    assert entries(qwf, "share.query") == []


def test_a_view_a_cte_or_query_table_cannot_hide_what_is_read(qwf):
    for sql in ["with x as (select * from staging.stg_household_registration) select count(*) from x",
                "select count(*) from query_table('shared.household_registration')",
                "select count(*) from central.person_profile"]:  # a central table built from restricted data
        code, out = query(sql, "--as-unit", "drc")
        assert code != 0 and "household_registration" in out, sql


def test_live_grant_is_served_and_audited_with_its_row_count(qwf):
    grant = central_grant(qwf)
    sql = "select street, count(*) as n from shared.household_registration group by street"
    code, out = query(sql, "--as-unit", "drc", "--grant", str(grant), "--purpose", PURPOSE)
    assert code == 0, out
    rows = json.loads(out)
    assert rows and all(set(r) == {"street", "n"} for r in rows)
    served = entries(qwf, "share.query")[-1]
    assert (served.unit, served.dataset, served.grant_ref, served.purpose, served.row_count) == ("drc", HH, str(grant), PURPOSE, len(rows))
    assert json.loads(served.detail)["tables"] == ["lake_release_restricted.household_registration"]
    with qwf.store.snapshot() as s:
        assert qwf.audit.verify(s).ok


def test_the_sql_text_and_its_values_never_reach_the_log(qwf):
    grant = central_grant(qwf)
    code, out = query("select count(*) from shared.household_registration where person_key = '330203199001011234'",
                      "--as-unit", "drc", "--grant", str(grant), "--purpose", PURPOSE)
    assert code == 0, out
    with qwf.store.read() as s:
        logged = " ".join(f"{e.subject} {e.detail} {e.purpose}" for e in s.scalars(select(AuditEntry)))
    assert "330203199001011234" not in logged and "where" not in logged


def test_wrong_purpose_expired_and_revoked_grants_serve_nothing(qwf, monkeypatch):
    grant = central_grant(qwf, until=date(2026, 12, 3))
    code, out = query(COUNT_HH, "--as-unit", "drc", "--grant", str(grant), "--purpose", "另作他用")
    assert code != 0 and "用途与授权不符" in out
    monkeypatch.setenv("DW_TODAY", "2026-12-07")  # past the grant's expiry
    code, out = query(COUNT_HH, "--as-unit", "drc", "--grant", str(grant), "--purpose", PURPOSE)
    assert code != 0 and "已到期" in out and "expired" in out
    monkeypatch.setenv("DW_TODAY", "2026-12-01")
    with qwf.store.write() as s:
        revoke(s, qwf, BUREAU, grant, "用途已完成")
    code, out = query(COUNT_HH, "--as-unit", "drc", "--grant", str(grant), "--purpose", PURPOSE)
    assert code != 0 and "已撤销" in out and "revoked" in out
    assert [json.loads(e.detail)["code"] for e in entries(qwf, "share.refused")] == ["forbidden"] * 3
    assert entries(qwf, "share.query") == []
    with qwf.store.snapshot() as s:
        assert qwf.audit.verify(s).ok


def test_columns_outside_the_granted_items_are_refused(qwf):
    grant = central_grant(qwf, items=["street", "gender"])
    args = ("--as-unit", "drc", "--grant", str(grant), "--purpose", PURPOSE)
    assert query("select gender, count(*) from shared.household_registration group by gender", *args)[0] == 0
    code, out = query("select ethnicity from shared.household_registration", *args)
    assert code != 0 and "授权范围以外的数据项" in out
    code, out = query("select count(*) from shared.household_registration where ethnicity = '汉族'", *args)
    assert code != 0 and "授权范围以外的数据项" in out  # a column read only in a filter is read too


def test_open_tables_are_free_but_audited_and_the_bureau_reads_for_supervision(qwf):
    assert query("select * from published.allowance_by_street", "--as-unit", "drc")[0] == 0
    assert query("select count(*) from shared.enterprise_registration", "--as-unit", "drc")[0] == 0  # unconditional
    assert query("select count(*) from shared.household_registration", "--as-unit", "psb")[0] == 0  # its own data
    code, out = query("select count(*) as n from central.person_profile")  # the bureau (default operator)
    assert code == 0, out
    logged = entries(qwf, "share.query")
    assert [(e.unit, e.grant_ref) for e in logged] == [("drc", None), ("drc", None), ("psb", None), ("bureau", None)]
    assert logged[0].detail and json.loads(logged[0].detail)["datasets"] == []
    assert "subsistence_allowance" in json.loads(logged[-1].detail)["restricted"] and logged[-1].row_count == 1
    assert query("explain select * from shared.household_registration", "--as-unit", "drc")[0] != 0


def test_tables_are_judged_by_the_lineage_sealed_into_the_file_queried(qwf, built):  # noqa: F811
    # A later build that failed may leave dbt's target manifest describing something else: the
    # guard reads the lineage the published file carries, so the grant still serves.
    from central.paths import target_dir

    manifest = target_dir(built) / "manifest.json"
    kept = manifest.read_bytes()
    manifest.write_text(json.dumps({"nodes": {}, "sources": {}}), encoding="utf-8")
    try:
        grant = central_grant(qwf)
        code, out = query(COUNT_HH, "--as-unit", "drc", "--grant", str(grant), "--purpose", PURPOSE)
        assert code == 0, out
        assert entries(qwf, "share.query")[-1].dataset == HH
    finally:
        manifest.write_bytes(kept)
