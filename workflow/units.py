"""The registry of units (单位): the catalog's providers, the consuming units and the bureau from
configuration (``settings.units_file``). Kept in the store so tickets, credentials and grants can
refer to them; a unit that leaves the configuration is deactivated, never deleted (its tickets and
audit entries still name it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.model import Catalog
from workflow.actors import Actor, Channel, Role
from workflow.audit import AuditLog
from workflow.errors import not_found
from workflow.store import Store
from workflow.store.tables import Unit

SYSTEM_ACCOUNT = "warehouse"  # the warehouse acting on its own (unit sync)


class UnitsInvalid(ValueError):
    """The units file is wrong; the message names the file and what to fix."""


class UnitSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=2)
    name_en: str = Field(min_length=2)
    role: Role


class _UnitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    units: tuple[UnitSpec, ...]

    @field_validator("units")
    @classmethod
    def _one_bureau(cls, units: tuple[UnitSpec, ...]) -> tuple[UnitSpec, ...]:
        if sum(u.role is Role.bureau for u in units) != 1:
            raise ValueError("须恰有一个 role: bureau 的单位 exactly one unit must have role bureau")
        if any(u.role is Role.provider for u in units):
            raise ValueError("数据提供单位来自目录，此处不得列出 providers come from the catalog; list only bureau and consumer units")
        return units


def configured_units(units_file: Path, catalog: Catalog) -> list[UnitSpec]:
    """Every unit the warehouse knows: the file's bureau and consumers, then the catalog's providers."""
    try:
        parsed = _UnitsFile.model_validate(yaml.safe_load(units_file.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise UnitsInvalid(f"{units_file}: 无法读取单位文件 cannot read the units file ({type(exc).__name__})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UnitsInvalid(f"{units_file}: {where}: {first['msg']}") from None
    providers = [
        UnitSpec(code=p.code, name=p.name, name_en=p.name_en, role=Role.provider) for p in catalog.providers.values()
    ]
    codes = [u.code for u in (*parsed.units, *providers)]
    if repeated := sorted({c for c in codes if codes.count(c) > 1}):
        raise UnitsInvalid(f"{units_file}: 单位代码重复（与目录中的提供单位同名？） unit code used twice (same as a catalog provider?): {repeated}")
    return [*parsed.units, *providers]


def sync_units(store: Store, audit: AuditLog, wanted: list[UnitSpec]) -> list[str]:
    """Make the store's registry match ``wanted``; returns what changed (nothing: no transaction)."""
    with store.read() as session:
        if not _changes(session, wanted):
            return []
    with store.write() as session:
        system = Actor(unit=next(u.code for u in wanted if u.role is Role.bureau), role=Role.bureau,
                       name=SYSTEM_ACCOUNT, channel=Channel.system)
        audit.lock(session)  # another process may have synced meanwhile: recompute under the lock
        changes = _changes(session, wanted)
        now = datetime.now(UTC)
        for change in changes:
            _apply(session, change, now)
            audit.record(session, system, f"unit.{change.action}", f"unit:{change.spec.code}",
                         detail={"role": change.spec.role.value, "name": change.spec.name})
        return [f"{c.action} {c.spec.code}" for c in changes]


@dataclass(frozen=True)
class _Change:
    action: str  # registered | updated | deactivated
    spec: UnitSpec


def _changes(session: Session, wanted: list[UnitSpec]) -> list[_Change]:
    have = {u.code: u for u in session.scalars(select(Unit))}
    changes = []
    for spec in wanted:
        unit = have.get(spec.code)
        if unit is None:
            changes.append(_Change("registered", spec))
        elif (unit.name, unit.name_en, unit.role, unit.active) != (spec.name, spec.name_en, spec.role.value, True):
            changes.append(_Change("updated", spec))
    gone = {u.code for u in have.values() if u.active} - {s.code for s in wanted}
    for code in sorted(gone):
        unit = have[code]
        changes.append(_Change("deactivated", UnitSpec(code=code, name=unit.name, name_en=unit.name_en, role=Role(unit.role))))
    return changes


def _apply(session: Session, change: _Change, now: datetime) -> None:
    spec = change.spec
    unit = session.get(Unit, spec.code)
    if unit is None:
        session.add(Unit(code=spec.code, name=spec.name, name_en=spec.name_en, role=spec.role.value, active=True, registered_at=now))
        return
    unit.name, unit.name_en, unit.role = spec.name, spec.name_en, spec.role.value
    unit.active = change.action != "deactivated"


def get_unit(session: Session, code: str) -> Unit:
    unit = session.get(Unit, code)
    if unit is None or not unit.active:
        raise not_found(f"无此单位：{code}", f"no such unit: {code} (see `dw unit list`)")
    return unit


def all_units(session: Session) -> list[Unit]:
    return list(session.scalars(select(Unit).order_by(Unit.role, Unit.code)))


def bureau_code(session: Session) -> str:
    return session.scalars(select(Unit.code).where(Unit.role == Role.bureau.value, Unit.active)).one()


def operator(session: Session, unit_code: str | None, account: str) -> Actor:
    """The bureau's local operator at the CLI, acting for ``unit_code`` (default: the bureau)."""
    unit = get_unit(session, unit_code or bureau_code(session))
    return Actor(unit=unit.code, role=Role(unit.role), name=account, channel=Channel.cli)
