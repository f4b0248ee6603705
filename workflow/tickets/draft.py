"""What a reporter hands in, checked against the catalog before anything is written.

Rows are lineage keys of the dataset's own batches (``<dataset>-<16 hex>:<row>``); anything
else in the rows field, and any personal value in the description, is refused without being
repeated back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from catalog.model import Catalog, CatalogEntry
from workflow.errors import invalid
from workflow.privacy import checked_text
from workflow.tickets.vocabulary import Kind, Urgency

MAX_ROWS = 10_000  # a larger failure is a quality finding, reported by the rules, not by hand
_LINEAGE_KEY = re.compile(r"(?P<batch>(?P<dataset>[a-z][a-z0-9_]*)-[0-9a-f]{16}):[1-9][0-9]{0,8}")


@dataclass(frozen=True)
class Draft:
    dataset: str
    kind: str
    description: str = ""
    rows: Sequence[str] = ()
    fields: Sequence[str] = ()
    urgency: str = Urgency.normal.value
    rule_id: str | None = None  # the failing quality rule (automatic tickets)
    finding_id: str | None = None  # meta/quality_findings.finding_id: one ticket per finding
    provider: str | None = None  # who must fix, when not the dataset's own provider (a cross-source finding)


@dataclass(frozen=True)
class Checked:
    entry: CatalogEntry
    kind: Kind
    urgency: Urgency
    description: str
    rows: list[str]
    fields: list[str]
    batch_id: str | None
    rule_id: str | None = None
    finding_id: str | None = None
    provider: str | None = None


def check(draft: Draft, catalog: Catalog) -> Checked:
    try:
        entry = catalog.dataset(draft.dataset)
    except KeyError:
        raise invalid("[数据集] 目录中无此数据集", "[dataset] not in the catalog (see `dw catalog show`)", "unknown_dataset") from None
    kind = _choice(Kind, draft.kind, "问题类型", "kind")
    urgency = _choice(Urgency, draft.urgency, "紧急程度", "urgency")
    # A quality rule's finding lists every failing row; a hand-typed ticket is held to MAX_ROWS.
    rows = _rows(draft.rows, entry.dataset.id, MAX_ROWS if draft.finding_id is None else None)
    fields = _fields(draft.fields, entry)
    description = checked_text(draft.description, "问题说明", "description")
    if not (rows or fields or description):
        raise invalid("须指明行键、数据项或问题说明之一", "name the rows, the data items or describe the problem", "empty_ticket")
    batches = {key.rsplit(":", 1)[0] for key in rows}
    return Checked(entry, kind, urgency, description, rows, fields, batches.pop() if len(batches) == 1 else None,
                   draft.rule_id, draft.finding_id, draft.provider)


def _choice(enum: type[Kind] | type[Urgency], value: str, zh: str, en: str):  # type: ignore[no-untyped-def]
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise invalid(f"[{zh}] 取值无效", f"[{en}] must be one of: {allowed}", f"invalid_{en}") from None


def _rows(rows: Sequence[str], dataset: str, limit: int | None) -> list[str]:
    keys = list(dict.fromkeys(r.strip() for r in rows if r and r.strip()))
    if limit is not None and len(keys) > limit:
        raise invalid(f"[行键] 超过{limit}行", f"[rows] more than {limit} lineage keys in one ticket", "too_many_rows")
    for number, key in enumerate(keys, start=1):
        match = _LINEAGE_KEY.fullmatch(key)
        if match is None:
            raise invalid(
                f"[行键] 第{number}项不是行键：须为 批次号:行号（如 {dataset}-0123456789abcdef:17），不得填写身份证号等个人信息",
                f"[rows] item {number} is not a lineage key: expected batch_id:row (e.g. {dataset}-0123456789abcdef:17), never a personal value",
                "invalid_rows",
            )
        if match["dataset"] != dataset:
            raise invalid(f"[行键] 第{number}项属于其他数据集", f"[rows] item {number} belongs to another dataset's batch", "invalid_rows")
    return keys


def _fields(fields: Sequence[str], entry: CatalogEntry) -> list[str]:
    known = {f.name for f in entry.dataset.fields}
    chosen = list(dict.fromkeys(f.strip() for f in fields if f and f.strip()))
    if unknown := [f for f in chosen if f not in known]:
        raise invalid(f"[数据项] {len(unknown)}项不是该数据集的数据项",
                      f"[fields] {len(unknown)} not items of {entry.dataset.id}: use the catalog's field names", "unknown_fields")
    return chosen
