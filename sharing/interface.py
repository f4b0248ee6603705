"""The interface share mode (接口共享, Art. 19): key lookups and paging for service systems.

Every call is authenticated upstream (one path, ``workflow.credentials``) and then, here: the
dataset exists, the unit holds this grant, it is live, it allows this kind of access, the
stated purpose is the grant's, the fields asked for are among the granted items, the grant's
rate limit has room, and (lookups) the pattern is not bulk extraction. The answer comes from
the grant's release class only. The read and its audit entry are one transaction; a refusal
is itself written to the audit log (without what was sent) before it is returned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from catalog.model import CatalogEntry
from sharing.grants import flag, usable_grant
from sharing.limits import Guards
from sharing.source import LINEAGE_KEY, ReleaseReader, checked_key
from sharing.vocabulary import Access, ReleaseKind
from workflow.actors import Actor, Channel, Role
from workflow.context import Workflow
from workflow.errors import Refusal, WorkflowError, forbidden, invalid, not_found
from workflow.store.tables import ShareGrant

T = TypeVar("T")
ANONYMOUS = Actor(unit="-", role=Role.consumer, name="-", channel=Channel.api)  # a caller no token identified


@dataclass(frozen=True)
class Served:
    grant: int
    dataset: str
    release: str
    fields: list[str]
    records: list[dict[str, Any]]
    total: int | None = None  # paging: rows in the granted dataset
    page: int | None = None
    page_size: int | None = None


class _BulkSuspected(Exception):
    def __init__(self, grant: int, reason: str):
        self.grant, self.reason = grant, reason


def lookup(wf: Workflow, reader: ReleaseReader, guards: Guards, actor: Actor, dataset: str, grant_id: int, purpose: str | None,
           key: str, fields: Sequence[str] | None = None) -> Served:
    entry = _entry(wf, dataset)
    try:
        with wf.store.write() as session:
            grant = usable_grant(session, actor, grant_id, wf.today(), dataset=dataset, access=(Access.lookup.value,), purpose=purpose)
            columns = _columns(grant, fields)
            _rate(session, guards, grant)
            value = checked_key(entry, key)
            found = reader.lookup(entry, ReleaseKind(grant.release_class), value)
            if reason := guards.bulk.observe(session, grant.id, value, found.height > 0):
                raise _BulkSuspected(grant.id, reason)
            records = found.select([*columns, LINEAGE_KEY]).to_dicts()
            wf.audit.record(session, actor, "share.lookup", f"grant:{grant.id}", dataset=dataset, grant=str(grant.id), purpose=grant.purpose,
                            rows=len(records), detail={"fields": columns, "release": grant.release_class})
            return Served(grant.id, dataset, grant.release_class, columns, records)
    except _BulkSuspected as bulk:
        with wf.store.write() as session:
            flag(session, wf, actor, bulk.grant, bulk.reason)
        raise _bulk_refusal() from None


def page(wf: Workflow, reader: ReleaseReader, guards: Guards, actor: Actor, dataset: str, grant_id: int, purpose: str | None,
         number: int, size: int, fields: Sequence[str] | None = None) -> Served:
    entry = _entry(wf, dataset)
    if not 1 <= size <= wf.settings.share_page_max:
        raise invalid(f"[每页条数] 须为1至{wf.settings.share_page_max}", f"[page_size] must be 1 to {wf.settings.share_page_max}", "page_too_large")
    if not 1 <= number <= 10_000_000:
        raise invalid("[页码] 须为正整数", "[page] must be a positive number", "invalid_page")
    with wf.store.read() as session:
        held = session.get(ShareGrant, grant_id)
        paging_by_lookup = held is not None and held.unit == actor.unit and held.access == Access.lookup.value and held.flagged_at is None
    if paging_by_lookup:
        with wf.store.write() as session:
            flag(session, wf, actor, grant_id, "paging: a lookup grant used to page through the dataset")
        raise _bulk_refusal()
    with wf.store.write() as session:
        grant = usable_grant(session, actor, grant_id, wf.today(), dataset=dataset, access=(Access.paging.value,), purpose=purpose)
        columns = _columns(grant, fields)
        _rate(session, guards, grant)
        loaded = reader.load(entry, ReleaseKind(grant.release_class))
        rows = loaded.frame.slice((number - 1) * size, size).select([*columns, LINEAGE_KEY]).to_dicts()
        wf.audit.record(session, actor, "share.page", f"grant:{grant.id}", dataset=dataset, grant=str(grant.id), purpose=grant.purpose,
                        rows=len(rows), detail={"fields": columns, "page": number, "page_size": size, "release": grant.release_class})
        return Served(grant.id, dataset, grant.release_class, columns, rows, loaded.frame.height, number, size)


def logged_refusals(wf: Workflow, actor: Actor | None, endpoint: str, call: Callable[[], T]) -> T:
    """Run ``call``; a refusal is appended to the audit log (code and endpoint only) and re-raised."""
    try:
        return call()
    except WorkflowError as exc:
        log_refusal(wf, actor, endpoint, exc)
        raise


def log_refusal(wf: Workflow, actor: Actor | None, endpoint: str, exc: WorkflowError, about: Mapping[str, Any] | None = None) -> None:
    """``about``: what was asked for, in the catalog's terms (tables, datasets), never a value sent."""
    with wf.store.write() as session:
        wf.audit.record(session, actor or ANONYMOUS, "share.refused", f"endpoint:{endpoint}",
                        detail={"code": exc.code, "kind": exc.kind.value, **(about or {})})


def _bulk_refusal() -> WorkflowError:
    return forbidden("疑似通过查询授权批量提取数据：已拒绝并暂停该授权，待区大数据主管机构核查",
                     "this looks like bulk extraction through a lookup grant: refused, and the grant is suspended until the bureau reviews it")


def _entry(wf: Workflow, dataset: str) -> CatalogEntry:
    try:
        return wf.catalog.dataset(dataset)
    except KeyError:
        raise not_found("目录中无此数据集", "no such dataset in the catalog") from None


def _columns(grant: ShareGrant, fields: Sequence[str] | None) -> list[str]:
    wanted = [f for f in (fields or []) if f] or list(grant.items)
    if any(f not in grant.items for f in wanted):
        raise forbidden("所选数据项不在授权范围内", "a field asked for is not among the granted items")
    return list(dict.fromkeys(wanted))


def _rate(session: Session, guards: Guards, grant: ShareGrant) -> None:
    if not guards.rate.allow(session, grant.id):
        raise WorkflowError(Refusal.limited, "调用过于频繁，超出该授权的频率限制，请稍后再试",
                            "too many calls: this grant's rate limit is reached, try again shortly", "rate_limited")
