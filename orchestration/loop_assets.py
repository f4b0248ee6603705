"""Problem-data tickets from the quality findings, and their verification after a fix (Art. 27).

One asset, after the rules: it judges tickets resolved as fixed whose dataset was collected
again (verified closed, or reopened with the reason), then files a ticket for each new failing
rule × dataset × batch (``workflow.loop.cycle``).
No ``from __future__ import annotations`` here: Dagster reads the real type of ``context``.
"""

from collections.abc import Sequence

import dagster as dg
from dagster import AssetExecutionContext

from orchestration.resources import Warehouse
from workflow.context import open_workflow
from workflow.loop.cycle import close_the_loop, quality_recheck

TICKETS_KEY = dg.AssetKey(["workflow", "problem_tickets"])
TICKET_NODE = "workflow__problem_tickets"  # the asset's step in a run
FIXED_TICKETS_TAG = "dw/fixed_tickets"  # set by the fixed-ticket sensor: the tickets a run re-collects for


def build_loop_assets(upstream: Sequence[dg.AssetKey]) -> list[dg.AssetsDefinition]:
    @dg.asset(
        key=TICKETS_KEY,
        deps=list(upstream),
        group_name="problem_data",
        kinds={"sql"},
        # Last among the steps ready at the same time: the quality checks that write the findings
        # are not blocking, so nothing else orders this asset after them.
        op_tags={"dagster/priority": "-10"},
        description="问题数据工单 problem-data tickets: one per failing rule × dataset × batch; fixed ones verified or reopened",
    )
    def problem_tickets(context: AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        settings = warehouse.settings()
        rerun_of = {int(t) for t in context.run.tags.get(FIXED_TICKETS_TAG, "").split(",") if t.strip().isdigit()}
        wf = open_workflow(settings)
        try:
            done = close_the_loop(wf, quality_recheck(settings), rerun_of=rerun_of)
        finally:
            wf.close()
        if not done.can_verify:
            context.log.warning("未安装质量规则复核 expectations.recheck is not available: fixed tickets stay unverified")
        for line in done.filed.refused:
            context.log.warning(f"未能立单 not filed: {line}")
        return dg.MaterializeResult(metadata={
            "opened": len(done.filed.opened), "already_ticketed": done.filed.already, "rows_renewed_on": done.filed.renewed,
            "refused": len(done.filed.refused), "verified": done.ids("verified"), "reopened": done.ids("reopened"),
            "awaiting_recollection": done.ids("pending"), "rerun_for_tickets": sorted(rerun_of),
        })

    return [problem_tickets]


def file_tickets_if_blocked(defs: dg.Definitions, instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> bool:
    """After an in-process main job: if a failed blocking check kept the ticket asset from running,
    run it alone (what ``findings_sensor`` does under the daemon). Returns whether it ran."""
    if result.asset_materializations_for_node(TICKET_NODE):
        return False
    job = defs.resolve_job_def("file_problem_tickets")
    return job.execute_in_process(instance=instance, raise_on_error=False,
                                  run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}).success
