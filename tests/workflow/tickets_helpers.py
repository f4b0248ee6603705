"""Actors and drafts the ticket tests share."""

from __future__ import annotations

from workflow.actors import Actor, Channel, Role
from workflow.context import Workflow
from workflow.store.tables import Ticket
from workflow.tickets import transitions
from workflow.tickets.draft import Draft

BUREAU = Actor("bureau", Role.bureau, "bureau-ops", Channel.api)
PSB = Actor("psb", Role.provider, "psb-ops", Channel.api)  # provider of household_registration
WATER = Actor("water", Role.provider, "water-billing", Channel.api)  # provider of water_accounts
CENTER = Actor("service_center", Role.consumer, "window-system", Channel.api)  # a consuming unit
HH = "household_registration"
BATCH = f"{HH}-3f2a9c0d1e2b4a5c"


def draft(**changes: object) -> Draft:
    values: dict = {"dataset": HH, "kind": "error", "rows": [f"{BATCH}:17", f"{BATCH}:18"], "fields": ["birth_date"],
                    "description": "出生日期晚于登记日期"}
    values.update(changes)
    return Draft(**values)


def report(wf: Workflow, actor: Actor = CENTER, **changes: object) -> Ticket:
    with wf.store.write() as s:
        return transitions.report(s, wf, actor, draft(**changes))


def act(wf: Workflow, fn, *args, **kwargs) -> Ticket:  # type: ignore[no-untyped-def]
    with wf.store.write() as s:
        return fn(s, wf, *args, **kwargs)
