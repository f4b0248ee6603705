"""One pass of the loop, the same from the Dagster asset and from ``dw loop run``: first judge
the fixed tickets whose data was collected again, then file the findings that have no ticket.

In that order, so that a fix which did not hold reopens its own ticket, and the same failure
found again on the re-collected batch joins it instead of being filed a second time.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from config.settings import Settings
from workflow.context import Workflow
from workflow.loop.deliveries import Deliveries
from workflow.loop.findings import failing_findings
from workflow.loop.from_findings import Filed, file_findings
from workflow.loop.verify import Recheck, Verdict, verify_fixed


@dataclass
class LoopPass:
    filed: Filed
    verdicts: list[Verdict] = field(default_factory=list)
    can_verify: bool = True  # False: the quality package's recheck is not installed

    def ids(self, state: str) -> list[int]:
        return [v.ticket_id for v in self.verdicts if v.state == state]


def quality_recheck(settings: Settings) -> Recheck | None:
    """The quality package's re-check against this warehouse; without it nothing is verified."""
    try:
        from expectations.recheck import recheck
    except ImportError:
        return None

    def rules_again(rule_id: str, dataset: str, lineage_keys: Sequence[str], /) -> set[str]:
        return set(recheck(rule_id, dataset, lineage_keys, settings))

    return rules_again


def close_the_loop(wf: Workflow, recheck: Recheck | None, *, rerun_of: Collection[int] = ()) -> LoopPass:
    lake = wf.settings.lake_dir
    verdicts = verify_fixed(wf, lake, recheck, rerun_of=rerun_of) if recheck is not None else []
    filed = file_findings(wf, failing_findings(lake), Deliveries.read(lake, wf.catalog))
    return LoopPass(filed, verdicts, recheck is not None)
