"""The tamper-evident audit log (审计日志, Art. 20, 31, 33).

Every state change (ticket transitions, credentials, units; later grants and decisions) and every
read of shared data appends one entry in the same transaction as the change itself, so the two
can never disagree. An entry says who (account, unit, channel), what (action, subject, dataset,
detail), under which grant and purpose, how many rows, and when.

Each entry carries ``mac = HMAC-SHA256(key, canonical(entry fields, seq, mac of the entry
before))``; the head row holds the last seq and mac under its own MAC. Without the key (kept on
the warehouse host, not in the database) nobody can edit, delete, insert or re-order an entry
without :meth:`AuditLog.verify` naming the first entry where the chain breaks. What the chain
cannot see is the whole database rolled back to an earlier state of itself: compare ``dw audit
head`` with a value written down elsewhere (``dw audit verify --anchor SEQ:MAC``) for that.

Personal values never enter the log: details are structured (ids, codes, counts, states) and a
guard refuses any long number.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.orm import Session

from workflow.actors import Actor
from workflow.privacy import assert_no_long_numbers
from workflow.store.tables import AuditEntry, AuditHead

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_bad: int | None = None  # seq of the first entry that does not verify
    zh: str = ""
    en: str = ""

    def line(self) -> str:
        if self.ok:
            return f"审计日志完整 audit log intact: {self.entries} 条 entries verified"
        return f"审计日志被篡改 audit log tampered: 第 {self.first_bad} 条 entry #{self.first_bad}: {self.zh} {self.en}"


class AuditLog:
    def __init__(self, key: bytes):
        self._key = key

    def record(
        self,
        session: Session,
        actor: Actor,
        action: str,
        subject: str,
        *,
        detail: Mapping[str, Any] | None = None,
        dataset: str | None = None,
        grant: str | None = None,
        purpose: str | None = None,
        rows: int | None = None,
    ) -> AuditEntry:
        """Append one entry inside the caller's transaction (it commits or rolls back with it)."""
        detail = dict(detail or {})
        assert_no_long_numbers({**detail, "purpose": purpose})
        # The head row is the chain's lock: concurrent appends queue here on PostgreSQL; on
        # SQLite the write transaction already holds the database's one write lock.
        head = session.execute(
            select(AuditHead).where(AuditHead.id == 1).with_for_update().execution_options(populate_existing=True)
        ).scalar_one()
        entry = AuditEntry(
            seq=head.seq + 1,
            at=datetime.now(UTC).isoformat(timespec="microseconds"),
            unit=actor.unit,
            actor=actor.name,
            channel=actor.channel.value,
            action=action,
            subject=subject,
            dataset=dataset,
            grant_ref=grant,
            purpose=purpose,
            row_count=rows,
            detail=canonical_json(detail),
            prev_mac=head.mac,
            mac="",
        )
        entry.mac = self._entry_mac(_fields(entry))
        session.add(entry)
        head.seq, head.mac, head.head_mac = entry.seq, entry.mac, self._head_mac(entry.seq, entry.mac)
        session.flush()
        return entry

    def verify(self, session: Session, anchor: tuple[int, str] | None = None) -> Verdict:
        """Walk the chain in order; name the first entry that was modified, removed, inserted or moved."""
        expected_seq, prev_mac, count = 1, GENESIS, 0
        anchor_seen = anchor is None
        for row in _entries(session):
            fields = dict(row)
            seq = fields["seq"]
            if seq != expected_seq:
                return _bad(expected_seq, count, "条目缺失或序号被改", "entry missing, or its number changed")
            if fields["prev_mac"] != prev_mac:
                return _bad(seq, count, "与前一条目不相接（前面有条目被删除、插入或调换）",
                            "does not follow the entry before it (an entry was deleted, inserted or re-ordered)")
            if not hmac.compare_digest(fields["mac"], self._entry_mac(fields)):
                return _bad(seq, count, "内容被修改（或密钥不对）", "content modified (or wrong DW_AUDIT_KEY)")
            if anchor is not None and seq == anchor[0]:
                if fields["mac"] != anchor[1]:
                    return _bad(seq, count, "与记下的锚点不符", "differs from the anchor written down")
                anchor_seen = True
            expected_seq, prev_mac, count = seq + 1, fields["mac"], count + 1
        head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
        head_ok = (head.seq, head.mac) == (count, prev_mac) and (
            (count == 0 and head.head_mac is None)
            or (head.head_mac is not None and hmac.compare_digest(head.head_mac, self._head_mac(head.seq, head.mac)))
        )
        if not head_ok:
            return _bad(count + 1, count, "日志末尾条目缺失（或头记录被改）", "entries missing from the end of the log (or its head altered)")
        if not anchor_seen:
            return _bad(anchor[0] if anchor else count, count, "锚点之后的条目缺失", "the log is shorter than the anchor written down")
        return Verdict(True, count)

    def lock(self, session: Session) -> None:
        """Take the chain's lock now: what the transaction reads next, no other writer changes."""
        session.execute(select(AuditHead.seq).where(AuditHead.id == 1).with_for_update())

    def head(self, session: Session) -> tuple[int, str]:
        head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
        return head.seq, head.mac

    def _entry_mac(self, fields: Mapping[str, Any]) -> str:
        message = canonical_json([fields[name] for name in _MAC_FIELDS])
        return hmac.new(self._key, message.encode("utf-8"), hashlib.sha256).hexdigest()

    def _head_mac(self, seq: int, mac: str) -> str:
        return hmac.new(self._key, f"head|{seq}|{mac}".encode(), hashlib.sha256).hexdigest()


def entries_about(session: Session, subject: str) -> list[AuditEntry]:
    """The history of one subject (e.g. ``ticket:12``), oldest first."""
    return list(session.scalars(select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.seq)))


_MAC_FIELDS = ("seq", "at", "unit", "actor", "channel", "action", "subject", "dataset", "grant_ref", "purpose", "row_count", "detail", "prev_mac")


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in _MAC_FIELDS}


def _entries(session: Session) -> Iterator[RowMapping]:
    table = AuditEntry.__table__
    yield from session.execute(select(table).order_by(table.c.seq).execution_options(yield_per=2000)).mappings()


def _bad(seq: int, count: int, zh: str, en: str) -> Verdict:
    return Verdict(False, count, seq, zh, en)
