"""The whole loop on the demo district (issue 9: "an injected fault of the demo district becomes
exactly one ticket, and fixing the source file and re-running closes it"), on SQLite and
PostgreSQL, with the real pieces: the demo generator, ingestion, the quality checks and their
findings table, the ticket asset, the fixed-ticket sensor on a real Dagster instance, and the
quality package's recheck.

The fault: the water company's file names the wrong account holder on a few rows
(``name_mismatch``, 户主姓名与户籍不符), which the cross-source rule against psb's registry
finds. The provider fixes three of the rows first (the ticket reopens with the one left), then
the last (the ticket is verified closed).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import select
from tickets_helpers import act

from config.settings import Settings, load_settings
from demo.generate import generate_district
from expectations.report.build import build_report
from orchestration.definitions import build_definitions
from orchestration.loop_sensor import recollection_selection
from orchestration.resources import Warehouse
from orchestration.run import dagster_instance
from workflow.actors import Actor, Channel, Role
from workflow.context import Workflow, open_workflow
from workflow.loop.tally import report_tally
from workflow.store.tables import Ticket
from workflow.tickets import transitions as t
from workflow.tickets.queries import get_ticket, history

RULE = "water_accounts.holder_name.agrees_with_household_registration"
WATER = Actor("water", Role.provider, "water-billing", Channel.api)
BUREAU = Actor("bureau", Role.bureau, "bureau-ops", Channel.api)
QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


@pytest.fixture
def district(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Settings, Workflow, dict]]:
    monkeypatch.setenv("DW_TODAY", "2026-11-25")  # the day after the demo's files are dated
    moved = load_settings(settings.home)
    manifest = generate_district(1000, 7, moved.landing_dir)
    wf = open_workflow(moved)
    yield moved, wf, manifest
    wf.close()


def _run(defs: dg.Definitions, instance: dg.DagsterInstance, keys: list[dg.AssetKey], tags: dict | None = None) -> None:
    job = defs.resolve_job_def("recollect_fixed")
    job.execute_in_process(instance=instance, asset_selection=keys, tags=tags or {}, run_config=QUIET, raise_on_error=False)


def _tickets(wf: Workflow) -> list[Ticket]:
    with wf.store.read() as s:
        return list(s.scalars(select(Ticket).order_by(Ticket.id)))


def _fix_holder_names(landing: Path, row_numbers: list[int]) -> None:
    """What the water company does: copy the registered name of each account holder from psb."""
    hukou = (landing / "psb" / "hukou_20261124.csv").read_bytes().decode("gb18030")
    registered = {r["公民身份号码"].strip().upper(): r["姓名"].strip() for r in csv.DictReader(io.StringIO(hukou))}
    path = landing / "water" / "yongshui_20261124.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    holder, name = header.index("户主证件号码"), header.index("户主姓名")
    for n in row_numbers:
        rows[n][name] = registered[rows[n][holder].strip().upper()]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _fix_through_the_sensor(defs: dg.Definitions, instance: dg.DagsterInstance, settings: Settings, cursor: str | None,
                            ticket_id: int) -> str:
    sensor = defs.resolve_sensor_def("fixed_ticket_sensor")
    tick = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs,
                                                        resources={"warehouse": Warehouse(home=str(settings.home))}))
    (request,) = tick.run_requests  # exactly one run for the one fix
    assert request.tags["dw/fixed_tickets"] == str(ticket_id)
    _run(defs, instance, list(request.asset_selection or []), dict(request.tags))
    assert tick.cursor is not None
    return tick.cursor


def test_an_injected_fault_becomes_one_ticket_and_fixing_the_file_closes_it(district) -> None:  # type: ignore[no-untyped-def]
    settings, wf, manifest = district
    injected = manifest["datasets"]["water_accounts"]["faults"]["accepted"]["name_mismatch"]["count"]
    assert injected >= 2
    defs = build_definitions(wf.catalog, Warehouse(home=str(settings.home)))
    both = sorted({*recollection_selection("water_accounts", list(defs.assets or [])),  # type: ignore[arg-type]
                   *recollection_selection("household_registration", list(defs.assets or []))}, key=str)
    with dagster_instance(settings) as instance:
        _run(defs, instance, both)
        ours = [x for x in _tickets(wf) if x.rule_id == RULE]
        assert len(ours) == 1  # one ticket for the rule x dataset x batch, never one per row
        (ticket,) = ours
        assert (ticket.row_count, ticket.provider, ticket.reporter, ticket.state) == (injected, "water", "bureau", "reported")
        before = len(_tickets(wf))
        # The officers' report shows the provider's open ticket (Art. 27: tickets per provider).
        html = build_report(wf.catalog, settings, report_tally(settings), refresh=False).read_text(encoding="utf-8")
        section = html[html.index("<section id='tickets'>"):]
        assert "(water)" in section and "not supplied" not in section

        _run(defs, instance, both)  # the same failure seen again: nothing new
        assert len(_tickets(wf)) == before

        # The water company fixes all but one row, re-delivers, and resolves the ticket as fixed.
        rows = sorted(int(k.rsplit(":", 1)[1]) for k in ticket.rows)
        act(wf, t.accept, WATER, ticket.id)
        _fix_holder_names(settings.landing_dir, rows[:-1])
        act(wf, t.resolve, WATER, ticket.id, "fixed", "已按户籍更正户主姓名并重新报送")
        cursor = _fix_through_the_sensor(defs, instance, settings, None, ticket.id)
        with wf.store.read() as s:
            reopened = get_ticket(s, BUREAU, ticket.id)
        assert reopened.state == "reopened" and reopened.row_count == 1
        assert "still fail" in (reopened.verification_note or "")
        assert len(_tickets(wf)) == before  # the fault still there is not filed a second time

        # The last row fixed: verified closed.
        act(wf, t.resolve, WATER, ticket.id, "fixed", "已更正最后一行")
        _fix_holder_names(settings.landing_dir, rows[-1:])
        _fix_through_the_sensor(defs, instance, settings, cursor, ticket.id)
        with wf.store.read() as s:
            closed = get_ticket(s, BUREAU, ticket.id)
            actions = [e.action for e in history(s, closed)]
            assert wf.audit.verify(s).ok
        assert closed.state == "verified"
        assert actions.count("ticket.reopened") == 1 and actions[-1] == "ticket.verified"
        assert len(_tickets(wf)) == before
        assert [x.id for x in _tickets(wf) if x.rule_id == RULE] == [ticket.id]
        print(json.dumps({"injected": injected, "tickets": before}))
