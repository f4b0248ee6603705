"""The workflow store's tables. Every change here ships with a migration in ``migrations/versions``
(``tests/workflow/test_store.py`` fails if the two disagree).

States, kinds and outcomes are plain strings checked in Python, not database enums, so a new
state (the loop-closing ``verified`` / ``reopened``) needs no schema migration.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
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


# ---- sharing (issue 10, Art. 17-20): applications, their grants, export packages ----


class ShareApplication(Base):
    """A unit's application for shared data (共享申请, Art. 17-18); personal values never enter it."""

    __tablename__ = "share_applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(ForeignKey("units.code"))  # the applicant (数据使用单位)
    applied_by: Mapped[str] = mapped_column(String(100))
    dataset: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(ForeignKey("units.code"))
    share_class: Mapped[str] = mapped_column(String(16))
    release_class: Mapped[str] = mapped_column(String(16))  # clean | restricted | not_shared
    share_mode: Mapped[str] = mapped_column(String(16))  # interface | exchange | central
    access: Mapped[str] = mapped_column(String(16))  # lookup | paging | package | query
    items: Mapped[list[str]] = mapped_column(JSON)  # catalog field names applied for
    purpose: Mapped[str] = mapped_column(Text)
    business_process: Mapped[str] = mapped_column(Text)
    scenario: Mapped[str] = mapped_column(Text)
    requested_until: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(24))
    applied_on: Mapped[date] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    review_note: Mapped[str | None] = mapped_column(Text)
    consent_requested_on: Mapped[date | None] = mapped_column(Date)
    consent_due_on: Mapped[date | None] = mapped_column(Date)
    consent_due_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_on: Mapped[date | None] = mapped_column(Date)
    refusal_basis_kind: Mapped[str | None] = mapped_column(String(16))  # law | regulation | rule
    refusal_basis: Mapped[str | None] = mapped_column(Text)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    dispute_reason: Mapped[str | None] = mapped_column(Text)
    disputed_on: Mapped[date | None] = mapped_column(Date)
    ruling: Mapped[str | None] = mapped_column(String(16))  # share | uphold | escalate
    ruling_note: Mapped[str | None] = mapped_column(Text)
    ruled_on: Mapped[date | None] = mapped_column(Date)
    escalation_owner: Mapped[str | None] = mapped_column(String(100))
    escalated_on: Mapped[date | None] = mapped_column(Date)
    escalation_due_on: Mapped[date | None] = mapped_column(Date)
    escalation_closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
    __table_args__ = (
        Index("ix_share_applications_unit", "unit"),
        Index("ix_share_applications_provider_state", "provider", "state"),
    )


class ShareGrant(Base):
    """What an approved application allows (共享授权, Art. 20): live until expiry or revocation."""

    __tablename__ = "share_grants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("share_applications.id"), unique=True)
    unit: Mapped[str] = mapped_column(ForeignKey("units.code"))
    dataset: Mapped[str] = mapped_column(String(64))
    items: Mapped[list[str]] = mapped_column(JSON)
    release_class: Mapped[str] = mapped_column(String(16))
    share_mode: Mapped[str] = mapped_column(String(16))
    access: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(Text)
    granted_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)  # None: the catalog's share period is 长期
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(100))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    flagged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # bulk extraction suspected
    flag_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_share_grants_unit_dataset", "unit", "dataset"),)


class ShareExport(Base):
    """One exchange package written for a grant (交换共享, Art. 19): what left, marked for whom."""

    __tablename__ = "share_exports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("share_grants.id"))
    package: Mapped[str] = mapped_column(String(64), unique=True)
    rows: Mapped[int] = mapped_column(Integer)
    table_version: Mapped[int | None] = mapped_column(Integer)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    exported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    exported_by: Mapped[str] = mapped_column(String(100))


class ShareGrantUsage(Base):
    """A grant's counters every serving process shares (``sharing.limits``): the rate limit's token
    bucket and whether each of the last lookups found its key."""

    __tablename__ = "share_grant_usage"
    grant_id: Mapped[int] = mapped_column(ForeignKey("share_grants.id"), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    tokens_at: Mapped[float] = mapped_column(Float)  # wall-clock seconds of the last refill
    recent: Mapped[str] = mapped_column(String(64))  # "1" found / "0" not held, newest last


class ShareLookupKey(Base):
    """A key a lookup grant asked for in the last hour, as a keyed digest (never the key)."""

    __tablename__ = "share_lookup_keys"
    grant_id: Mapped[int] = mapped_column(ForeignKey("share_grants.id"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_at: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_share_lookup_keys_grant_at", "grant_id", "last_at"),)
