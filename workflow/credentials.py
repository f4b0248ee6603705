"""API credentials of units (接口凭证): bearer tokens, stored as their SHA-256 only, revocable,
optionally expiring; and browser logins opened with one. One authentication path: whatever
the channel, :func:`authenticate` or :func:`authenticate_login` turns a secret into an Actor.

A token is 256 random bits, so a plain SHA-256 is as good as a slow hash against guessing and
lets the lookup be one indexed read per request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actors import Actor, Channel, Role
from workflow.audit import AuditLog
from workflow.errors import Refusal, WorkflowError, not_found
from workflow.privacy import checked_text
from workflow.store.tables import Credential, Login, Unit
from workflow.units import get_unit

TOKEN_PREFIX = "dwt_"
LOGIN_HOURS = 8  # a working day; then the officer logs in again


@dataclass(frozen=True)
class Issued:
    credential: Credential
    token: str  # shown once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue(session: Session, audit: AuditLog, actor: Actor, unit_code: str, label: str, expires_on: date | None = None) -> Issued:
    unit = get_unit(session, unit_code)
    label = checked_text(label, "凭证名称", "credential label", required=True)[:100]
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    credential = Credential(
        unit_code=unit.code, label=label, token_prefix=token[:12], token_sha256=_digest(token),
        issued_at=datetime.now(UTC), issued_by=actor.name, expires_on=expires_on,
    )
    session.add(credential)
    session.flush()
    audit.record(session, actor, "credential.issued", f"credential:{credential.id}",
                 detail={"unit": unit.code, "label": label, "expires_on": expires_on.isoformat() if expires_on else None})
    return Issued(credential, token)


def revoke(session: Session, audit: AuditLog, actor: Actor, credential_id: int) -> Credential:
    credential = session.get(Credential, credential_id, with_for_update=True)
    if credential is None:
        raise not_found(f"无此凭证：{credential_id}", f"no such credential: {credential_id}")
    if credential.revoked_at is None:
        credential.revoked_at, credential.revoked_by = datetime.now(UTC), actor.name
        audit.record(session, actor, "credential.revoked", f"credential:{credential.id}", detail={"unit": credential.unit_code})
    return credential


def list_credentials(session: Session, unit_code: str | None = None) -> list[Credential]:
    query = select(Credential).order_by(Credential.id)
    if unit_code:
        query = query.where(Credential.unit_code == unit_code)
    return list(session.scalars(query))


def authenticate(session: Session, token: str, today: date, channel: Channel = Channel.api) -> Actor:
    """The actor a bearer token stands for, or a refusal that says nothing about which check failed."""
    credential = session.scalars(select(Credential).where(Credential.token_sha256 == _digest(token))).first()
    return _actor(session, credential, today, channel)


def open_login(session: Session, audit: AuditLog, actor: Actor) -> str:
    """A browser session for an authenticated actor; returns the cookie's secret."""
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    assert actor.credential_id is not None
    session.add(Login(id_sha256=_digest(secret), credential_id=actor.credential_id, created_at=now,
                      expires_at=now + timedelta(hours=LOGIN_HOURS)))
    audit.record(session, actor, "login.opened", f"credential:{actor.credential_id}")
    return secret


def close_login(session: Session, secret: str) -> None:
    login = session.get(Login, _digest(secret))
    if login is not None:
        session.delete(login)


def authenticate_login(session: Session, secret: str, today: date) -> Actor:
    login = session.get(Login, _digest(secret))
    if login is None or _aware(login.expires_at) <= datetime.now(UTC):
        raise _unauthenticated()
    return _actor(session, session.get(Credential, login.credential_id), today, Channel.web)


def _actor(session: Session, credential: Credential | None, today: date, channel: Channel) -> Actor:
    if credential is None or credential.revoked_at is not None or (credential.expires_on and credential.expires_on < today):
        raise _unauthenticated()
    unit = session.get(Unit, credential.unit_code)
    if unit is None or not unit.active:
        raise _unauthenticated()
    return Actor(unit=unit.code, role=Role(unit.role), name=credential.label, channel=channel, credential_id=credential.id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite returns naive UTC


def _unauthenticated() -> WorkflowError:
    return WorkflowError(
        Refusal.unauthenticated,
        "未认证：令牌无效、已吊销或已过期",
        "not authenticated: the token is unknown, revoked or expired",
    )
