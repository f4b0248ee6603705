"""The privacy gate (Art. 16, 17, 32): a release's output is scanned again before it is written.

Anything personal that the policy should have removed makes the release fail, and the
message says where (column, row) and what (kind, masked value) without printing the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from catalog.model import PersonalKind
from masking.classify import observe
from masking.entities import ENTITY_KIND, Entity
from masking.policy import Action, Policy
from masking.scan import Scanner
from masking.transforms import is_mask_residue, mask_value

# An organisation's registered address is public register data; the catalog decides whether
# an address column is personal, so an address in a non-personal column is reported, not fatal.
_NOT_FATAL_IN_PLAIN_COLUMNS = frozenset({Entity.ADDRESS})
MAX_REPORTED = 10


class PrivacyGateFailed(Exception):
    """Personal data remains in a release's output; nothing was written."""

    def __init__(self, release: str, problems: list[str]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:MAX_REPORTED])
        more = f"\n  … and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
        super().__init__(
            f"隐私闸门未通过 privacy gate failed for {release}: personal data remains, nothing was written.\n"
            f"{shown}{more}\n"
            "请检查资源目录中该列的个人信息类别或脱敏策略 check the column's `personal` kind in the catalog "
            "or the masking policy, then run the release again."
        )


@dataclass
class GateResult:
    passed: bool
    checked_cells: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    free_text_rows: dict[str, set[int]] = field(default_factory=dict)  # free-text problems: column -> rows
    structured_problems: int = 0

    def as_metadata(self) -> dict:
        return {"passed": self.passed, "checked_cells": self.checked_cells, "problems": self.problems, "warnings": self.warnings}


def _removed(policy: Policy, kind: PersonalKind, in_text: bool) -> bool:
    return kind is not PersonalKind.none and policy.rule(kind, in_text=in_text).action is not Action.keep


def _shown(entity: Entity, value: str) -> str:
    kind = ENTITY_KIND[entity]
    return mask_value(kind, value) if kind is not PersonalKind.none else value


def check(
    frame: pl.DataFrame,
    kinds: Mapping[str, PersonalKind],
    labels: Mapping[str, str],
    policy: Policy,
    scanner: Scanner,
    workers: int = 1,
) -> GateResult:
    """Scan the would-be release; ``labels`` give each column's human header (context words)."""
    result = GateResult(passed=True)
    for column in frame.columns:
        if column.startswith("_"):
            continue
        kind = kinds.get(column, PersonalKind.none)
        header_text = labels.get(column, column)
        series = frame.get_column(column).cast(pl.String)
        if kind is PersonalKind.none:
            cells = [v for v in series.drop_nulls().unique().to_list() if v.strip()]
            entity, share = observe(scanner, header_text, cells[:500])
            if entity is not None and _removed(policy, ENTITY_KIND[entity], in_text=False):
                message = (
                    f"column {column!r} ({header_text}) is catalogued as not personal but {share:.0%} of its "
                    f"cells are {entity.value}"
                )
                (result.warnings if entity in _NOT_FATAL_IN_PLAIN_COLUMNS else result.problems).append(message)
            continue
        in_text = kind is PersonalKind.free_text
        if not in_text and not _removed(policy, kind, in_text=False):
            continue
        # Structured columns repeat values (pseudonyms, masks): each distinct value is scanned once.
        values = series.to_list() if in_text else series.drop_nulls().unique().to_list()
        header = scanner.infer_header(header_text, values[:200])
        result.checked_cells += len(values)
        for i, spans in enumerate(scanner.scan_many(values, header, workers)):
            for s in spans or ():
                value = values[i]
                if is_mask_residue(ENTITY_KIND[s.entity], value, s.start, s.end):
                    continue
                if _removed(policy, ENTITY_KIND[s.entity], in_text=in_text):
                    row = i if in_text else _first_row(series, value)
                    if in_text:
                        result.free_text_rows.setdefault(column, set()).add(row)
                    else:
                        result.structured_problems += 1
                    result.problems.append(
                        f"column {column!r} row {row}: {s.entity.value} {_shown(s.entity, value[s.start:s.end])!r} remains"
                    )
    result.passed = not result.problems
    return result


def _first_row(series: pl.Series, value: str) -> int:
    return int((series == value).arg_true()[0])
