"""Scanning cells, columns and frames for personal data.

One :class:`Scanner` holds every detector and the context words. A cell is width-folded, each
detector proposes candidates, context words score them, and :func:`resolve` keeps a
deterministic set of non-overlapping spans. Columns are scanned in parallel processes (fork),
since a cell costs tens of microseconds of pure Python.
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import TypeVar

import polars as pl

from masking.chunks import CHUNK, OVERLAP, windows
from masking.entities import PRIORITY, Entity, Span
from masking.marks import blank_marks
from masking.recognizers import all_detectors
from masking.recognizers.base import BATCH_SEP, Candidate, ContextWords, Detector, Header
from masking.recognizers.names import NameDetector
from standards.normalise import fold_width

DEFAULT_THRESHOLD = 0.5
# A column is read as a name column when at least this share of sampled cells is a bare name.
NAME_COLUMN_SHARE = 0.6
_RANK = {e: i for i, e in enumerate(PRIORITY)}


@dataclass(frozen=True)
class Finding:
    """One span in one cell; ``row`` is the 0-based data row, offsets are in characters."""

    row: int
    column: str
    entity: Entity
    start: int
    end: int
    score: float

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "entity_type": self.entity.value,
            "start": self.start,
            "end": self.end,
            "score": self.score,
        }


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Deterministic overlap rule, in O(n log n) for n spans.

    1. A span inside a longer one is dropped (a mobile inside an e-mail, a number inside an
       address): the longer reading explains more of the text.
    2. Of spans that overlap, the higher score wins, then the longer, then the kind with the
       stricter validation (:data:`PRIORITY`); for the same characters read as both a resident
       ID and a credit code, that means: the kind named by the nearest context word, else the ID.

    Rule 2 only ever compares spans that overlap, so it runs per cluster of overlapping spans
    (a sweep in start order); a long text's thousands of spans never meet each other.
    """
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    if all(s.start < s.end for s in ordered) and all(a.end <= b.start for a, b in itertools.pairwise(ordered)):
        return ordered  # nothing overlaps (most cells): both rules keep every span
    outer: list[Span] = []
    reach = -1  # furthest end of the spans that start before the current start
    group_start, group_reach = -1, -1  # the current start and the end of its longest span
    for s in ordered:
        if s.start != group_start:
            reach = max(reach, group_reach)
            group_start, group_reach = s.start, s.end
        elif s.end < group_reach:
            continue  # same start, a longer span seen first
        if reach >= s.end:
            continue  # inside a span that starts earlier (and so is longer)
        outer.append(s)
    kept: list[Span] = []
    cluster: list[Span] = []
    end = -1
    for s in outer:
        if cluster and s.start >= end:
            kept.extend(_by_priority(cluster))
            cluster = []
        cluster.append(s)
        end = max(end, s.end) if len(cluster) > 1 else s.end
    kept.extend(_by_priority(cluster))
    return sorted(kept, key=lambda s: s.start)


def _by_priority(cluster: list[Span]) -> list[Span]:
    """Rule 2 within one cluster of overlapping spans."""
    if len(cluster) < 2:
        return cluster
    kept: list[Span] = []
    for s in sorted(cluster, key=lambda s: (-s.score, -(s.end - s.start), _RANK[s.entity], s.start)):
        if all(s.end <= k.start or k.end <= s.start for k in kept):
            kept.append(s)
    return kept


class Scanner:
    def __init__(self, threshold: float = DEFAULT_THRESHOLD, detectors: Sequence[Detector] | None = None):
        self.threshold = threshold
        self.detectors = tuple(detectors or all_detectors())
        # Batched detectors run once over many short texts joined by BATCH_SEP; the others (names,
        # addresses: they read the words around a match) once per text. Detector order is kept
        # within each group, and the batched ones come first, as they do in all_detectors().
        self._batched = tuple(d for d in self.detectors if d.batched)
        self._single = tuple(d for d in self.detectors if not d.batched)
        self.context = ContextWords.load()
        self._names = next(d for d in self.detectors if isinstance(d, NameDetector))
        self._headers: dict[str, Header] = {}

    def header(self, column: str) -> Header:
        if column not in self._headers:
            self._headers[column] = self.context.header(fold_width(column))
        return self._headers[column]

    def infer_header(self, column: str, sample: Sequence[str | None]) -> Header:
        """The header's own context, plus PERSON if most sampled cells are bare names."""
        header = self.header(column)
        cells = [v.strip() for v in sample if v and v.strip()]
        if cells and Entity.PERSON not in header.entities:
            names = sum(self._names.is_whole_name(c) for c in cells)
            if names >= NAME_COLUMN_SHARE * len(cells):
                header = replace(header, entities=header.entities | {Entity.PERSON})
        return header

    def scan(self, text: str, header: Header = Header(), workers: int = 1) -> list[Span]:
        """Spans of ``text``, offsets in its characters; a long text is read in windows, and a
        very long one (:data:`PARALLEL_TEXT`) in ``workers`` processes."""
        if not text:
            return []
        folded = blank_marks(fold_width(text))
        if len(folded) <= CHUNK + 2 * OVERLAP:
            return resolve(self._scored(folded, header))
        return self._scan_long(folded, header, workers)

    def scan_batch(self, texts: Sequence[str], header: Header = Header()) -> list[list[Span]]:
        """Spans of each text, as :meth:`scan` finds them, in one process.

        Short texts share one pass of each batched detector over the texts joined by
        :data:`BATCH_SEP` (a regex call per batch instead of per text: most of the cost of a
        short record was calling them); the others read each text alone.
        """
        out: list[list[Span]] = [[] for _ in texts]
        short: list[int] = []
        for i, text in enumerate(texts):
            if not text:
                continue
            if len(text) > CHUNK + 2 * OVERLAP or BATCH_SEP in text:
                out[i] = self.scan(text, header)
            else:
                short.append(i)
        if not short:
            return out
        # Folding and blanking keep lengths and never read across BATCH_SEP: done once for all.
        joined = blank_marks(fold_width(BATCH_SEP.join(texts[i] for i in short)))
        starts: list[int] = []
        at = 0
        for i in short:
            starts.append(at)
            at += len(texts[i]) + 1
        found: list[list[Candidate]] = [[] for _ in short]
        for detector in self._batched:
            for c in detector.find(joined, header):
                k = bisect.bisect_right(starts, c.start) - 1
                lo = starts[k]
                found[k].append(Candidate(c.entity, c.start - lo, c.end - lo, c.score, c.boost))
        for k, i in enumerate(short):
            folded = joined[starts[k] : starts[k] + len(texts[i])]
            candidates = found[k]
            candidates.extend(c for d in self._single for c in d.find(folded, header))
            if candidates:
                out[i] = resolve(s for s in self.context.score(candidates, folded, header) if s.score >= self.threshold)
        return out

    def _scan_long(self, folded: str, header: Header, workers: int) -> list[Span]:

        def read(window: tuple[int, int, int, int]) -> list[Span]:
            lo, start, end, hi = window
            return [
                Span(s.entity, s.start + lo, s.end + lo, s.score)
                for s in self._scored(folded[lo:hi], header)
                if start <= s.start + lo < end
            ]

        parts = list(windows(folded))
        spread = workers > 1 and len(folded) >= PARALLEL_TEXT
        found = fork_map(parts, read, workers) if spread else [read(w) for w in parts]
        return resolve(s for spans in found for s in spans)

    def _scored(self, folded: str, header: Header) -> list[Span]:
        candidates = [c for d in self.detectors for c in d.find(folded, header)]
        if not candidates:
            return []
        return [s for s in self.context.score(candidates, folded, header) if s.score >= self.threshold]

    def scan_many(self, texts: Sequence[str | None], header: Header = Header(), workers: int = 1) -> list[list[Span] | None]:
        """Spans for each text (None for an empty one), in order; ``workers`` > 1 forks processes."""
        return map_texts(texts, lambda batch: self.scan_batch(batch, header), workers, lambda t: self.scan(t, header, workers))

    def scan_frame(
        self,
        frame: pl.DataFrame,
        columns: Sequence[str] | None = None,
        workers: int = 1,
        sample_size: int = 200,
    ) -> Iterator[Finding]:
        """Findings column by column, rows in order; non-text columns are read as text."""
        for column in columns or frame.columns:
            values = frame.get_column(column).cast(pl.String).to_list()
            header = self.infer_header(column, values[:sample_size])
            for row, spans in enumerate(self.scan_many(values, header, workers)):
                for s in spans or ():
                    yield Finding(row, column, s.entity, s.start, s.end, s.score)


T = TypeVar("T")
U = TypeVar("U")
# Set in the parent just before forking, so workers inherit the built scanner (and the function
# to run) instead of pickling detectors or reloading jieba's dictionary.
_WORKER: Callable[[object], object] | None = None
PARALLEL_MIN = 2000  # below this, starting processes costs more than it saves
# A text this long (characters) is read by all workers at once, window by window, rather than
# by one worker: a 10 MB cell is not left to a single core.
PARALLEL_TEXT = 200_000
# Short texts handed to one call of a batch function (Scanner.scan_batch): enough to make the
# per-call cost vanish, few enough that one batch's candidates stay small.
BATCH = 256


def map_texts(
    texts: Sequence[str | None],
    fn: Callable[[Sequence[str]], list[T]],
    workers: int = 1,
    long_fn: Callable[[str], T] | None = None,
) -> list[T | None]:
    """``fn`` over the non-empty texts (None for empty ones), in order, in ``workers`` processes;
    ``fn`` takes a batch of up to :data:`BATCH` texts and returns one result per text.

    Texts of :data:`PARALLEL_TEXT` characters or more go to ``long_fn`` in this process (it
    spreads one text over the workers itself), the rest to ``fn``.
    """
    out: list[T | None] = [None] * len(texts)
    if long_fn is not None and workers > 1:
        for i, t in enumerate(texts):
            if t and len(t) >= PARALLEL_TEXT:
                out[i] = long_fn(t)
        todo = [i for i, t in enumerate(texts) if t and len(t) < PARALLEL_TEXT]
    else:
        todo = [i for i, t in enumerate(texts) if t]
    short = [t for t in (texts[i] for i in todo) if t]
    batches = [short[i : i + BATCH] for i in range(0, len(short), BATCH)]
    spread = workers > 1 and len(short) >= PARALLEL_MIN
    done = fork_map(batches, fn, workers) if spread else [fn(b) for b in batches]
    for i, d in zip(todo, (d for batch in done for d in batch)):
        out[i] = d
    return out


def fork_map(items: Sequence[U], fn: Callable[[U], T], workers: int) -> list[T]:
    """``fn`` over ``items``, in order, in ``workers`` forked processes (fn is inherited, not pickled)."""
    global _WORKER
    _WORKER = fn  # type: ignore[assignment]
    chunk = max(1, -(-len(items) // (workers * 8)))
    parts = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [out for part in pool.map(_run_part, parts) for out in part]
    finally:
        _WORKER = None


def _run_part(items: Sequence[object]) -> list:
    assert _WORKER is not None
    return [_WORKER(t) for t in items]


_DEFAULT: Scanner | None = None


def default_scanner() -> Scanner:
    """The process-wide scanner (building one reads jieba's dictionary: ~0.7 s)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Scanner()
    return _DEFAULT
