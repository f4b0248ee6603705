"""Apply a policy to a frame: structured columns by column expression, free text span by span."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from catalog.model import PersonalKind
from masking.entities import ENTITY_KIND, Entity, Span
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
    """Each span replaced in place by its kind's free-text rule; credit codes stay (not personal).

    The output is assembled from pieces in one pass, so a cell with many spans costs time linear
    in its length (slicing and re-joining the whole text per span was quadratic).
    """
    pieces: list[str] = []
    done = 0
    for s in sorted(spans, key=lambda s: s.start):
        kind = ENTITY_KIND[s.entity]
        if kind is PersonalKind.none or s.start < done:
            continue
        rule = policy.rule(kind, in_text=True)
        if rule.action is Action.keep:
            continue
        pieces.append(text[done : s.start])
        pieces.append(apply(kind, rule, text[s.start : s.end], key, in_text=True) or "")
        done = s.end
        if counts is not None:
            counts[s.entity.value] += 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


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

        def mask_batch(texts: Sequence[str], header: Header = header) -> list[tuple[str, tuple[str, ...]]]:
            # Scan and replace in the worker: only the masked texts travel back.
            return mask_texts(texts, scanner, header, policy, key)

        def mask_long(text: str, header: Header = header) -> tuple[str, tuple[str, ...]]:
            # A very long cell is read by all workers at once (masking.scan.PARALLEL_TEXT).
            return mask_text(text, scanner, header, policy, key, workers=workers)

        done = map_texts(values, mask_batch, workers, mask_long)
        counts = Counter(e for d in done if d for e in d[1])
        masked = [d[0] if d else v for d, v in zip(done, values)]
        out = out.with_columns(pl.Series(column, masked, dtype=pl.String))
        replaced = ", ".join(f"{e}×{n}" for e, n in sorted(counts.items())) or "none found"
        result.actions[column] = f"free_text: spans replaced: {replaced}"
        result.spans[column] = counts
    result.frame = out
    return result


def mask_text(
    text: str, scanner: Scanner, header: Header, policy: Policy, key: bytes, rounds: int = 1, workers: int = 1
) -> tuple[str, tuple[str, ...]]:
    """``text`` masked, and the kinds replaced; with ``rounds`` > 1, read again until nothing new
    is found (at most ``rounds`` readings; a text with nothing found is read once).

    The marks masking leaves are boundaries to the scanner (:mod:`masking.marks`), so a reading
    never finds them. Releases read once here and let the gate's own reading decide which cells
    to mask again (:func:`masking.gate.settle`): one reading per cell is saved.
    """
    found: list[str] = []
    for _ in range(rounds):
        masked, kinds = _replaced(text, scanner.scan(text, header, workers), policy, key)
        if masked == text:
            break
        found.extend(kinds)
        text = masked
    return text, tuple(found)


def mask_texts(
    texts: Sequence[str], scanner: Scanner, header: Header, policy: Policy, key: bytes
) -> list[tuple[str, tuple[str, ...]]]:
    """Each text masked after one reading, as :func:`mask_text` masks it; short texts are
    scanned together (:meth:`Scanner.scan_batch`)."""
    return [_replaced(text, spans, policy, key) for text, spans in zip(texts, scanner.scan_batch(texts, header))]


def _replaced(text: str, spans: Sequence[Span], policy: Policy, key: bytes) -> tuple[str, tuple[str, ...]]:
    """``text`` with the spans the policy removes replaced, and their kinds (none if unchanged)."""
    removed = [s for s in spans if removes(policy, s.entity)]
    masked = replace_spans(text, removed, policy, key) if removed else text
    return masked, tuple(s.entity.value for s in removed) if masked != text else ()


def removes(policy: Policy, entity: Entity) -> bool:
    """Whether the policy's free-text rule changes spans of this kind (credit codes are kept)."""
    kind = ENTITY_KIND[entity]
    return kind is not PersonalKind.none and policy.rule(kind, in_text=True).action is not Action.keep


def remask_cells(
    frame: pl.DataFrame, rows: Mapping[str, set[int]], policy: Policy, key: bytes, scanner: Scanner
) -> tuple[pl.DataFrame, int]:
    """Mask the given free-text cells again (one more reading each); returns the frame and how
    many cells changed."""
    changed = 0
    for column, indices in rows.items():
        values = frame.get_column(column).to_list()
        header = scanner.header(column)
        for i in indices:
            masked, _ = mask_text(values[i], scanner, header, policy, key)
            if masked != values[i]:
                values[i] = masked
                changed += 1
        frame = frame.with_columns(pl.Series(column, values, dtype=pl.String))
    return frame, changed
