"""Sharing in the audit log (Art. 20, 31, 33): every decision, grant and read is an entry naming
who, which unit, grant and purpose, what and how many rows; tampering with those entries is
found by `dw audit verify` on both databases. (The chain itself is tested in tests/workflow.)"""

from __future__ import annotations

import json

import pytest
from share_helpers import CENTER, ENT, HH, PURPOSE, granted
from share_lake import Lake
from sqlalchemy import select, text
from typer.testing import CliRunner

from dw.cli import app
from sharing import interface
from sharing.limits import Guards
from sharing.source import ReleaseReader
from workflow.context import Workflow
from workflow.store.tables import AuditEntry


def _reads(wf: Workflow, lake: Lake, n: int) -> int:
    grant = granted(wf, HH, CENTER)
    reader, guards = ReleaseReader(wf.settings), Guards(600, 1000, b"salt")
    for key in lake.keys[HH][:n]:
        interface.lookup(wf, reader, guards, CENTER, HH, grant, PURPOSE, key)
    return grant


def _entries(wf: Workflow, action: str) -> list[AuditEntry]:
    with wf.store.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)))


def _verify_cli() -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify"])
    return result.exit_code, result.output


def test_every_step_of_sharing_is_an_entry_with_who_grant_purpose_and_rows(swf: Workflow, lake: Lake) -> None:
    grant = _reads(swf, lake, 3)
    granted(swf, ENT, CENTER)
    with swf.store.read() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.action.like("share.%")).order_by(AuditEntry.seq))]
    assert actions[:8] == ["share.applied", "share.consent_requested", "share.consented", "share.granted",
                           "share.lookup", "share.lookup", "share.lookup", "share.applied"]
    reads = _entries(swf, "share.lookup")
    assert {(e.unit, e.actor, e.channel, e.grant_ref, e.purpose, e.row_count, e.dataset) for e in reads} == {
        ("service_center", "window-system", "api", str(grant), PURPOSE, 1, HH)}
    assert all(e.at and json.loads(e.detail)["fields"] for e in reads)


@pytest.mark.parametrize("tamper", ["modify", "delete", "insert", "reorder"])
def test_tampering_with_a_read_entry_is_named(swf: Workflow, lake: Lake, tamper: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DW_DATABASE_URL", swf.settings.database_url)
    _reads(swf, lake, 4)
    assert _verify_cli()[0] == 0
    a, b = (e.seq for e in _entries(swf, "share.lookup")[1:3])
    statements = {
        "modify": [f"UPDATE audit_entries SET row_count = 0 WHERE seq = {a}"],  # hide that a record was read
        "delete": [f"DELETE FROM audit_entries WHERE seq = {a}"],
        "insert": [f"UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= {a}",
                   f"UPDATE audit_entries SET seq = seq - 999 WHERE seq >= {a + 1000}",
                   "INSERT INTO audit_entries (seq, at, unit, actor, channel, action, subject, detail, prev_mac, mac) "
                   f"SELECT {a}, at, unit, actor, channel, 'share.lookup', subject, detail, prev_mac, mac FROM audit_entries WHERE seq = {a + 1}"],
        "reorder": [f"UPDATE audit_entries SET seq = -1 WHERE seq = {a}", f"UPDATE audit_entries SET seq = {a} WHERE seq = {b}",
                    f"UPDATE audit_entries SET seq = {b} WHERE seq = -1"],
    }[tamper]
    with swf.store.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    code, output = _verify_cli()
    assert code == 1 and f"#{a}" in output, output
