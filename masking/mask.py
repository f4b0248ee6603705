"""Apply a policy to a frame: structured columns by column expression, free text span by span."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from catalog.model import PersonalKind
from masking.entities import ENTITY_KIND, Span
from masking.policy import Action, Policy
from masking.recognizers.base import Header
from masking.scan import Scanner, map_texts
from masking.transforms import apply, column_expr


@dataclass
class Masked:
    frame: pl.DataFrame
    actions: dict[str, str] = field(default_factory=dict)  # column -> what was done
    spans: dict[str, Counter] = field(default_factory=dict)  # free-text column -> entity counts


def replace_spans(text: str, spans: Sequence[Span], policy: Policy, key: bytes, counts: Counter | None = None) -> str:
    """Each span replaced in place by its kind's free-text rule; credit codes stay (not personal)."""
    for s in sorted(spans, key=lambda s: s.start, reverse=True):
        kind = ENTITY_KIND[s.entity]
        if kind is PersonalKind.none:
            continue
        rule = policy.rule(kind, in_text=True)
        if rule.action is Action.keep:
            continue
        new = apply(kind, rule, text[s.start : s.end], key, in_text=True)
        text = text[: s.start] + (new or "") + text[s.end :]
        if counts is not None:
            counts[s.entity.value] += 1
    return text


def mask_frame(
    frame: pl.DataFrame,
    kinds: Mapping[str, PersonalKind],
    policy: Policy,
    key: bytes,
    scanner: Scanner,
    workers: int = 1,
) -> Masked:
    """Columns absent from ``kinds`` or of kind ``none`` pass unchanged."""
    exprs: list[pl.Expr] = []
    result = Masked(frame)
    for column in frame.columns:
        kind = kinds.get(column, PersonalKind.none)
        if kind in (PersonalKind.none, PersonalKind.free_text):
            continue
        rule = policy.rule(kind)
        exprs.append(column_expr(column, frame.schema[column], kind, rule, key))
        result.actions[column] = f"{kind.value}: {rule.action.value}" + (f" ({rule.style or rule.to})" if rule.style or rule.to else "")
    out = frame.with_columns(exprs) if exprs else frame
    for column, kind in kinds.items():
        if kind is not PersonalKind.free_text or column not in frame.columns:
            continue
        values = out.get_column(column).cast(pl.String).to_list()
        header = scanner.header(column)

        def mask_one(text: str, header: Header = header) -> tuple[str, tuple[str, ...]]:
            # Scan and replace in the worker: only the masked text travels back.
            spans = scanner.scan(text, header)
            return (replace_spans(text, spans, policy, key), tuple(s.entity.value for s in spans)) if spans else (text, ())

        done = map_texts(values, mask_one, workers)
        counts = Counter(e for d in done if d for e in d[1])
        masked = [d[0] if d else v for d, v in zip(done, values)]
        out = out.with_columns(pl.Series(column, masked, dtype=pl.String))
        replaced = ", ".join(f"{e}×{n}" for e, n in sorted(counts.items())) or "none found"
        result.actions[column] = f"free_text: spans replaced: {replaced}"
        result.spans[column] = counts
    result.frame = out
    return result


def remask_cells(
    frame: pl.DataFrame, rows: Mapping[str, set[int]], policy: Policy, key: bytes, scanner: Scanner
) -> tuple[pl.DataFrame, int]:
    """Mask the given free-text cells again; returns the frame and how many cells changed.

    Masking a span changes its neighbours' context, so a rare second reading can find what the
    first did not (a brand remnant read as a name once a city name before it is masked).
    """
    changed = 0
    for column, indices in rows.items():
        values = frame.get_column(column).to_list()
        header = scanner.header(column)
        for i in indices:
            spans = scanner.scan(values[i], header)
            if spans:
                values[i] = replace_spans(values[i], spans, policy, key)
                changed += 1
        frame = frame.with_columns(pl.Series(column, values, dtype=pl.String))
    return frame, changed
