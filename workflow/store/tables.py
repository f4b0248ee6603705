"""The workflow store's tables. Every change here ships with a migration in ``migrations/versions``
(``tests/workflow/test_store.py`` fails if the two disagree).

States, kinds and outcomes are plain strings checked in Python, not database enums, so a new
state (the loop-closing ``verified`` / ``reopened``) needs no schema migration.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Unit(Base):
    """A unit (单位): a catalog provider, a consuming unit, or the bureau itself."""

    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # bureau | provider | consumer
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Credential(Base):
    """An API token of one unit; only its SHA-256 is kept (the token is 256 random bits)."""

    __tablename__ = "credentials"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    label: Mapped[str] = mapped_column(String(100))  # the system or account holding it
    token_prefix: Mapped[str] = mapped_column(String(16))  # first characters, to recognise it in a list
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(String(100))
    expires_on: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(100))


class Login(Base):
    """A browser session opened with a credential; the cookie holds the secret, this its SHA-256."""

    __tablename__ = "logins"
    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Ticket(Base):
    """A problem-data ticket (问题数据工单, Art. 27). Rows are lineage keys, never personal values."""

    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(ForeignKey("units.code"))  # responsible for the fix
    reporter: Mapped[str] = mapped_column(ForeignKey("units.code"))
    reported_by: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(16))  # cli | web | api | quality
    kind: Mapped[str] = mapped_column(String(16))  # error | omission | infringement
    urgency: Mapped[str] = mapped_column(String(16))  # normal | urgent
    state: Mapped[str] = mapped_column(String(24))
    fields: Mapped[list[str]] = mapped_column(JSON)  # catalog field names concerned
    rows: Mapped[list[str]] = mapped_column(JSON)  # lineage keys "{batch_id}:{row_number}"
    row_count: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[str | None] = mapped_column(String(100))  # when every row is of one batch
    rule_id: Mapped[str | None] = mapped_column(String(100))  # the failing quality rule, if any
    finding_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # one ticket per finding
    description: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    due_working_days: Mapped[int | None] = mapped_column(Integer)  # None once a date was approved
    due_on: Mapped[date] = mapped_column(Date)
    due_estimated: Mapped[bool] = mapped_column(Boolean)  # counted in a year with no schedule
    extension_requested_to: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(32))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    # Closing the loop: why a fixed ticket was verified or reopened, and when it was verified.
    verification_note: Mapped[str | None] = mapped_column(Text)
    verified_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
    __table_args__ = (
        Index("ix_tickets_provider_state", "provider", "state"),
        Index("ix_tickets_reporter", "reporter"),
        Index("ix_tickets_state_due", "state", "due_on"),
    )


class AuditEntry(Base):
    """One entry of the append-only audit log; ``mac`` chains it to the entry before."""

    __tablename__ = "audit_entries"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601: kept as text so the MAC input round-trips
    unit: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(100))  # e.g. "ticket:12", "credential:3"
    dataset: Mapped[str | None] = mapped_column(String(64))
    grant_ref: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str | None] = mapped_column(Text)
    row_count: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON text
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_entries_subject", "subject"),)


class AuditHead(Base):
    """The chain's last entry, itself MAC'd: deleting entries from the end shows as a mismatch."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    mac: Mapped[str] = mapped_column(String(64))
    head_mac: Mapped[str | None] = mapped_column(String(64))  # None only before the first entry
