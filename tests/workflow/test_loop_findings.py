"""Automatic tickets from failing quality rules (issue 9 item 4), on SQLite and PostgreSQL:
one ticket per rule × dataset × batch listing all its rows, never one per row, never a second
one when the same failure is seen again, also when two runs file at the same moment."""

from __future__ import annotations

import threading

from loop_helpers import HH, finding, write_findings
from sqlalchemy import func, select

from config.settings import Settings
from workflow.actors import Channel
from workflow.context import Workflow, open_workflow
from workflow.loop.findings import failing_findings
from workflow.loop.from_findings import QUALITY_ACCOUNT, Filed, file_findings
from workflow.store.tables import AuditEntry, Ticket

BATCH = f"{HH}-3f2a9c0d1e2b4a5c"
ROWS = [f"{BATCH}:{n}" for n in range(1, 40)]


def _tickets(wf: Workflow) -> list[Ticket]:
    with wf.store.read() as s:
        return list(s.scalars(select(Ticket).order_by(Ticket.id)))


def _reported_entries(wf: Workflow) -> int:
    with wf.store.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "ticket.reported")) or 0


def test_one_ticket_per_finding_listing_its_rows(wf: Workflow, settings: Settings) -> None:
    write_findings(settings.lake_dir, [finding(BATCH, ROWS), finding(BATCH, ROWS[:3], rule_id="hukou_street_known")])
    filed = file_findings(wf, failing_findings(settings.lake_dir))
    assert len(filed.opened) == 2 and filed.refused == []
    first, second = _tickets(wf)
    assert (first.rule_id, first.row_count, first.rows, first.batch_id) == ("hukou_registration_date_present", 39, ROWS, BATCH)
    assert second.row_count == 3  # one ticket per rule × dataset × batch, never one per row
    assert first.reporter == "bureau" and first.provider == "psb" and first.channel == Channel.system.value
    assert first.reported_by == QUALITY_ACCOUNT and first.kind == "error" and first.state == "reported"
    assert "登记日期不得为空" in first.description and "registration date present" in first.description
    assert str(first.due_on) == "2026-10-10"  # 5 working days after 2026-09-28: the National Day week, a make-up Saturday


def test_the_same_failure_seen_again_files_nothing(wf: Workflow, settings: Settings) -> None:
    write_findings(settings.lake_dir, [finding(BATCH, ROWS)])
    assert len(file_findings(wf, failing_findings(settings.lake_dir)).opened) == 1
    write_findings(settings.lake_dir, [finding(BATCH, ROWS)])  # the next run writes the finding again
    again = file_findings(wf, failing_findings(settings.lake_dir))
    assert again.opened == [] and again.already == 2
    assert len(_tickets(wf)) == 1 and _reported_entries(wf) == 1


def test_responsible_unit_is_the_findings_provider(wf: Workflow, settings: Settings) -> None:
    # A cross-source rule: the water account's holder name disagrees with psb; water must fix it.
    batch = "water_accounts-00aa11bb22cc33dd"
    write_findings(settings.lake_dir, [finding(batch, [f"{batch}:7"], rule_id="water_holder_name_matches_psb",
                                               dataset="water_accounts", provider="water")])
    file_findings(wf, failing_findings(settings.lake_dir))
    (ticket,) = _tickets(wf)
    assert ticket.provider == "water" and ticket.dataset == "water_accounts"


def test_info_and_passing_findings_are_not_problem_data(wf: Workflow, settings: Settings) -> None:
    passing = finding(BATCH, [], rule_id="passes") | {"failing_rows": 0}
    write_findings(settings.lake_dir, [passing, finding(BATCH, ROWS[:1], rule_id="a_remark", severity="info")])
    assert file_findings(wf, failing_findings(settings.lake_dir)) == Filed()
    assert _tickets(wf) == []


def test_a_finding_id_with_a_long_digit_run_is_not_mistaken_for_an_id_number(wf: Workflow, settings: Settings) -> None:
    write_findings(settings.lake_dir, [finding(BATCH, ROWS[:2], finding_id="a" + "1" * 13 + "b" * 10)])
    assert len(file_findings(wf, failing_findings(settings.lake_dir)).opened) == 1
    with wf.store.snapshot() as s:
        assert wf.audit.verify(s).ok


def test_a_finding_that_cannot_be_filed_is_reported_and_the_others_are_filed(wf: Workflow, settings: Settings) -> None:
    bad = finding("no_such_dataset-00aa11bb22cc33dd", ["no_such_dataset-00aa11bb22cc33dd:1"], dataset="no_such_dataset")
    write_findings(settings.lake_dir, [bad, finding(BATCH, ROWS)])
    filed = file_findings(wf, failing_findings(settings.lake_dir))
    assert len(filed.opened) == 1 and len(filed.refused) == 1
    assert "not in the catalog" in filed.refused[0] and "目录中无此数据集" in filed.refused[0]


def test_two_runs_filing_at_once_make_one_ticket_per_finding(wf: Workflow, settings: Settings) -> None:
    batches = [f"{HH}-{n:016x}" for n in range(1, 6)]
    write_findings(settings.lake_dir, [finding(b, [f"{b}:{r}" for r in range(1, 9)]) for b in batches])
    findings = failing_findings(settings.lake_dir)
    runs = [open_workflow(settings) for _ in range(3)]  # three separate connection pools, like three processes
    barrier = threading.Barrier(len(runs))
    results: list[Filed] = []
    errors: list[BaseException] = []

    def run(other: Workflow) -> None:
        barrier.wait()
        try:
            results.append(file_findings(other, findings))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in runs:
        r.close()
    assert errors == []
    assert sum(len(r.opened) for r in results) == 5 and sum(r.already for r in results) == 10
    assert sorted(t.batch_id or "" for t in _tickets(wf)) == batches and _reported_entries(wf) == 5
    with wf.store.snapshot() as s:
        assert wf.audit.verify(s).ok


def test_dw_loop_run_and_tally(settings: Settings) -> None:
    import json

    from typer.testing import CliRunner

    from dw.cli import app

    write_findings(settings.lake_dir, [finding(BATCH, ROWS)])
    first = CliRunner().invoke(app, ["loop", "run", "--json"])
    assert first.exit_code == 0, first.output
    assert len(json.loads(first.output)["opened"]) == 1
    again = json.loads(CliRunner().invoke(app, ["loop", "run", "--json"]).output)
    assert again["opened"] == [] and again["already_ticketed"] == 1
    tally = json.loads(CliRunner().invoke(app, ["loop", "tally", "--json"]).output)
    assert [(r["provider"], r["open"], r["overdue"], r["closed"]) for r in tally] == [("psb", 1, 0, 0)]
    shown = CliRunner().invoke(app, ["loop", "tally"]).output
    assert "psb" in shown and "公安" in shown
