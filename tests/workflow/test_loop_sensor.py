"""The fixed-ticket sensor (issue 9 item 5) on a real Dagster instance and the real workflow
store (SQLite and PostgreSQL): exactly one run per resolution as fixed, of the dataset's ingest
assets and the ticket asset, tagged with the ticket; nothing for other outcomes; the cursor
makes each fix trigger once."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import pytest
from loop_helpers import finding, write_findings
from tickets_helpers import PSB, act

from config.settings import Settings
from orchestration.definitions import build_definitions
from orchestration.loop_assets import FIXED_TICKETS_TAG, TICKETS_KEY
from orchestration.resources import Warehouse
from orchestration.run import dagster_instance
from workflow.context import Workflow
from workflow.loop.findings import failing_findings
from workflow.loop.from_findings import file_findings
from workflow.tickets import transitions as t

HH = "household_registration"


@pytest.fixture
def instance(settings: Settings) -> Iterator[dg.DagsterInstance]:
    with dagster_instance(settings) as real:
        yield real


def _tick(defs: dg.Definitions, instance: dg.DagsterInstance, settings: Settings, cursor: str | None):  # type: ignore[no-untyped-def]
    sensor = defs.resolve_sensor_def("fixed_ticket_sensor")
    context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs,
                                      resources={"warehouse": Warehouse(home=str(settings.home))})
    return sensor.evaluate_tick(context)


def _rule_tickets(wf: Workflow, settings: Settings, n: int) -> list[int]:
    batch = f"{HH}-3f2a9c0d1e2b4a5c"
    write_findings(settings.lake_dir, [finding(batch, [f"{batch}:{i}"], rule_id=f"rule_{i}") for i in range(1, n + 1)])
    ids = file_findings(wf, failing_findings(settings.lake_dir)).opened
    for ticket_id in ids:
        act(wf, t.accept, PSB, ticket_id)
    return ids


def test_one_run_per_ticket_resolved_as_fixed(wf: Workflow, settings: Settings, instance: dg.DagsterInstance) -> None:
    defs = build_definitions(wf.catalog, Warehouse(home=str(settings.home)))
    first, second, third = _rule_tickets(wf, settings, 3)

    quiet = _tick(defs, instance, settings, None)
    assert quiet.run_requests == []
    cursor = quiet.cursor

    act(wf, t.resolve, PSB, first, "fixed", "已更正并重新报送")
    act(wf, t.resolve, PSB, second, "confirmed_correct", "经核对数据无误")  # no fix, no re-ingestion
    act(wf, t.resolve, PSB, third, "fixed", "已更正并重新报送")
    tick = _tick(defs, instance, settings, cursor)
    assert [r.tags[FIXED_TICKETS_TAG] for r in tick.run_requests] == [str(first), str(third)]
    request = tick.run_requests[0]
    keys = {k.to_user_string() for k in request.asset_selection or []}
    assert {f"raw/{HH}", f"clean/{HH}", f"quarantine/{HH}", TICKETS_KEY.to_user_string()} <= keys
    assert not any("water_accounts" in k for k in keys)  # only the fixed ticket's dataset is collected again
    assert request.run_key and str(first) in request.run_key

    assert _tick(defs, instance, settings, tick.cursor).run_requests == []  # each fix triggers once
    assert len({r.run_key for r in tick.run_requests}) == 2


def test_a_ticket_fixed_again_after_reopening_triggers_again(wf: Workflow, settings: Settings,
                                                             instance: dg.DagsterInstance) -> None:
    defs = build_definitions(wf.catalog, Warehouse(home=str(settings.home)))
    (ticket,) = _rule_tickets(wf, settings, 1)
    act(wf, t.resolve, PSB, ticket, "fixed", "已更正")
    first = _tick(defs, instance, settings, None)
    assert len(first.run_requests) == 1
    with wf.store.write() as s:
        from workflow.loop.from_findings import quality_actor

        t.reopen(s, wf, quality_actor(s), ticket, batch_id=f"{HH}-3f2a9c0d1e2b4a5c", still_failing=[],
                 reason_zh="仍未通过", reason_en="still failing")
    act(wf, t.resolve, PSB, ticket, "fixed", "再次更正")
    second = _tick(defs, instance, settings, first.cursor)
    assert len(second.run_requests) == 1 and second.run_requests[0].run_key != first.run_requests[0].run_key


def test_a_new_findings_version_requests_a_tickets_run_once(wf: Workflow, settings: Settings,
                                                            instance: dg.DagsterInstance) -> None:
    defs = build_definitions(wf.catalog, Warehouse(home=str(settings.home)))
    sensor = defs.resolve_sensor_def("findings_sensor")

    def tick(cursor: str | None):  # type: ignore[no-untyped-def]
        context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs,
                                          resources={"warehouse": Warehouse(home=str(settings.home))})
        return sensor.evaluate_tick(context)

    assert tick(None).run_requests == []  # no findings table yet
    batch = f"{HH}-3f2a9c0d1e2b4a5c"
    write_findings(settings.lake_dir, [finding(batch, [f"{batch}:1", f"{batch}:2"])])
    first = tick(None)
    assert [r.run_key for r in first.run_requests] == ["findings-v0"]
    assert tick(first.cursor).run_requests == []

    # The requested run: the ticket asset alone, nothing upstream that a failed check could block.
    job = defs.resolve_job_def("file_problem_tickets")
    result = job.execute_in_process(instance=instance, run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
    assert result.success
    (materialised,) = result.asset_materializations_for_node("workflow__problem_tickets")
    assert materialised.metadata["opened"].value == 1
    with wf.store.read() as s:
        from sqlalchemy import select

        from workflow.store.tables import Ticket

        (ticket,) = s.scalars(select(Ticket))
    assert ticket.rows == [f"{batch}:1", f"{batch}:2"] and ticket.reporter == "bureau"
    again = job.execute_in_process(instance=instance, run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
    assert again.asset_materializations_for_node("workflow__problem_tickets")[0].metadata["opened"].value == 0


def test_dw_run_files_tickets_even_when_the_ticket_step_did_not_run(wf: Workflow, settings: Settings,
                                                                    instance: dg.DagsterInstance) -> None:
    from orchestration.ingest_assets import clean_key, quarantine_key, raw_key
    from orchestration.loop_assets import file_tickets_if_blocked

    defs = build_definitions(wf.catalog, Warehouse(home=str(settings.home)))
    batch = f"{HH}-3f2a9c0d1e2b4a5c"
    write_findings(settings.lake_dir, [finding(batch, [f"{batch}:5"])])
    # A run in which the ticket asset did not materialise (as when a blocking check failed upstream).
    partial = defs.resolve_job_def("recollect_fixed").execute_in_process(
        instance=instance, asset_selection=[raw_key(HH), clean_key(HH), quarantine_key(HH)], raise_on_error=False)
    assert file_tickets_if_blocked(defs, instance, partial)
    with wf.store.read() as s:
        from sqlalchemy import func, select

        from workflow.store.tables import Ticket

        assert s.scalar(select(func.count()).select_from(Ticket)) == 1
