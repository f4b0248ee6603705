"""The API's request and response shapes: what /docs shows business systems."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workflow.tickets.draft import MAX_ROWS


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportIn(_In):
    dataset: str = Field(max_length=64, description="数据集 dataset id from the catalog, e.g. household_registration")
    kind: str = Field(description="问题类型 error (错误) | omission (遗漏) | infringement (侵权)")
    rows: list[str] = Field(default=[], max_length=MAX_ROWS, description="行键 lineage keys batch_id:row; never a personal value")
    fields: list[str] = Field(default=[], max_length=200, description="数据项 catalog field names")
    description: str = Field(default="", max_length=2000, description="问题说明 what is wrong, without personal values")
    urgency: str = Field(default="normal", description="紧急程度 normal | urgent")


class VersionIn(_In):
    version: int | None = Field(default=None, description="所见版本 the version decided on; 409 if the ticket moved on")


class ExtensionIn(VersionIn):
    until: date = Field(description="延期至 at most 60 natural days from receipt")
    reason: str = Field(max_length=2000, description="延期理由")


class ExtensionDecisionIn(VersionIn):
    approve: bool
    note: str = Field(default="", max_length=2000, description="审核意见")


class ExpediteIn(VersionIn):
    working_days: int = Field(ge=1, le=4, description="紧急时限 working days from receipt (1-4)")


class ResolveIn(VersionIn):
    outcome: str = Field(description="处理方式 fixed (完成整改) | confirmed_correct (确认无误) | settled (沟通解决)")
    note: str = Field(max_length=2000, description="处理说明")


class HistoryOut(BaseModel):
    seq: int
    at: str
    unit: str
    actor: str
    channel: str
    action: str
    detail: dict[str, Any]


class TicketOut(BaseModel):
    id: int
    version: int
    dataset: str
    dataset_zh: str
    provider: str
    provider_zh: str
    reporter: str
    reported_by: str
    channel: str
    kind: str
    kind_zh: str
    urgency: str
    urgency_zh: str
    state: str
    state_zh: str
    fields: list[str]
    row_count: int
    batch_id: str | None
    rule_id: str | None
    finding_id: str | None
    description: str
    received_on: date
    due_on: date
    due_working_days: int | None
    due_estimated: bool = Field(description="截止日期为估算 the due date reaches a year with no official schedule yet")
    latest_extension: date
    extension_requested_to: date | None
    extension_reason: str | None
    outcome: str | None
    outcome_zh: str | None
    resolution_note: str | None
    resolved_on: date | None
    verification_note: str | None = Field(None, description="核验结论 why a fixed ticket was verified closed or reopened")
    verified_on: date | None = None
    overdue_days: int
    warnings: list[str]
    rows: list[str] | None = None
    history: list[HistoryOut] | None = None


class OverdueOut(BaseModel):
    id: int
    dataset: str
    due_on: date
    overdue_days: int
    overdue_working_days: int
    due_estimated: bool


class UnitOut(BaseModel):
    code: str
    role: str
    name: str
    name_en: str
    account: str
