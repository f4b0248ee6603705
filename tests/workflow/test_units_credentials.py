"""Units from the catalog and configuration; tokens stored hashed, revocable, expiring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from catalog.validate import load_catalog
from config.settings import PACKAGED_UNITS, Settings
from workflow import credentials
from workflow.actors import Channel, Role
from workflow.context import Workflow, open_workflow
from workflow.errors import Refusal, WorkflowError
from workflow.store.tables import AuditEntry, Unit
from workflow.units import UnitsInvalid, all_units, configured_units, operator


def test_units_are_providers_consumers_and_one_bureau(wf: Workflow) -> None:
    with wf.store.read() as s:
        units = {u.code: u.role for u in all_units(s)}
    assert units["bureau"] == "bureau"
    assert {c for c, r in units.items() if r == "provider"} == set(wf.catalog.providers)
    assert units["service_center"] == "consumer"


def test_sync_is_idempotent(wf: Workflow, settings: Settings) -> None:
    with wf.store.read() as s:
        before = wf.audit.head(s)[0]
    open_workflow(settings).close()
    with wf.store.read() as s:
        assert wf.audit.head(s)[0] == before


def test_a_unit_removed_from_configuration_is_deactivated_not_deleted(wf: Workflow, settings: Settings, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    trimmed = tmp_path / "units.yaml"
    trimmed.write_text(PACKAGED_UNITS.read_text(encoding="utf-8").split("  - code: gulou_street")[0], encoding="utf-8")
    monkeypatch.setenv("DW_UNITS", str(trimmed))
    from config.settings import load_settings

    again = open_workflow(load_settings(settings.home))
    with again.store.read() as s:
        assert s.get(Unit, "gulou_street").active is False  # type: ignore[union-attr]
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.subject == "unit:gulou_street"))]
    assert actions == ["unit.registered", "unit.deactivated"]
    again.close()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("units:\n  - {code: psb, name: 重名单位, name_en: clash, role: consumer}\n"
         "  - {code: bureau, name: 大数据局, name_en: bureau, role: bureau}\n", "psb"),
        ("units:\n  - {code: a_unit, name: 某单位, name_en: a unit, role: consumer}\n", "bureau"),
        ("units:\n  - {code: bureau, name: 大数据局, name_en: bureau, role: bureau}\n"
         "  - {code: x_unit, name: 某单位, name_en: x unit, role: provider}\n", "catalog"),
    ],
)
def test_a_wrong_units_file_is_one_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UnitsInvalid) as caught:
        configured_units(path, load_catalog(Path(__file__).resolve().parents[2] / "catalog" / "providers"))
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_a_token_authenticates_its_unit_and_is_stored_only_hashed(wf: Workflow) -> None:
    with wf.store.write() as s:
        issued = credentials.issue(s, wf.audit, operator(s, None, "ops"), "water", "供水营业系统 billing system")
    with wf.store.read() as s:
        actor = credentials.authenticate(s, issued.token, wf.today())
    assert (actor.unit, actor.role, actor.channel) == ("water", Role.provider, Channel.api)
    assert actor.name == "供水营业系统 billing system"
    with wf.store.engine.connect() as conn:
        for table in ("credentials", "audit_entries", "logins"):
            dump = " ".join(str(v) for row in conn.execute(text(f"SELECT * FROM {table}")) for v in row)
            assert issued.token not in dump and issued.token[12:] not in dump


def test_revoked_expired_unknown_and_forged_tokens_are_refused_alike(wf: Workflow) -> None:
    with wf.store.write() as s:
        ops = operator(s, None, "ops")
        revoked = credentials.issue(s, wf.audit, ops, "psb", "户籍系统")
        expired = credentials.issue(s, wf.audit, ops, "psb", "旧系统", expires_on=date(2026, 9, 27))
        live = credentials.issue(s, wf.audit, ops, "psb", "新系统", expires_on=date(2026, 9, 28))
        credentials.revoke(s, wf.audit, ops, revoked.credential.id)
    refused = []
    with wf.store.read() as s:
        assert credentials.authenticate(s, live.token, wf.today()).unit == "psb"  # valid through its last day
        for token in (revoked.token, expired.token, "dwt_" + "x" * 43, live.token + "x", ""):
            with pytest.raises(WorkflowError) as caught:
                credentials.authenticate(s, token, wf.today())
            refused.append((caught.value.kind, caught.value.en))
    assert len(set(refused)) == 1 and refused[0][0] is Refusal.unauthenticated


def test_a_login_lives_while_its_credential_does(wf: Workflow) -> None:
    with wf.store.write() as s:
        issued = credentials.issue(s, wf.audit, operator(s, None, "ops"), "service_center", "窗口受理")
    with wf.store.write() as s:
        actor = credentials.authenticate(s, issued.token, wf.today(), Channel.web)
        cookie = credentials.open_login(s, wf.audit, actor)
    with wf.store.read() as s:
        assert credentials.authenticate_login(s, cookie, wf.today()).unit == "service_center"
    with wf.store.write() as s:
        credentials.revoke(s, wf.audit, operator(s, None, "ops"), issued.credential.id)
    with wf.store.read() as s, pytest.raises(WorkflowError):
        credentials.authenticate_login(s, cookie, wf.today())


def test_a_credential_label_with_personal_data_is_refused(wf: Workflow) -> None:
    with pytest.raises(WorkflowError) as caught, wf.store.write() as s:
        credentials.issue(s, wf.audit, operator(s, None, "ops"), "psb", "联系人 13857461234")
    assert caught.value.code == "personal_data" and "13857461234" not in str(caught.value)


def test_tokens_for_unknown_units_are_refused(wf: Workflow) -> None:
    with pytest.raises(WorkflowError) as caught, wf.store.write() as s:
        credentials.issue(s, wf.audit, operator(s, None, "ops"), "nobody", "x系统")
    assert caught.value.kind is Refusal.not_found
