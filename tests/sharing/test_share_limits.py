"""The per-grant rate limit and the bulk-extraction watch, on a clock the test moves, on both
databases; the counters are the store's, so two serving processes count the same calls."""

from __future__ import annotations

import dataclasses

import httpx
from live_service import LiveService
from share_helpers import BUREAU, CENTER, HH, PURPOSE, granted
from share_lake import Lake

from sharing.grants import flag, unflag
from sharing.limits import ENUMERATION_WINDOW, HOUR, BulkWatch, RateLimiter
from workflow.context import Workflow


def test_the_rate_limit_refills_over_a_minute(swf: Workflow) -> None:
    limiter = RateLimiter(per_minute=6)
    one, two = granted(swf, HH, CENTER), granted(swf, HH, CENTER)

    def allow(grant: int, now: float) -> bool:
        with swf.store.write() as s:
            return limiter.allow(s, grant, now=now)

    assert [allow(one, 0.0) for _ in range(7)] == [True] * 6 + [False]
    assert allow(two, 0.0)  # per grant
    assert not allow(one, 5.0) and allow(one, 10.0)  # one call back every 10 s


def test_breadth_counts_distinct_keys_in_the_last_hour(swf: Workflow) -> None:
    watch = BulkWatch(keys_per_hour=5, per_minute=600, salt=b"k")
    one, two = granted(swf, HH, CENTER), granted(swf, HH, CENTER)

    def observe(grant: int, key: str, now: float) -> str | None:
        with swf.store.write() as s:
            return watch.observe(s, grant, key, True, now=now)

    assert [observe(one, f"key{i}", float(i)) for i in range(5)] == [None] * 5
    assert observe(one, "key0", 6.0) is None  # the same key again is no breadth
    assert "breadth" in (observe(one, "key5", 7.0) or "")
    for i in range(5):
        observe(two, f"key{i}", float(i))
    assert observe(two, "key5", HOUR + 10) is None  # the first ones have left the hour


def test_enumeration_is_many_keys_that_are_not_held(swf: Workflow) -> None:
    watch = BulkWatch(keys_per_hour=10_000, per_minute=600, salt=b"k")
    clerk, guesser = granted(swf, HH, CENTER), granted(swf, HH, CENTER)
    with swf.store.write() as s:
        found = [i % 3 == 0 for i in range(ENUMERATION_WINDOW)]  # two thirds missing: a clerk mistyping is not this
        assert all(watch.observe(s, clerk, f"a{i}", hit, now=1.0) is None for i, hit in enumerate(found))
        results = [watch.observe(s, guesser, f"g{i}", i % 10 == 0, now=1.0) for i in range(ENUMERATION_WINDOW)]
    assert results[-1] is not None and "enumeration" in results[-1]


def test_two_serving_processes_share_one_grants_counts(share_settings, lake: Lake) -> None:  # type: ignore[no-untyped-def]

    limited = dataclasses.replace(share_settings, share_rate_per_minute=4)
    first, second = LiveService(limited), LiveService(limited)  # two apps, two engines, one store
    try:
        grant = granted(first.wf, HH, CENTER)
        token = first.token("service_center")
        key = lake.keys[HH][0]

        def call(server: LiveService) -> int:
            return httpx.post(f"{server.url}/api/v1/share/{HH}/lookup", headers={"Authorization": f"Bearer {token}"},
                              json={"grant": grant, "purpose": PURPOSE, "key": key}, timeout=30).status_code

        assert [call((first, second)[i % 2]) for i in range(6)] == [200] * 4 + [429] * 2  # alone, each would serve 6
        with first.wf.store.write() as s:  # a suspension the bureau lifts starts the counters afresh
            flag(s, first.wf, BUREAU, grant, "suspected")
        with first.wf.store.write() as s:
            unflag(s, first.wf, BUREAU, grant, "核查无误")
        assert call(second) == 200
    finally:
        first.stop()
        second.stop()
