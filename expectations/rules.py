"""A quality rule: what it is called, which article it serves, how bad a failure is, and its check.

A rule is defined once. Its :class:`~expectations.checks.Check` gives the polars predicate that
finds failing rows (at ingestion's door and in verification) and the Great Expectations
expectation that documents and validates it; nothing else holds a copy of the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from expectations.checks import Check


class Severity(str, Enum):
    critical = "critical"  # 严重: blocks everything downstream of the asset
    warning = "warning"  # 警告: reported, never blocks
    info = "info"  # 提示


class Stage(str, Enum):
    door = "door"  # 入库: ingestion quarantines the row with the rule's reason
    verify = "verify"  # 核验: the clean table's asset check reports the row as a finding


SEVERITY_ZH = {Severity.critical: "严重", Severity.warning: "警告", Severity.info: "提示"}
BOTH = frozenset({Stage.door, Stage.verify})
VERIFY = frozenset({Stage.verify})
DOOR = frozenset({Stage.door})


@dataclass(frozen=True)
class Columns:
    """How a check reaches a field: ``value`` is the typed column, ``text`` the text as delivered.

    At the door ``text`` is the raw cell; in verification only string columns have a text
    form (the clean column itself), so text-only checks on typed columns run at the door only.
    """

    text_columns: dict[str, str] = field(default_factory=dict)  # field name -> column with its text
    door: bool = False  # True while ingesting: ``text`` is the raw cell of every field

    def value(self, name: str) -> pl.Expr:
        return pl.col(name)

    def text(self, name: str) -> pl.Expr:
        return pl.col(self.text_columns.get(name, name)).cast(pl.String)

    def given(self, name: str) -> pl.Expr:
        """Something was delivered (at the door: non-blank text; later: a value)."""
        if self.door:
            return self.text(name).str.strip_chars().str.len_bytes().fill_null(0) > 0
        return self.value(name).is_not_null()


@dataclass(frozen=True)
class Rule:
    id: str  # <dataset>.<column or topic>.<check>, stable: findings and tickets refer to it
    name_zh: str
    name_en: str
    article: str  # e.g. "第29条 Art. 29"
    severity: Severity
    dataset: str  # its provider is the one responsible (for cross-source rules, the non-authoritative side)
    columns: tuple[str, ...]  # clean column names the rule reads
    check: Check
    stages: frozenset[Stage] = BOTH
    labels: tuple[str, ...] = ()  # the provider's column headers, for reasons at the door

    def failing(self, cols: Columns | None = None) -> pl.Expr:
        """True where a row breaks the rule; never null."""
        return self.check.failing(cols or Columns()).fill_null(False)

    @property
    def title(self) -> str:
        return f"{self.name_zh} {self.name_en}"

    def reason(self) -> str:
        """The quarantine clause: the column(s) as the provider names them, then the rule."""
        where = ", ".join(self.labels or self.columns)
        return f"[{where}] {self.title}"
