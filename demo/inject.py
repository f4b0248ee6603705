"""Putting the faults of :mod:`demo.faults` into a clean table, with exact bookkeeping.

Order is what makes the counts exact: quarantine faults first, one per row, on rows no
builder has reserved; then repairs and blanks on the remaining rows, never two in one cell;
last, duplicates of rows that carry no fault at all. Each fault is drawn in whole columns of
row positions; only the chosen cells are rewritten, one Python call per cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import polars as pl

from demo.faults import FAULTS, FaultPlan, Outcome, count_for
from demo.tables import Layout, Table
from standards.checksums import ID_CHECK_CODES, USCC_ALPHABET

_DATE_STYLES = (
    "{Y}-{m:02d}-{d:02d}",
    "{Y}/{m:02d}/{d:02d}",
    "{Y}{m:02d}{d:02d}",
    "{Y}年{m}月{d}日",
    "{Y}.{m:02d}.{d:02d}",
    "{Y}/{m}/{d}",
)
_DATETIME_STYLES = (
    "{Y}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d}",
    "{Y}/{m:02d}/{d:02d} {H:02d}:{M:02d}",
    "{Y}年{m}月{d}日 {H:02d}:{M:02d}",
    "{Y}{m:02d}{d:02d}{H:02d}{M:02d}{S:02d}",
    "{Y}-{m:02d}-{d:02d}T{H:02d}:{M:02d}:{S:02d}",
)
_IMPOSSIBLE_DATES = ((2021, 2, 30), (2023, 13, 1), (2019, 4, 31), (2022, 2, 29), (2020, 0, 0))
_UNPARSEABLE_WORDS = ("不详", "待补录")
_UNPARSEABLE_NUMBERS = ("待核定", "#VALUE!", "1O5O", "三")
_WHITESPACE = ((" ", ""), ("", " "), ("", "\u3000"), ("  ", " "))
_FULL_WIDTH = str.maketrans("0123456789.-+", "０１２３４５６７８９．－＋")


def alternative_styles(date_format: str) -> tuple[str, ...]:
    """The other ways of writing a date than the provider's own ``date_format``."""
    styles = _DATETIME_STYLES if "%H" in date_format else _DATE_STYLES
    probe = datetime(2021, 12, 4, 9, 5, 7)
    own = probe.strftime(date_format)
    return tuple(s for s in styles if _render(s, probe) != own)


def _render(style: str, t: datetime) -> str:
    return style.format(Y=t.year, m=t.month, d=t.day, H=t.hour, M=t.minute, S=t.second)


def _impossible(date_format: str, k: int) -> str:
    y, m, d = _IMPOSSIBLE_DATES[k % len(_IMPOSSIBLE_DATES)]
    text = date_format.replace("%Y", f"{y:04d}").replace("%m", f"{m:02d}").replace("%d", f"{d:02d}")
    return text.replace("%H", "09").replace("%M", "30").replace("%S", "00")


def wrong_check_code(value: str, shift: int, is_resident_id: bool) -> str:
    """``value`` with its check character replaced by another valid symbol (never the right one)."""
    alphabet = ID_CHECK_CODES if is_resident_id else USCC_ALPHABET
    wrong = alphabet[(alphabet.index(value[-1]) + 1 + shift % (len(alphabet) - 1)) % len(alphabet)]
    return value[:-1] + wrong


# How a fault rewrites one cell: (column, old value, random variant) -> new value (None = blank).
Change = Callable[[str, str, int], str | None]


@dataclass
class Injected:
    """A dataset after faults: the rows to write and what is in them."""

    frame: pl.DataFrame
    counts: dict[str, dict[str, int]]  # fault -> column ("*" for whole rows) -> count
    quarantined: np.ndarray  # positions, in the clean table, of rows bound for quarantine

    @property
    def expected_quarantined(self) -> int:
        """Rows an ingestion must quarantine: one per quarantine fault (they never share a row)."""
        return sum(
            sum(cols.values())
            for fault, cols in self.counts.items()
            if fault in FAULTS and FAULTS[fault].outcome is Outcome.quarantine
        )


@dataclass
class _Cells:
    """Mutable columns with a per-cell 'already faulted' mask, so repairs never stack in a cell."""

    columns: dict[str, pl.Series]
    touched: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.touched = {c: np.zeros(len(s), dtype=bool) for c, s in self.columns.items()}

    def rewrite(self, column: str, rows: np.ndarray, change: Change, rng: np.random.Generator) -> None:
        old = self.columns[column].gather(rows).to_list()
        variant = rng.integers(0, 1 << 30, len(rows)).tolist()
        new = [change(column, v, k) for v, k in zip(old, variant, strict=True)]
        self.columns[column] = self.columns[column].scatter(rows, new)
        self.touched[column][rows] = True

    def any_touched(self) -> np.ndarray:
        return np.logical_or.reduce(list(self.touched.values()))


def inject(table: Table, layout: Layout, plan: FaultPlan, rng: np.random.Generator) -> Injected:
    """Apply ``plan`` to ``table``: quarantine faults on disjoint rows, then repairs and blanks
    on the other rows (one fault per cell), then duplicates of untouched rows."""
    n = table.frame.height
    cells = _Cells({c: table.frame[c].clone() for c in table.frame.columns})
    counts: dict[str, dict[str, int]] = {fault: dict(cols) for fault, cols in table.accepted.items()}
    quarantined = np.zeros(n, dtype=bool)

    free = rng.permutation(np.flatnonzero(~table.reserved))
    taken = 0
    for fault, columns, change in _quarantine_faults(layout, table.date_format):
        k = min(count_for(plan.rate(fault), len(free)), len(free) - taken) if columns else 0
        rows = free[taken : taken + k]
        taken += k
        quarantined[rows] = True
        _spread(cells, fault, rows, columns, np.ones((k, len(columns)), dtype=bool), change, rng, counts)

    for fault, columns, eligible, change in _cell_faults(layout, plan, table.date_format, cells):
        if not columns or plan.rate(fault) == 0:
            continue
        ok = np.column_stack([eligible(c) & ~cells.touched[c] & ~quarantined for c in columns])
        if fault == "missing_optional":
            ok &= ~table.reserved[:, None]
        candidates = np.flatnonzero(ok.any(axis=1))
        rows = np.sort(rng.choice(candidates, size=count_for(plan.rate(fault), len(candidates)), replace=False))
        _spread(cells, fault, rows, columns, ok[rows], change, rng, counts)

    frame = pl.DataFrame(list(cells.columns.values()))
    clean = np.flatnonzero(~(quarantined | table.reserved | cells.any_touched()))
    k = count_for(plan.rate("duplicate_record"), len(clean))
    if k:
        order = np.insert(np.arange(n), rng.integers(0, n + 1, k), np.sort(rng.choice(clean, size=k, replace=False)))
        frame = frame[order]
        counts["duplicate_record"] = {"*": k}
    return Injected(frame=frame, counts=counts, quarantined=np.flatnonzero(quarantined))


def _spread(
    cells: _Cells,
    fault: str,
    rows: np.ndarray,
    columns: tuple[str, ...],
    allowed: np.ndarray,
    change: Change,
    rng: np.random.Generator,
    counts: dict[str, dict[str, int]],
) -> None:
    """Give each of ``rows`` the fault in one of its allowed columns, chosen at random."""
    if len(rows) == 0:
        return
    score = np.where(allowed, rng.random(allowed.shape), -1.0)
    choice = score.argmax(axis=1)
    per_column = counts.setdefault(fault, {})
    for j, column in enumerate(columns):
        hit = rows[choice == j]
        if len(hit):
            cells.rewrite(column, hit, change, rng)
            per_column[column] = per_column.get(column, 0) + len(hit)


def _quarantine_faults(layout: Layout, date_format: str) -> tuple[tuple[str, tuple[str, ...], Change], ...]:
    """(fault, columns, change) for the row faults that must end in quarantine."""
    dates = set(layout.dates)

    def corrupt(column: str, value: str, k: int) -> str:
        return wrong_check_code(value, k, column in layout.resident_ids)

    def unparseable(column: str, value: str, k: int) -> str:
        if column in dates:
            words = _UNPARSEABLE_WORDS
            return words[k % len(words)] if k % 4 == 0 else _impossible(date_format, k // 4)
        return _UNPARSEABLE_NUMBERS[k % len(_UNPARSEABLE_NUMBERS)]

    unparseable_columns = tuple(c for c in layout.required if c in dates or c in layout.numbers)
    return (
        ("invalid_check_code", layout.checked_codes, corrupt),
        ("missing_required", layout.required, lambda c, v, k: None),
        ("unparseable_value", unparseable_columns, unparseable),
    )


def _cell_faults(
    layout: Layout, plan: FaultPlan, date_format: str, cells: _Cells
) -> tuple[tuple[str, tuple[str, ...], Callable[[str], np.ndarray], Change], ...]:
    """(fault, columns, eligible(column) -> mask, change) for repairs and accepted blanks."""
    styles = alternative_styles(date_format)

    def present(column: str) -> np.ndarray:
        return cells.columns[column].is_not_null().to_numpy()

    def ends_in_x(column: str) -> np.ndarray:
        return cells.columns[column].str.ends_with("X").fill_null(False).to_numpy()

    def restyle(column: str, value: str, k: int) -> str:
        return _render(styles[k % len(styles)], datetime.strptime(value, date_format))

    def pad(column: str, value: str, k: int) -> str:
        before, after = _WHITESPACE[k % len(_WHITESPACE)]
        return before + value + after

    def reformat_mobile(column: str, v: str, k: int) -> str:
        forms = (f"+86 {v}", f"{v[:3]}-{v[3:7]}-{v[7:]}", f"{v[:3]} {v[3:7]} {v[7:]}", f"+86-{v}")
        return forms[k % len(forms)]

    blankable = plan.blankable if plan.blankable is not None else layout.optional
    padded = tuple(
        c for c in layout.columns if c not in set(layout.dates + layout.numbers + layout.mobiles + layout.free_text)
    )
    return (
        ("missing_optional", blankable, present, lambda c, v, k: None),
        ("lowercase_x", layout.resident_ids, ends_in_x, lambda c, v, k: v[:-1] + "x"),
        ("mobile_format", layout.mobiles, present, reformat_mobile),
        ("full_width_digits", plan.full_width_columns, present, lambda c, v, k: v.translate(_FULL_WIDTH)),
        ("mixed_date_format", layout.dates, present, restyle),
        ("whitespace", padded, present, pad),
    )
