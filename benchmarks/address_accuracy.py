"""Address recall on public, human-labelled Chinese addresses (issue 11 item 2).

The corpus is the one of Li & Lu, "Neural Chinese Address Parsing" (NAACL 2019): about 15 000
real delivery addresses, character by character in CoNLL format with the labels prov, city,
district, town, community, road, roadno, poi, houseno, cellno, floorno, roomno… It is not
shipped here (the repository states no licence); point ``--corpus`` at a copy of its
``data/dev.txt`` or ``data/test.txt`` (github.com/leodotnet/neural-chinese-address-parsing).
Only ``dev`` was looked at while the grammar was extended; ``test`` is the held-out figure.

For every address with a house-level part (roadno, subroadno, houseno, cellno, floorno, roomno —
precise enough to find a household or an office), three rates, with the plain baseline of the
same run (an address found by ``号`` after a road name alone):

- *found*: an ADDRESS span overlaps it;
- *house level masked*: every character of its house-level part lies inside ADDRESS spans —
  the rate that decides whether masking leaves a household findable;
- *whole*: every labelled character (but "redundant", "assist", "person", "otherinfo") is inside.

    .venv/bin/python benchmarks/address_accuracy.py --corpus PATH/test.txt [--show 20]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from masking.scan import Scanner

HOUSE = {"roadno", "subroadno", "houseno", "cellno", "floorno", "roomno"}
NOT_ADDRESS = {"redundant", "assist", "person", "otherinfo", "country"}
# The plain baseline: a road name and a number with 号.
BASELINE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:路|街|巷|道)\d+号")


def read_conll(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end, label)] per token) for each address."""
    out: list[tuple[str, list[tuple[int, int, str]]]] = []
    text, tokens = "", []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if text:
                out.append((text, tokens))
            text, tokens = "", []
            continue
        token, label = line.rsplit(" ", 1)
        tokens.append((len(text), len(text) + len(token), label[2:].lower() if label != "O" else ""))
        # The corpus writes a space inside an address as "_" (its format splits on spaces).
        text += token.replace("_", " ")
    return out


def covered(spans: list[tuple[int, int]], chars: set[int]) -> bool:
    inside = {i for a, b in spans for i in range(a, b)}
    return chars <= inside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="CoNLL file of the address-parsing corpus")
    parser.add_argument("--show", type=int, default=0, help="print this many addresses whose house level is not masked")
    args = parser.parse_args()
    scanner = Scanner()
    rows = [(t, toks) for t, toks in read_conll(args.corpus) if any(lab in HOUSE for _, _, lab in toks)]
    counts = {"found": 0, "house": 0, "whole": 0, "base_found": 0, "base_house": 0}
    misses: list[str] = []
    started = time.perf_counter()
    for text, tokens in rows:
        spans = [(s.start, s.end) for s in scanner.scan(text) if s.entity.value == "ADDRESS"]
        house = {i for a, b, lab in tokens if lab in HOUSE for i in range(a, b)}
        whole = {i for a, b, lab in tokens if lab and lab not in NOT_ADDRESS for i in range(a, b)}
        counts["found"] += bool(spans)
        counts["house"] += covered(spans, house)
        counts["whole"] += covered(spans, whole)
        if not covered(spans, house):
            misses.append(text)
        base = [m.span() for m in BASELINE.finditer(text)]
        counts["base_found"] += bool(base)
        counts["base_house"] += covered(base, house)
    elapsed = time.perf_counter() - started
    n = len(rows)
    print(f"{args.corpus}: {n:,} addresses with a house-level part, scanned in {elapsed:.1f} s\n")
    print("| | found | house level masked | whole address masked |")
    print("|---|---:|---:|---:|")
    print(f"| ours | {counts['found'] / n:.3f} | {counts['house'] / n:.3f} | {counts['whole'] / n:.3f} |")
    print(f"| baseline: road + number + 号 | {counts['base_found'] / n:.3f} | {counts['base_house'] / n:.3f} | |")
    for text in misses[: args.show]:
        print("  not masked:", text)


if __name__ == "__main__":
    main()
