"""The per-grant rate limit and the bulk-extraction watch, on a clock the test moves."""

from __future__ import annotations

from sharing.limits import ENUMERATION_WINDOW, HOUR, BulkWatch, RateLimiter


def test_the_rate_limit_refills_over_a_minute() -> None:
    limiter = RateLimiter(per_minute=6)
    assert [limiter.allow(1, now=0.0) for _ in range(7)] == [True] * 6 + [False]
    assert limiter.allow(2, now=0.0)  # per grant
    assert not limiter.allow(1, now=5.0) and limiter.allow(1, now=10.0)  # one call back every 10 s


def test_breadth_counts_distinct_keys_in_the_last_hour() -> None:
    watch = BulkWatch(keys_per_hour=5, salt=b"k")
    assert [watch.observe(1, f"key{i}", True, now=float(i)) for i in range(5)] == [None] * 5
    assert watch.observe(1, "key0", True, now=6.0) is None  # the same key again is no breadth
    assert "breadth" in (watch.observe(1, "key5", True, now=7.0) or "")
    later = BulkWatch(keys_per_hour=5, salt=b"k")
    for i in range(5):
        later.observe(1, f"key{i}", True, now=float(i))
    assert later.observe(1, "key5", True, now=HOUR + 10) is None  # the first ones have left the hour


def test_enumeration_is_many_keys_that_are_not_held() -> None:
    watch = BulkWatch(keys_per_hour=10_000, salt=b"k")
    found = [i % 3 == 0 for i in range(ENUMERATION_WINDOW)]  # two thirds missing: a clerk mistyping is not this
    assert all(watch.observe(1, f"a{i}", hit, now=1.0) is None for i, hit in enumerate(found))
    guessing = BulkWatch(keys_per_hour=10_000, salt=b"k")
    results = [guessing.observe(2, f"g{i}", i % 10 == 0, now=1.0) for i in range(ENUMERATION_WINDOW)]
    assert results[-1] is not None and "enumeration" in results[-1]
