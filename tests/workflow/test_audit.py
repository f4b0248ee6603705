"""The audit chain: every kind of tampering is detected and the first bad entry named, on both
databases; concurrent appends keep one unbroken chain; personal values are refused."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from workflow.actors import Actor, Channel, Role
from workflow.audit import AuditLog
from workflow.context import Workflow

OFFICER = Actor(unit="psb", role=Role.provider, name="psb-officer-01", channel=Channel.cli)


def _fill(wf: Workflow, n: int) -> int:
    """Append n entries after the unit registrations; returns the seq of the last one."""
    with wf.store.write() as s:
        for i in range(n):
            wf.audit.record(s, OFFICER, "test.event", f"ticket:{i}", detail={"i": i}, dataset="household_registration", rows=i)
    with wf.store.read() as s:
        return wf.audit.head(s)[0]


def _verify(wf: Workflow, anchor: tuple[int, str] | None = None):
    with wf.store.snapshot() as s:
        return wf.audit.verify(s, anchor)


def _sql(wf: Workflow, *statements: str) -> None:
    with wf.store.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def test_an_untouched_log_verifies(wf: Workflow) -> None:
    last = _fill(wf, 5)
    verdict = _verify(wf)
    assert verdict.ok and verdict.entries == last
    assert "intact" in verdict.line()


def test_a_modified_entry_is_named(wf: Workflow) -> None:
    last = _fill(wf, 6)
    _sql(wf, f"UPDATE audit_entries SET row_count = 999 WHERE seq = {last - 3}")
    verdict = _verify(wf)
    assert not verdict.ok and verdict.first_bad == last - 3 and "modified" in verdict.en


def test_a_modified_detail_or_actor_is_named(wf: Workflow) -> None:
    last = _fill(wf, 4)
    _sql(wf, f"UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {last - 1}")
    assert _verify(wf).first_bad == last - 1


def test_a_deleted_entry_is_named(wf: Workflow) -> None:
    last = _fill(wf, 6)
    _sql(wf, f"DELETE FROM audit_entries WHERE seq = {last - 2}")
    verdict = _verify(wf)
    assert not verdict.ok and verdict.first_bad == last - 2 and "missing" in verdict.en


def test_an_entry_deleted_with_the_rest_renumbered_is_named(wf: Workflow) -> None:
    last = _fill(wf, 6)
    victim = last - 2
    _sql(wf, f"DELETE FROM audit_entries WHERE seq = {victim}",
         *[f"UPDATE audit_entries SET seq = {s - 1} WHERE seq = {s}" for s in range(victim + 1, last + 1)])
    assert _verify(wf).first_bad == victim


def test_the_last_entry_deleted_is_named(wf: Workflow) -> None:
    last = _fill(wf, 3)
    _sql(wf, f"DELETE FROM audit_entries WHERE seq = {last}")
    verdict = _verify(wf)
    assert not verdict.ok and verdict.first_bad == last and "end of the log" in verdict.en


def test_an_inserted_entry_is_named(wf: Workflow) -> None:
    last = _fill(wf, 5)
    at = last - 2
    shift = [f"UPDATE audit_entries SET seq = {s + 1} WHERE seq = {s}" for s in range(last, at - 1, -1)]
    forged = (
        "INSERT INTO audit_entries (seq, at, unit, actor, channel, action, subject, detail, prev_mac, mac) "
        f"SELECT {at}, at, unit, actor, channel, 'ticket.resolved', subject, detail, mac, '{'a' * 64}' "
        f"FROM audit_entries WHERE seq = {at - 1}"
    )
    _sql(wf, *shift, forged)
    verdict = _verify(wf)
    assert not verdict.ok and verdict.first_bad == at


def test_an_entry_appended_without_the_key_is_named(wf: Workflow) -> None:
    last = _fill(wf, 3)
    _sql(wf, "INSERT INTO audit_entries (seq, at, unit, actor, channel, action, subject, detail, prev_mac, mac) "
             f"SELECT {last + 1}, at, unit, actor, channel, action, subject, detail, mac, mac FROM audit_entries WHERE seq = {last}")
    assert _verify(wf).first_bad == last + 1


def test_reordered_entries_are_named(wf: Workflow) -> None:
    last = _fill(wf, 6)
    a, b = last - 3, last - 2
    # Swap the two entries' places (through a parking seq: seq is the primary key); each keeps its own mac.
    _sql(wf, f"UPDATE audit_entries SET seq = -1 WHERE seq = {a}",
         f"UPDATE audit_entries SET seq = {a} WHERE seq = {b}",
         f"UPDATE audit_entries SET seq = {b} WHERE seq = -1")
    verdict = _verify(wf)
    assert not verdict.ok and verdict.first_bad == a


def test_a_wrong_key_fails_at_the_first_entry(wf: Workflow) -> None:
    _fill(wf, 2)
    with wf.store.snapshot() as s:
        verdict = AuditLog(b"not-the-key").verify(s)
    assert verdict.first_bad == 1


def test_an_anchor_written_down_detects_a_rolled_back_tail(wf: Workflow) -> None:
    _fill(wf, 3)
    with wf.store.read() as s:
        anchor = wf.audit.head(s)
    assert _verify(wf, anchor).ok
    assert not _verify(wf, (anchor[0], "f" * 64)).ok
    assert not _verify(wf, (anchor[0] + 5, anchor[1])).ok


def test_concurrent_appends_keep_one_chain(wf: Workflow) -> None:
    before = _fill(wf, 0)
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                with wf.store.write() as s:
                    wf.audit.record(s, OFFICER, "test.concurrent", f"worker:{worker}", detail={"i": i})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    verdict = _verify(wf)
    assert verdict.ok and verdict.entries == before + 30


@pytest.mark.parametrize("value", ["330203199001011235", "13857461234", ["ok", "6222021234567890123"]])
def test_personal_values_never_enter_the_log(wf: Workflow, value: object) -> None:
    with pytest.raises(ValueError, match="personal values"), wf.store.write() as s:
        wf.audit.record(s, OFFICER, "test.event", "ticket:1", detail={"looked_up": value})
    with pytest.raises(ValueError), wf.store.write() as s:
        wf.audit.record(s, OFFICER, "share.read", "grant:1", purpose="核验 13857461234 的参保状态")


def test_lineage_keys_and_batch_ids_are_allowed(wf: Workflow) -> None:
    with wf.store.write() as s:
        wf.audit.record(s, OFFICER, "test.event", "ticket:1",
                        detail={"batch": "household_registration-3017261542739187", "rows": ["water_accounts-0123456789012345:17"]})
