"""Request shapes of the sharing API (what /docs shows business systems)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApplicationIn(_In):
    dataset: str = Field(max_length=64, description="数据集 dataset id from the catalog")
    purpose: str = Field(max_length=2000, description="用途 the duty the data serves (Art. 20); every call must state it")
    share_mode: str = Field(default="interface", description="提供方式 interface | exchange | central")
    access: str | None = Field(default=None, description="获取方式 lookup | paging (interface); package (exchange); query (central)")
    items: list[str] = Field(default=[], max_length=200, description="数据项 field names; empty: all")
    release: str | None = Field(default=None, description="发布副本 clean | restricted | not_shared; default as the share class allows")
    business_process: str = Field(default="", max_length=2000, description="业务流程 (restricted, not shared)")
    scenario: str = Field(default="", max_length=2000, description="应用场景 (restricted, not shared)")
    until: date | None = Field(default=None, description="使用期限 last day; default: the catalog's share period")


class VersionIn(_In):
    version: int | None = Field(default=None, description="所见版本 the version decided on; 409 if the application moved on")


class ReviewIn(VersionIn):
    approve: bool
    note: str = Field(default="", max_length=2000, description="审核意见 (required to reject)")


class RefuseIn(VersionIn):
    basis_kind: str | None = Field(default=None, description="依据类别 law | regulation | rule")
    basis: str | None = Field(default=None, max_length=2000, description="法律依据 the instrument by title in 《》 and article")
    reason: str = Field(default="", max_length=2000, description="不同意理由")


class DisputeIn(VersionIn):
    reason: str = Field(max_length=2000, description="争议理由")


class RulingIn(VersionIn):
    ruling: str = Field(description="评判结果 share | uphold | escalate")
    note: str = Field(max_length=2000, description="评判意见")
    owner: str = Field(default="", max_length=100, description="问题清单责任人 (escalate)")
    due_on: date | None = Field(default=None, description="问题清单办理期限 (escalate)")


class RevokeIn(_In):
    reason: str = Field(max_length=2000, description="撤销理由")


class LookupIn(_In):
    grant: int = Field(description="授权编号 your unit's live lookup grant")
    purpose: str = Field(max_length=2000, description="用途 the grant's purpose, as granted (Art. 20)")
    key: str = Field(max_length=64, description="查询键 the dataset's key: a resident ID, a credit code, an account number")
    fields: list[str] = Field(default=[], max_length=200, description="数据项 among the granted items; empty: all granted")
