"""`dw share` and `dw exchange` as an operator uses them: one line per refusal, the overdue list
per provider, an export traced back from a trimmed CSV copy."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from share_lake import PSEUDONYM_KEY, Lake
from typer.testing import CliRunner

from config.settings import Settings
from dw.cli import app

PURPOSE = "核验用水户信息，办理水费减免"


@pytest.fixture
def cli(settings: Settings, lake: Lake, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DW_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DW_LAKE", str(lake.path))
    monkeypatch.setenv("DW_PSEUDONYM_KEY", PSEUDONYM_KEY)
    monkeypatch.setenv("DW_OPERATOR", "ops-li")
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result.output

    return run


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_application_workflow_and_an_exchange_at_the_command_line(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("share", "apply", "--as-unit", "drc", "--dataset", "water_accounts", "--mode", "exchange", "--purpose", PURPOSE,
              "--process", "受理减免申请→核验用水户→审批", "--scenario", "水费减免审批")
    assert "#1" in out and "待审核" in out
    assert "5个工作日" in cli("share", "review", "1")
    refused = cli("share", "refuse", "1", "--as-unit", "water", "--basis-kind", "rule", "--basis", "内部规定", code=2)
    assert refused.count("\n") == 1 and "legal basis" in refused
    monkeypatch.setenv("DW_TODAY", "2026-10-20")
    overdue = cli("share", "list", "--overdue")
    assert "water" in overdue and "逾期 overdue" in overdue
    cli("share", "consent", "1", "--as-unit", "water")
    grants = json.loads(cli("share", "grant", "list", "--json"))
    assert [(g["id"], g["state"], g["unit"], g["release_class"]) for g in grants] == [(1, "live", "drc", "restricted")]

    exported = cli("exchange", "export", "--grant", "1", "--out", str(tmp_path / "out"))
    assert "60 行 rows" in exported
    (package,) = (tmp_path / "out").iterdir()
    copy = tmp_path / "copy.csv"
    pl.read_csv(package / "water_accounts.csv", infer_schema=False).select("contact_mobile").reverse().write_csv(copy)
    traced = cli("exchange", "trace", str(copy))
    assert "grant 1" in traced and "drc" in traced and PURPOSE in traced
    assert "audit log intact" in cli("audit", "verify")
