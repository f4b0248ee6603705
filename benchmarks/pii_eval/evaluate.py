"""Score ``dw pii scan`` against the synthetic corpus built by ``make_corpus.py``.

A finding matches a label when row, column and entity type agree and the overlap covers at least
50 % of the label and at least 50 % of the finding (one-to-one, largest overlap first).
Prints a markdown report: recall per entity type, precision, recall per generator variant,
and the most frequent kinds of misses and false positives with masked examples.

Usage: ``.venv/bin/python benchmarks/pii_eval/evaluate.py [--dw PATH] [--findings FILE]``
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = 15
CONTEXT = 6  # characters of context shown either side of an example
LONG_CODE = re.compile(r"[0-9A-Za-z]{12,}")


@dataclass(frozen=True, eq=False)  # identity semantics: duplicate findings stay distinct
class Span:
    """A labelled entity, a finding or a planted negative inside one cell."""

    row: int
    column: str
    kind: str  # entity type (labels, findings) or negative kind
    start: int
    end: int
    variant: str = ""

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


def read_jsonl(path: Path, kind_key: str) -> list[Span]:
    """Load spans from a JSON-lines file, taking the span kind from ``kind_key``."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(Span(d["row"], d["column"], d[kind_key], d["start"], d["end"],
                            d.get("variant", "")))
    return out


def run_scan(dw: str, corpus: Path, save: Path | None) -> list[Span]:
    """Run ``dw pii scan`` and parse its JSON lines."""
    proc = subprocess.run([dw, "pii", "scan", str(corpus)], capture_output=True, text=True,
                          check=True)
    if save:
        save.write_text(proc.stdout, encoding="utf-8")
    return [Span(d["row"], d["column"], d["entity_type"], d["start"], d["end"])
            for d in map(json.loads, filter(str.strip, proc.stdout.splitlines()))]


def matches(label: Span, finding: Span) -> bool:
    """The evaluation criterion: same cell and type, overlap >= 50 % of both spans."""
    ov = label.overlap(finding)
    return (label.row, label.column, label.kind) == (finding.row, finding.column, finding.kind) \
        and ov * 2 >= label.end - label.start and ov * 2 >= finding.end - finding.start


def match(labels: list[Span], findings: list[Span]) -> dict[Span, Span]:
    """One-to-one label -> finding assignment, largest overlap first."""
    by_cell: dict[tuple[int, str], list[Span]] = defaultdict(list)
    for f in findings:
        by_cell[(f.row, f.column)].append(f)
    pairs = sorted(((lab.overlap(f), i, j, lab, f) for i, lab in enumerate(labels)
                    for j, f in enumerate(by_cell[(lab.row, lab.column)]) if matches(lab, f)),
                   key=lambda p: -p[0])
    out: dict[Span, Span] = {}
    used: set[Span] = set()
    for _, _, _, lab, f in pairs:
        if lab not in out and f not in used:
            out[lab] = f
            used.add(f)
    return out


class Cells:
    """Cell texts plus masking that never reveals a full labelled value."""

    def __init__(self, corpus: Path, labels: list[Span]) -> None:
        with open(corpus, encoding="utf-8", newline="") as f:
            self.rows = list(csv.DictReader(f))
        self.labelled: dict[tuple[int, str], list[Span]] = defaultdict(list)
        for lab in labels:
            self.labelled[(lab.row, lab.column)].append(lab)

    def text(self, s: Span) -> str:
        return self.rows[s.row][s.column] if s.row < len(self.rows) else ""

    def example(self, s: Span) -> str:
        """``…context[span]context…``, masked: each label keeps only its first character (names)
        or at most 7 characters, and so does any unlabelled run of 12+ letters/digits (an
        invalid ID in an ID column may still be somebody's mistyped number)."""
        cell = self.text(s)
        lo, hi = max(0, s.start - CONTEXT), min(len(cell), s.end + CONTEXT)
        hidden: set[int] = set()
        for lab in self.labelled[(s.row, s.column)]:
            keep = 1 if lab.kind == "PERSON" else min(7, 2 * (lab.end - lab.start) // 3)
            hidden |= set(range(lab.start + keep, lab.end))
        for m in LONG_CODE.finditer(cell):
            hidden |= set(range(m.start() + 7, m.end()))
        chars = ["*" if i in hidden else c for i, c in enumerate(cell)]

        def show(a: int, b: int) -> str:
            return "".join(chars[a:b]).replace("\n", "⏎").replace("|", "｜")

        return (f"{'…' if lo else ''}{show(lo, s.start)}[{show(s.start, s.end)}]"
                f"{show(s.end, hi)}{'…' if hi < len(cell) else ''}")


def miss_kind(lab: Span, findings: list[Span]) -> str:
    """Why a label was missed: wrong type, wrong boundaries, or not found at all."""
    near = [f for f in findings if (f.row, f.column) == (lab.row, lab.column) and lab.overlap(f)]
    other = [f.kind for f in near if f.kind != lab.kind]
    if any(f.kind == lab.kind for f in near):
        return "boundary mismatch"
    return f"reported as {other[0]}" if other else "not found"


def fp_kind(f: Span, labels: list[Span], negatives: list[Span]) -> str:
    """Explain a false positive by what it overlaps."""
    labs = [lab for lab in labels if (lab.row, lab.column) == (f.row, f.column) and lab.overlap(f)]
    if any(lab.kind == f.kind for lab in labs):
        return f"{f.kind}: boundary mismatch / duplicate"
    if labs:
        return f"{f.kind} on a {labs[0].kind} ({labs[0].variant.split(',')[0]})"
    negs = [n for n in negatives if (n.row, n.column) == (f.row, f.column) and n.overlap(f)]
    return f"{f.kind} on hard negative `{negs[0].kind}`" if negs else f"{f.kind} on other unlabelled text"


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "–"


def report(labels: list[Span], findings: list[Span], negatives: list[Span], cells: Cells) -> str:
    """Build the markdown report."""
    assignment = match(labels, findings)
    used = set(assignment.values())
    fps = [f for f in findings if f not in used]
    misses = [lab for lab in labels if lab not in assignment]
    types = sorted({lab.kind for lab in labels} | {f.kind for f in findings})
    lines = ["## Recall and precision per entity type", "",
             "| entity type | labels | found | recall | exact span | findings | false pos. | precision |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    exact = {lab for lab, f in assignment.items() if (lab.start, lab.end) == (f.start, f.end)}
    for t in types:
        n_lab = sum(lab.kind == t for lab in labels)
        tp = sum(lab.kind == t for lab in assignment)
        n_ex = sum(lab.kind == t for lab in exact)
        n_f = sum(f.kind == t for f in findings)
        lines.append(f"| {t} | {n_lab} | {tp} | {pct(tp, n_lab)} | {pct(n_ex, tp)} | {n_f} | "
                     f"{n_f - tp} | {pct(tp, n_f)} |")
    tp = len(assignment)
    p, r = tp / max(1, len(findings)), tp / max(1, len(labels))
    lines += [f"| **all** | {len(labels)} | {tp} | **{pct(tp, len(labels))}** | {pct(len(exact), tp)} | "
              f"{len(findings)} | {len(fps)} | **{pct(tp, len(findings))}** |", "",
              f"Micro F1 = {2 * p * r / max(1e-9, p + r):.3f}. *exact span*: share of matched "
              "findings whose start/end equal the label's.", "",
              "## Recall per generator variant (variants with misses)", "",
              "| entity type | variant | labels | recall |", "|---|---|---:|---:|"]
    per_var: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for lab in labels:
        for facet in lab.variant.split(","):
            per_var[(lab.kind, facet)][0] += 1
            per_var[(lab.kind, facet)][1] += lab in assignment
    for (t, v), (n, hit) in sorted(per_var.items(), key=lambda kv: kv[1][1] / kv[1][0]):
        if hit < n:
            lines.append(f"| {t} | {v} | {n} | {pct(hit, n)} |")

    def top(title: str, kinds: list[tuple[str, Span]]) -> None:
        counts = Counter(k for k, _ in kinds)
        first: dict[str, list[Span]] = defaultdict(list)
        for k, s in kinds:
            if len(first[k]) < 2:
                first[k].append(s)
        lines.extend(["", f"## {title}", "", "| # | count | kind | examples (masked) |",
                      "|---:|---:|---|---|"])
        for i, (k, c) in enumerate(counts.most_common(TOP), 1):
            ex = " · ".join(f"`{cells.example(s)}` ({s.column})" for s in first[k])
            lines.append(f"| {i} | {c} | {k} | {ex} |")

    top(f"Top {TOP} kinds of misses ({len(misses)} missed labels)",
        [(f"{lab.kind} · {lab.variant} · {miss_kind(lab, findings)}", lab) for lab in misses])
    top(f"Top {TOP} kinds of false positives ({len(fps)} unmatched findings)",
        [(fp_kind(f, labels, negatives), f) for f in fps])
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run the scan, print the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dw", default=str(Path(sys.executable).with_name("dw")), help="dw executable")
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus.csv")
    ap.add_argument("--findings", type=Path, help="also save raw scan output here")
    ap.add_argument("--reuse", action="store_true", help="read --findings instead of scanning")
    args = ap.parse_args()
    labels = read_jsonl(HERE / "labels.jsonl", "entity_type")
    negatives = read_jsonl(HERE / "negatives.jsonl", "kind")
    if args.reuse and args.findings:
        findings = [Span(d["row"], d["column"], d["entity_type"], d["start"], d["end"])
                    for d in map(json.loads, filter(str.strip, args.findings.read_text().splitlines()))]
    else:
        findings = run_scan(args.dw, args.corpus, args.findings)
    print(report(labels, findings, negatives, Cells(args.corpus, labels)))


if __name__ == "__main__":
    main()
