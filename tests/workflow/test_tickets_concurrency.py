"""Two officers acting on one ticket at the same moment: exactly one wins, on both databases.
Real threads, real connections, a barrier so they really do collide."""

from __future__ import annotations

import threading
from collections.abc import Callable

from tickets_helpers import BUREAU, PSB, act, report

from workflow.context import Workflow
from workflow.errors import Refusal, WorkflowError
from workflow.tickets import transitions as t
from workflow.tickets.queries import history


def _race(wf: Workflow, attempts: list[Callable]) -> tuple[list[object], list[WorkflowError]]:
    barrier = threading.Barrier(len(attempts))
    won: list[object] = []
    lost: list[WorkflowError] = []
    unexpected: list[BaseException] = []

    def run(attempt: Callable) -> None:
        barrier.wait()
        try:
            with wf.store.write() as s:
                won.append(attempt(s))
        except WorkflowError as exc:
            lost.append(exc)
        except BaseException as exc:
            unexpected.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    return won, lost


def test_six_simultaneous_accepts_apply_once(wf: Workflow) -> None:
    ticket = report(wf)
    won, lost = _race(wf, [lambda s: t.accept(s, wf, PSB, ticket.id)] * 6)
    assert len(won) == 1 and len(lost) == 5
    assert all(e.kind is Refusal.conflict for e in lost)
    with wf.store.read() as s:
        assert [e.action for e in history(s, ticket)].count("ticket.accepted") == 1
    with wf.store.snapshot() as s:
        assert wf.audit.verify(s).ok


def test_two_decisions_on_the_same_version_apply_once(wf: Workflow) -> None:
    ticket = report(wf)
    accepted = act(wf, t.accept, PSB, ticket.id)
    seen = accepted.version  # both officers opened the page at this version
    attempts = [
        lambda s: t.resolve(s, wf, PSB, ticket.id, "confirmed_correct", "经核对无误", expected_version=seen),
        lambda s: t.expedite(s, wf, BUREAU, ticket.id, 1, expected_version=seen),
    ]
    won, lost = _race(wf, attempts)
    assert len(won) == 1 and len(lost) == 1 and lost[0].kind is Refusal.conflict
    with wf.store.read() as s:
        actions = [e.action for e in history(s, ticket)]
    assert actions[:2] == ["ticket.reported", "ticket.accepted"] and len(actions) == 3
