"""Rate limits per grant and the bulk-extraction watch on lookup grants (Art. 20, 31).

A lookup grant serves a service system answering one citizen's or company's case at a time.
Two patterns say something else is happening, and either refuses the call and suspends the
grant until the bureau looks (``sharing.grants.flag``):

- breadth: more distinct keys in an hour than ``share_lookup_keys_per_hour``;
- enumeration: of the last ``ENUMERATION_WINDOW`` lookups, at least ``ENUMERATION_MISS_SHARE``
  asked for keys the dataset does not hold (guessed keys, walked one by one).

The counters live in the workflow store (``share_grant_usage``, ``share_lookup_keys``) and change
in the call's own transaction, under the grant's usage row lock: every ``dw serve`` process on
the same store counts the same calls, and a call that is refused after the check (its
transaction rolls back) uses up nothing. Keys are remembered only as a keyed digest, for an
hour, never as sent. Times are wall-clock seconds, the same for every process on the host.
"""

from __future__ import annotations

import hashlib
import time

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from workflow.store.tables import ShareGrantUsage, ShareLookupKey

ENUMERATION_WINDOW = 50
ENUMERATION_MISS_SHARE = 0.8
HOUR = 3600.0


class RateLimiter:
    """A token bucket per grant: ``per_minute`` calls a minute, bursts up to the same number."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute

    def allow(self, session: Session, grant_id: int, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        usage = _usage(session, grant_id, float(self.per_minute), now)
        usage.tokens = min(float(self.per_minute), usage.tokens + (now - usage.tokens_at) * self.per_minute / 60.0)
        usage.tokens_at = now
        if usage.tokens < 1.0:
            return False
        usage.tokens -= 1.0
        return True


class BulkWatch:
    def __init__(self, keys_per_hour: int, per_minute: int, salt: bytes):
        self.keys_per_hour, self.per_minute = keys_per_hour, per_minute
        self._salt = salt

    def observe(self, session: Session, grant_id: int, key: str, found: bool, now: float | None = None) -> str | None:
        """Record one lookup; returns why it looks like bulk extraction, or None."""
        now = time.time() if now is None else now
        digest = hashlib.blake2b(key.encode("utf-8"), key=self._salt[:64], digest_size=16).hexdigest()
        usage = _usage(session, grant_id, float(self.per_minute), now)  # locked: this grant's calls queue here
        usage.recent = (usage.recent + ("1" if found else "0"))[-ENUMERATION_WINDOW:]
        insert = _insert(session)(ShareLookupKey).values(grant_id=grant_id, digest=digest, last_at=now)
        session.execute(insert.on_conflict_do_update(index_elements=["grant_id", "digest"], set_={"last_at": now}))
        distinct = _keys(session, grant_id)
        if distinct > self.keys_per_hour:  # only then are keys older than an hour worth clearing out
            session.execute(delete(ShareLookupKey).where(ShareLookupKey.grant_id == grant_id, ShareLookupKey.last_at < now - HOUR))
            distinct = _keys(session, grant_id)
        if distinct > self.keys_per_hour:
            return f"breadth: more than {self.keys_per_hour} distinct keys in an hour"
        misses = usage.recent.count("0")
        if len(usage.recent) == ENUMERATION_WINDOW and misses >= ENUMERATION_MISS_SHARE * ENUMERATION_WINDOW:
            return f"enumeration: {misses} of the last {ENUMERATION_WINDOW} keys not held"
        return None


class Guards:
    """The rate limiter and the bulk watch with the settings of this warehouse."""

    def __init__(self, per_minute: int, keys_per_hour: int, salt: bytes):
        self.rate = RateLimiter(per_minute)
        self.bulk = BulkWatch(keys_per_hour, per_minute, salt)


def forget(session: Session, grant_id: int) -> None:
    """Start the watch afresh (the bureau lifted a suspension: what was seen is judged)."""
    session.execute(delete(ShareLookupKey).where(ShareLookupKey.grant_id == grant_id))
    session.execute(delete(ShareGrantUsage).where(ShareGrantUsage.grant_id == grant_id))


def _usage(session: Session, grant_id: int, full: float, now: float) -> ShareGrantUsage:
    """The grant's usage row, locked for this transaction; made on first use (by whichever process comes first)."""
    locked = session.identity_map.get(session.identity_key(ShareGrantUsage, grant_id))
    if isinstance(locked, ShareGrantUsage):  # loaded (so locked) earlier in this transaction: the rate check, then the watch
        return locked
    usage = session.get(ShareGrantUsage, grant_id, with_for_update=True)
    if usage is None:
        session.execute(_insert(session)(ShareGrantUsage).values(grant_id=grant_id, tokens=full, tokens_at=now, recent="")
                        .on_conflict_do_nothing(index_elements=["grant_id"]))
        usage = session.get(ShareGrantUsage, grant_id, with_for_update=True, populate_existing=True)
        assert usage is not None
    return usage


def _keys(session: Session, grant_id: int) -> int:
    return session.scalar(select(func.count()).select_from(ShareLookupKey).where(ShareLookupKey.grant_id == grant_id)) or 0


def _insert(session: Session):  # type: ignore[no-untyped-def]
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
