"""Rate limits per grant and the bulk-extraction watch on lookup grants (Art. 20, 31).

A lookup grant serves a service system answering one citizen's or company's case at a time.
Two patterns say something else is happening, and either refuses the call and suspends the
grant until the bureau looks (``sharing.grants.flag``):

- breadth: more distinct keys in an hour than ``share_lookup_keys_per_hour``;
- enumeration: of the last ``ENUMERATION_WINDOW`` lookups, at least ``ENUMERATION_MISS_SHARE``
  asked for keys the dataset does not hold (guessed keys, walked one by one).

Keys are remembered only as a keyed digest, never as sent. The counters live in the serving
process (one ``dw serve``); several server processes would each count their own share.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from dataclasses import dataclass, field

ENUMERATION_WINDOW = 50
ENUMERATION_MISS_SHARE = 0.8
HOUR = 3600.0


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class _Watch:
    seen: dict[str, float] = field(default_factory=dict)  # key digest -> last time asked
    recent: deque[bool] = field(default_factory=lambda: deque(maxlen=ENUMERATION_WINDOW))  # found?


class RateLimiter:
    """A token bucket per grant: ``per_minute`` calls a minute, bursts up to the same number."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._buckets: dict[int, _Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, grant_id: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.setdefault(grant_id, _Bucket(float(self.per_minute), now))
            bucket.tokens = min(float(self.per_minute), bucket.tokens + (now - bucket.at) * self.per_minute / 60.0)
            bucket.at = now
            if bucket.tokens < 1.0:
                return False
            bucket.tokens -= 1.0
            return True


class BulkWatch:
    def __init__(self, keys_per_hour: int, salt: bytes):
        self.keys_per_hour = keys_per_hour
        self._salt = salt
        self._watches: dict[int, _Watch] = {}
        self._lock = threading.Lock()

    def observe(self, grant_id: int, key: str, found: bool, now: float | None = None) -> str | None:
        """Record one lookup; returns why it looks like bulk extraction, or None."""
        now = time.monotonic() if now is None else now
        digest = hashlib.blake2b(key.encode("utf-8"), key=self._salt[:64], digest_size=16).hexdigest()
        with self._lock:
            watch = self._watches.setdefault(grant_id, _Watch())
            if len(watch.seen) > self.keys_per_hour:
                watch.seen = {k: t for k, t in watch.seen.items() if now - t < HOUR}
            watch.seen[digest] = now
            watch.recent.append(found)
            distinct = sum(1 for t in watch.seen.values() if now - t < HOUR)
            if distinct > self.keys_per_hour:
                return f"breadth: more than {self.keys_per_hour} distinct keys in an hour"
            misses = watch.recent.count(False)
            if len(watch.recent) == ENUMERATION_WINDOW and misses >= ENUMERATION_MISS_SHARE * ENUMERATION_WINDOW:
                return f"enumeration: {misses} of the last {ENUMERATION_WINDOW} keys not held"
            return None

    def forget(self, grant_id: int) -> None:
        with self._lock:
            self._watches.pop(grant_id, None)


class Guards:
    """What the serving process keeps between calls: the rate limiter and the bulk watch."""

    def __init__(self, per_minute: int, keys_per_hour: int, salt: bytes):
        self.rate = RateLimiter(per_minute)
        self.bulk = BulkWatch(keys_per_hour, salt)
