"""Problem-data tickets from the quality findings, and their verification after a fix (Art. 27).

One asset, after the rules: first it judges tickets resolved as fixed whose dataset was
collected again (verified closed, or reopened with the reason), then it files a ticket for
each new failing rule × dataset × batch. In that order, so a fix that did not hold reopens its
ticket instead of a second ticket being filed for the same failure.
No ``from __future__ import annotations`` here: Dagster reads the real type of ``context``.
"""

from collections.abc import Sequence

import dagster as dg
from dagster import AssetExecutionContext

from config.settings import Settings
from orchestration.resources import Warehouse
from workflow.context import open_workflow
from workflow.loop.findings import failing_findings
from workflow.loop.from_findings import file_findings
from workflow.loop.verify import Recheck, verify_fixed

TICKETS_KEY = dg.AssetKey(["workflow", "problem_tickets"])
FIXED_TICKETS_TAG = "dw/fixed_tickets"  # set by the fixed-ticket sensor: the tickets a run re-collects for


def quality_recheck(settings: Settings) -> Recheck | None:
    """The quality package's re-check against this warehouse; without it nothing is verified."""
    try:
        from expectations.recheck import recheck
    except ImportError:
        return None

    def rules_again(rule_id: str, dataset: str, lineage_keys: Sequence[str], /) -> set[str]:
        return set(recheck(rule_id, dataset, lineage_keys, settings))

    return rules_again


def build_loop_assets(upstream: Sequence[dg.AssetKey]) -> list[dg.AssetsDefinition]:
    @dg.asset(
        key=TICKETS_KEY,
        deps=list(upstream),
        group_name="problem_data",
        kinds={"sql"},
        description="问题数据工单 problem-data tickets: one per failing rule × dataset × batch; fixed ones verified or reopened",
    )
    def problem_tickets(context: AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        settings = warehouse.settings()
        rerun_of = {int(t) for t in context.run.tags.get(FIXED_TICKETS_TAG, "").split(",") if t.strip().isdigit()}
        recheck = quality_recheck(settings)
        wf = open_workflow(settings)
        try:
            if recheck is None:
                context.log.warning("未安装质量规则复核 expectations.recheck is not available: fixed tickets stay unverified")
                verdicts = []
            else:
                verdicts = verify_fixed(wf, settings.lake_dir, recheck, rerun_of=rerun_of)
            filed = file_findings(wf, failing_findings(settings.lake_dir))
        finally:
            wf.close()
        for line in filed.refused:
            context.log.warning(f"未能立单 not filed: {line}")
        by_state = {s: [v.ticket_id for v in verdicts if v.state == s] for s in ("verified", "reopened", "pending")}
        return dg.MaterializeResult(metadata={
            "opened": len(filed.opened), "already_ticketed": filed.already, "rows_renewed_on": filed.renewed,
            "refused": len(filed.refused), "verified": by_state["verified"], "reopened": by_state["reopened"],
            "awaiting_recollection": by_state["pending"], "rerun_for_tickets": sorted(rerun_of),
        })

    return [problem_tickets]
