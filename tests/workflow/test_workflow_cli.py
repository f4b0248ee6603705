"""`dw deadline`, `dw ticket …`, `dw unit token …`, `dw audit …` end to end through the real CLI,
on both databases; refusals are one line and exit 2, never a traceback."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from config.settings import Settings
from dw.cli import app

BATCH = "household_registration-3f2a9c0d1e2b4a5c"


def dw(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_deadline_prints_the_statutory_due_date(home: Settings) -> None:
    code, out = dw("deadline", "--from", "2026-09-30", "--working-days", "5")
    assert code == 0 and "2026-10-13" in out and "星期二" in out and "warning" not in out


def test_deadline_into_an_undescribed_year_warns(home: Settings) -> None:
    code, out = dw("deadline", "--from", "2026-12-28", "--working-days", "5", "--json")
    data = json.loads(out)
    assert code == 0 and data["due"] == "2027-01-05" and data["estimated"] and data["estimated_years"] == [2027]
    code, out = dw("deadline", "--from", "2026-12-28", "--working-days", "5")
    assert "2027: 未配置 not described" in out and "估算" in out and "estimated" in out


def test_deadline_uses_a_year_the_bureau_added(home: Settings, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cal"
    folder.mkdir()
    (folder / "2027.yaml").write_text("year: 2027\nnotice: 测试用日程 test schedule\nholidays:\n"
                                      "  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\n", encoding="utf-8")
    monkeypatch.setenv("DW_CALENDAR", str(folder))
    code, out = dw("deadline", "--from", "2026-12-28", "--working-days", "5", "--json")
    assert json.loads(out)["estimated"] is False
    code, out = dw("calendar", "check")
    assert code == 0 and "2027: 测试用日程" in out
    (folder / "2027.yaml").write_text("year: 2027\nnotice: 测试用日程\nholidays: []\n", encoding="utf-8")
    code, out = dw("deadline", "--from", "2026-12-28", "--working-days", "5")
    assert code == 2 and "2027.yaml" in out and len(out.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [("--from", "2026-02-30", "--working-days", "5"), ("--from", "2026-02-03", "--working-days", "0")])
def test_deadline_bad_input(home: Settings, args: tuple[str, ...]) -> None:
    code, out = dw("deadline", *args)
    assert code == 2 and "error" in out.lower()


def test_tickets_through_the_cli(settings: Settings) -> None:
    code, out = dw("ticket", "report", "--dataset", "household_registration", "--kind", "error", "--row", f"{BATCH}:17",
                   "--field", "birth_date", "--description", "出生日期晚于登记日期", "--as-unit", "service_center", "--actor", "clerk-01")
    assert code == 0 and "#1" in out and "2026-10-10" in out
    code, out = dw("ticket", "accept", "1", "--as-unit", "water")
    assert code == 2 and "visible to your unit" in out and len(out.strip().splitlines()) == 1
    assert dw("ticket", "accept", "1", "--as-unit", "psb")[0] == 0
    code, out = dw("ticket", "resolve", "1", "--outcome", "fixed", "--note", "已修正", "--as-unit", "psb", "--version", "1")
    assert code == 2 and "version 2" in out
    assert dw("ticket", "resolve", "1", "--outcome", "confirmed_correct", "--note", "经核对无误", "--as-unit", "psb")[0] == 0
    code, out = dw("ticket", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["state"] == "resolved" and [h["action"] for h in shown["history"]] == [
        "ticket.reported", "ticket.accepted", "ticket.resolved"]
    assert shown["history"][0]["actor"] == "clerk-01" and shown["history"][0]["channel"] == "cli"
    code, out = dw("ticket", "list", "--as-unit", "water")
    assert code == 0 and "no tickets" in out


def test_personal_values_are_refused_and_not_echoed(settings: Settings) -> None:
    code, out = dw("ticket", "report", "--dataset", "household_registration", "--kind", "error",
                   "--description", "身份证 330203199001011235 错误")
    assert code == 2 and "330203199001011235" not in out and "personal data" in out
    code, out = dw("ticket", "report", "--dataset", "household_registration", "--kind", "error", "--row", "330203199001011235")
    assert code == 2 and "330203199001011235" not in out and "lineage key" in out


def test_overdue_lists_per_provider(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    dw("ticket", "report", "--dataset", "water_accounts", "--kind", "omission", "--description", "部分用水户缺失")
    monkeypatch.setenv("DW_TODAY", "2026-10-12")
    code, out = dw("ticket", "overdue")
    assert code == 0 and "(water): 1" in out and "逾期 2 天 days（1 个工作日 working days）" in out


def test_tokens_and_audit_through_the_cli(settings: Settings, database_url: str) -> None:
    code, out = dw("unit", "token", "issue", "psb", "--label", "户籍系统接口")
    token = out.strip().splitlines()[-1]
    assert code == 0 and token.startswith("dwt_")
    code, out = dw("unit", "token", "list")
    assert "psb" in out and token not in out and "valid" in out
    assert dw("unit", "token", "revoke", "1")[0] == 0
    assert "revoked" in dw("unit", "token", "list")[1]
    code, anchor = dw("audit", "head")
    code, out = dw("audit", "verify", "--anchor", anchor.strip())
    assert code == 0 and "intact" in out
    engine = create_engine(database_url)
    with engine.begin() as conn:
        seq = conn.execute(text("SELECT max(seq) FROM audit_entries WHERE action = 'credential.issued'")).scalar()
        conn.execute(text("UPDATE audit_entries SET detail = '{}' WHERE seq = :s"), {"s": seq})
    engine.dispose()
    code, out = dw("audit", "verify")
    assert code == 1 and f"entry #{seq}" in out


def test_db_upgrade_and_unit_list(settings: Settings) -> None:
    from workflow.store.migrate import head

    code, out = dw("db", "upgrade")
    assert code == 0 and head() in out  # whichever migration is the newest
    code, out = dw("unit", "list")
    assert "bureau" in out and "psb" in out and "service_center" in out
