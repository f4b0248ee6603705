"""The privacy gate (Art. 16, 17, 32): a release's output is scanned again before it is written.

Anything personal that the policy should have removed makes the release fail, and the
message says where (column, row) and what (kind, masked value) without printing the value.

The gate judges content, not the masker's own marks: the scanner never reads across a
placeholder or mask character (:mod:`masking.marks`), and given the original free text, a
span in the output fails the release only if the same characters were personal in the
original cell — a value the masking left in clear. A reading that exists only because masking
changed its neighbours (``[姓名]伍德大师``) is reported as masked again, never as a failure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from catalog.model import PersonalKind
from masking.classify import observe
from masking.entities import ENTITY_KIND, Entity
from masking.mask import remask_cells
from masking.policy import Action, Policy
from masking.recognizers.base import Header
from masking.scan import Scanner
from masking.transforms import apply, is_mask_residue, mask_value

# An organisation's registered address is public register data; the catalog decides whether
# an address column is personal, so an address in a non-personal column is reported, not fatal.
_NOT_FATAL_IN_PLAIN_COLUMNS = frozenset({Entity.ADDRESS})
MAX_REPORTED = 10
# Free-text cells with findings are masked again and re-read at most this often.
REPAIR_ROUNDS = 3


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
    passed: bool = True
    checked_cells: int = 0
    problems: list[str] = field(default_factory=list)  # structured and plain columns
    warnings: list[str] = field(default_factory=list)
    structured_problems: int = 0
    # Free text, per (column, row): personal data of the original left in clear, and the number
    # of spans found only in the masked text (made by masking, not personal in the original).
    cells: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    after_masking: dict[tuple[str, int], int] = field(default_factory=dict)
    masked_again: int = 0  # cells masked again because a reading found something new

    @property
    def free_text_rows(self) -> dict[str, set[int]]:
        """Free-text cells with any finding, column -> rows: the cells to mask again."""
        rows: dict[str, set[int]] = {}
        for column, row in [*self.cells, *self.after_masking]:
            rows.setdefault(column, set()).add(row)
        return rows

    @property
    def all_problems(self) -> list[str]:
        return self.problems + [p for cell in sorted(self.cells) for p in self.cells[cell]]

    def updated(self, again: GateResult, rows: Mapping[str, set[int]]) -> GateResult:
        """This result with the free-text cells in ``rows`` judged again (``again`` covers them)."""
        redone = {(c, r) for c, rs in rows.items() for r in rs}
        out = replace(
            self,
            checked_cells=self.checked_cells + again.checked_cells,
            cells={k: v for k, v in self.cells.items() if k not in redone} | again.cells,
            after_masking={k: v for k, v in self.after_masking.items() if k not in redone} | again.after_masking,
        )
        out.passed = not out.problems and not out.cells
        return out

    def as_metadata(self) -> dict:
        remaining = sum(self.after_masking.values())
        warnings = self.warnings + (
            [f"{remaining} free-text span(s) are read as personal only in the masked text (made by masking, not "
             "personal in the original): not a failure"] if remaining else []
        )
        return {
            "passed": self.passed,
            "checked_cells": self.checked_cells,
            "problems": self.all_problems,
            "warnings": warnings,
            "free_text_cells_masked_again": self.masked_again,
        }


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
    original: Mapping[str, Sequence[str | None]] | None = None,
    only: Mapping[str, set[int]] | None = None,
) -> GateResult:
    """Scan the would-be release; ``labels`` give each column's human header (context words).

    ``original`` holds each free-text column as it was before masking, indexed by output row
    (the caller aligns rows a k-anonymity step dropped); without it every span in free text
    counts as personal data left in clear. ``only`` limits the scan to these free-text cells.
    """
    result = GateResult()
    for column in frame.columns:
        if column.startswith("_"):
            continue
        kind = kinds.get(column, PersonalKind.none)
        header_text = labels.get(column, column)
        if kind is PersonalKind.free_text:
            before = original.get(column) if original is not None else None
            rows = sorted(only.get(column, ())) if only is not None else None
            _check_text(result, frame.get_column(column).cast(pl.String), header_text, policy, scanner, workers, before, rows)
        elif only is None:
            _check_column(result, frame.get_column(column).cast(pl.String), kind, header_text, policy, scanner, workers)
    result.passed = not result.problems and not result.cells
    return result


def _check_column(
    result: GateResult, series: pl.Series, kind: PersonalKind, header_text: str, policy: Policy, scanner: Scanner, workers: int
) -> None:
    column = series.name
    if kind is PersonalKind.none:
        cells = [v for v in series.drop_nulls().unique().to_list() if v.strip()]
        entity, share = observe(scanner, header_text, cells[:500])
        if entity is not None and _removed(policy, ENTITY_KIND[entity], in_text=False):
            message = (
                f"column {column!r} ({header_text}) is catalogued as not personal but {share:.0%} of its "
                f"cells are {entity.value}"
            )
            (result.warnings if entity in _NOT_FATAL_IN_PLAIN_COLUMNS else result.problems).append(message)
        return
    if not _removed(policy, kind, in_text=False):
        return
    # Structured columns repeat values (pseudonyms, masks): each distinct value is scanned once.
    values = series.drop_nulls().unique().to_list()
    header = scanner.infer_header(header_text, values[:200])
    result.checked_cells += len(values)
    for value, spans in zip(values, scanner.scan_many(values, header, workers)):
        for s in spans or ():
            if is_mask_residue(ENTITY_KIND[s.entity], value, s.start, s.end) or not _removed(policy, ENTITY_KIND[s.entity], False):
                continue
            # A place name read as a person inside what generalising the released value again keeps.
            if ENTITY_KIND[s.entity] is not kind and s.end <= _kept(policy, kind, value, in_text=False):
                continue
            result.structured_problems += 1
            result.problems.append(
                f"column {column!r} row {_first_row(series, value)}: {s.entity.value} "
                f"{_shown(s.entity, value[s.start:s.end])!r} remains"
            )


def _check_text(
    result: GateResult,
    series: pl.Series,
    header_text: str,
    policy: Policy,
    scanner: Scanner,
    workers: int,
    before: Sequence[str | None] | None,
    rows: list[int] | None,
) -> None:
    column = series.name
    values = series.to_list()
    header = scanner.infer_header(header_text, values[:200])
    if rows is None:
        rows = list(range(len(values)))
    texts = [values[i] for i in rows]
    result.checked_cells += len(texts)
    for i, text, spans in zip(rows, texts, scanner.scan_many(texts, header, workers)):
        for s in spans or ():
            if is_mask_residue(ENTITY_KIND[s.entity], text, s.start, s.end) or not _removed(policy, ENTITY_KIND[s.entity], True):
                continue
            found = text[s.start : s.end]
            if before is not None and not personal_in_original(scanner, header, policy, before[i], found):
                result.after_masking[column, i] = result.after_masking.get((column, i), 0) + 1
                continue
            result.cells.setdefault((column, i), []).append(
                f"column {column!r} row {i}: {s.entity.value} {_shown(s.entity, found)!r} remains"
            )


def personal_in_original(scanner: Scanner, header: Header, policy: Policy, original: str | None, found: str) -> bool:
    """Whether ``found`` (a span of the masked text) is, somewhere in the original cell, on
    characters the original reading holds personal: a value the masking left in clear."""
    if not original or not found:
        return False
    spans = [s for s in scanner.scan(original, header) if _removed(policy, ENTITY_KIND[s.entity], in_text=True)]
    at = original.find(found)
    while at >= 0:
        end = at + len(found)
        if any(s.start < end and at < s.end
               and not s.start <= at < end <= s.start + _kept(policy, ENTITY_KIND[s.entity], original[s.start : s.end])
               for s in spans):
            return True
        at = original.find(found, at + 1)
    return False


def _kept(policy: Policy, kind: PersonalKind, value: str, *, in_text: bool = True) -> int:
    """How many leading characters of a value the policy keeps on purpose: an address generalised to
    its street keeps the divisions and road (张家港市杨舍镇人民路***), and a reading found there
    (张家港 as a person) is the policy's choice, not a leak."""
    rule = policy.rule(kind, in_text=in_text)
    if rule.action not in (Action.mask, Action.generalise):
        return 0
    out = apply(kind, rule, value, b"", in_text=in_text) or ""
    return next((i for i, (a, b) in enumerate(zip(value, out, strict=False)) if a != b), min(len(value), len(out)))


def settle(
    frame: pl.DataFrame,
    kinds: Mapping[str, PersonalKind],
    labels: Mapping[str, str],
    policy: Policy,
    scanner: Scanner,
    key: bytes,
    workers: int = 1,
    original: Mapping[str, Sequence[str | None]] | None = None,
) -> tuple[pl.DataFrame, GateResult]:
    """Check the masked frame; mask again the free-text cells where a reading finds something,
    and read those cells again, until nothing new is found (at most :data:`REPAIR_ROUNDS`).

    Masking a span changes its neighbours' context, so a second reading can find what the first
    did not (a brand remnant read as a name once the city before it is masked). Only the cells
    with findings are read again, so a release costs one masking pass and one gate pass.
    """
    result = check(frame, kinds, labels, policy, scanner, workers, original)
    for _ in range(REPAIR_ROUNDS):
        rows = result.free_text_rows
        if not rows or result.problems:
            break
        frame, changed = remask_cells(frame, rows, policy, key, scanner)
        if not changed:
            break
        masked_again = result.masked_again + changed
        result = result.updated(check(frame, kinds, labels, policy, scanner, workers, original, only=rows), rows)
        result.masked_again = masked_again
    return frame, result


def _first_row(series: pl.Series, value: str) -> int:
    return int((series == value).arg_true()[0])
