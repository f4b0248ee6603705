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

A second, independent source in running text: CLUENER2020's ``address`` labels (web text; its
public train and dev files, github.com/CLUEbenchmark/CLUENER2020; research use, not shipped),
held out — measured only, never tuned on — with precision there. And ``--prose`` counts the
spans found in news that holds no house address (People's Daily 1998 dev, the set precision was
tuned on). The corpus writes a space inside an address as ``_``; it is read as the space.

    .venv/bin/python benchmarks/address_accuracy.py --corpus PATH/test.txt \\
        --cluener PATH/cluener/train.json PATH/cluener/dev.json [--prose PATH/example.dev] [--show 20]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl

from masking.scan import Scanner
from masking.training.corpora import read

HOUSE = {"roadno", "subroadno", "houseno", "cellno", "floorno", "roomno"}
NOT_ADDRESS = {"redundant", "assist", "person", "otherinfo", "country"}
# The plain baseline: a road name and a number with 号.
BASELINE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:路|街|巷|道)\d+号")
# A house-level part inside a CLUENER address label: a number (or a block letter) and a house unit,
# or building-entrance-room in dashes; not a metro line or exit, a gate, a numbered avenue or plot.
HOUSE_PART = re.compile(
    r"(?:\d+|[一二三四五六七八九十百零〇两]+|[A-Za-z]\d*)(?:号楼|号|幢|栋|座|单元|室|楼|层|弄)(?!线|口|出口|门|大街|高速|公路|地)|\d+-\d+"
)


def read_conll(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end, label)] per token) for each address."""
    out: list[tuple[str, list[tuple[int, int, str]]]] = []
    text = ""
    tokens: list[tuple[int, int, str]] = []
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


def li_lu(path: Path, scanner: Scanner, show: int) -> None:
    """The three rates on the delivery-address corpus, ours and the baseline, and the speed."""
    rows = [(t, toks) for t, toks in read_conll(path) if any(lab in HOUSE for _, _, lab in toks)]
    counts = {"found": 0, "house": 0, "whole": 0, "base_found": 0, "base_house": 0}
    misses: list[str] = []
    started = time.perf_counter()
    for text, tokens in rows:
        spans = addresses(scanner, text)
        house = {i for a, b, lab in tokens if lab in HOUSE for i in range(a, b)}
        whole = {i for a, b, lab in tokens if lab and lab not in NOT_ADDRESS for i in range(a, b)}
        counts["found"] += bool(spans)
        counts["house"] += covered(spans, house)
        counts["whole"] += covered(spans, whole)
        if not covered(spans, house):
            misses.append(text)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    for text, tokens in rows:
        base = [m.span() for m in BASELINE.finditer(text)]
        house = {i for a, b, lab in tokens if lab in HOUSE for i in range(a, b)}
        counts["base_found"] += bool(base)
        counts["base_house"] += covered(base, house)
    base_elapsed = time.perf_counter() - started
    n, chars = len(rows), sum(len(t) for t, _ in rows)
    print(f"{path}: {n:,} addresses with a house-level part ({chars:,} characters)\n")
    print("| | found | house level masked | whole address masked | µs per character |")
    print("|---|---:|---:|---:|---:|")
    print(f"| ours (every recogniser) | {counts['found'] / n:.3f} | {counts['house'] / n:.3f} | {counts['whole'] / n:.3f} | {elapsed / chars * 1e6:.2f} |")
    print(f"| baseline: road + number + 号 | {counts['base_found'] / n:.3f} | {counts['base_house'] / n:.3f} | | {base_elapsed / chars * 1e6:.2f} |")
    for text in misses[:show]:
        print("  not masked:", text)


def read_cluener(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, [(start, end)] of its ``address`` labels) per line of a CLUENER2020 JSON-lines file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            found = d.get("label", {}).get("address", {}).values()
            out.append((d["text"], [(s, e + 1) for spans in found for s, e in spans]))
    return out


def cluener(paths: list[Path], scanner: Scanner, show: int) -> None:
    """Recall on CLUENER's house-level address labels and precision of every ADDRESS span.

    CLUENER2020 labels places in web text (台湾, 文汇路, …); a label counts for recall when it holds
    a house-level part (:data:`HOUSE_PART`), and all of those parts must be masked. A span
    counts as right when it overlaps any ``address`` label. Held out: measured only, never tuned on.
    """
    rows = [r for p in paths for r in read_cluener(p)]
    tally = {k: [0, 0, 0, 0] for k in ("ours", "base")}  # labels, house masked, spans, spans on a label
    wrong: list[str] = []
    for text, labels in rows:
        found = {"ours": addresses(scanner, text), "base": [m.span() for m in BASELINE.finditer(text)]}
        for key, spans in found.items():
            t = tally[key]
            for a, b in labels:
                parts = {i for m in HOUSE_PART.finditer(text, a, b) for i in range(m.start(), m.end())}
                if parts:
                    t[0] += 1
                    t[1] += covered(spans, parts)
            for a, b in spans:
                hit = any(a < e and s < b for s, e in labels)
                t[2] += 1
                t[3] += hit
                if key == "ours" and not hit:
                    wrong.append(text[a:b])
    n = tally["ours"][0]
    print(f"\nCLUENER2020 ({', '.join(str(p) for p in paths)}): {len(rows):,} sentences, {n} address labels with a house-level part\n")
    print("| | house level masked | ADDRESS spans | precision |")
    print("|---|---:|---:|---:|")
    for key, name in (("ours", "ours (every recogniser)"), ("base", "baseline: road + number + 号")):
        n_labels, house, n_spans, right = tally[key]
        print(f"| {name} | {house / max(n_labels, 1):.3f} ({house}/{n_labels}) | {n_spans} | {right / max(n_spans, 1):.3f} |")
    for span in wrong[:show]:
        print("  on no address label:", span)


def prose(path: Path, scanner: Scanner, show: int) -> None:
    """ADDRESS spans in news prose that holds no house-level address (precision while tuning)."""
    sentences = read(path, "bio")
    chars = sum(len(s.text) for s in sentences)
    spans = [s.text[a:b] for s in sentences for a, b in addresses(scanner, s.text)]
    base = [m.group() for s in sentences for m in BASELINE.finditer(s.text)]
    print(f"\n{path}: {len(sentences):,} sentences of news, {chars:,} characters")
    print(f"ADDRESS spans: ours {len(spans)}, baseline {len(base)} (each one is read by hand: most are not addresses)")
    for span in spans[:show]:
        print("  span:", span)


def mask_check(path: Path, folder: Path, policy: str) -> None:
    """``dw pii mask`` on a CSV of the corpus, as a user would run it: each address alone in an
    address column, and inside a sentence in a message column. Counts the addresses of which a
    labelled house-level token (one holding a digit: 12幢, 1349室, 6-2401) is left in the copy."""
    rows = [(t, toks) for t, toks in read_conll(path) if any(lab in HOUSE for _, _, lab in toks)]
    folder.mkdir(parents=True, exist_ok=True)
    source, masked = folder / "addresses.csv", folder / f"addresses.{policy}.csv"
    frame = pl.DataFrame({"收件地址": [t for t, _ in rows], "留言": [f"请把包裹送到{t}，谢谢。" for t, _ in rows]})
    frame.write_csv(source)
    dw = Path(sys.executable).with_name("dw")
    proc = subprocess.run([str(dw), "pii", "mask", str(source), str(masked), "--policy", policy], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"\ndw pii mask --policy {policy} wrote nothing (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        return
    out = pl.read_csv(masked, infer_schema_length=0)
    print(f"\ndw pii mask --policy {policy} on {len(rows):,} addresses ({source}):\n")
    print("| column | addresses with a house-level token left |")
    print("|---|---:|")
    for column in frame.columns:
        left = 0
        for (text, tokens), cell in zip(rows, out.get_column(column).to_list(), strict=True):
            house = [text[a:b] for a, b, lab in tokens if lab in HOUSE and any(c.isdigit() for c in text[a:b])]
            left += any(h in (cell or "") for h in house)
        print(f"| {column} | {left} ({left / len(rows):.3%}) |")


def addresses(scanner: Scanner, text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in scanner.scan(text) if s.entity.value == "ADDRESS"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="CoNLL file of the address-parsing corpus (dev.txt or test.txt)")
    parser.add_argument("--cluener", type=Path, nargs="+", help="CLUENER2020 JSON-lines files with labels (train.json, dev.json)")
    parser.add_argument("--prose", type=Path, help="BIO file of news prose (People's Daily 1998 dev) to count spans in")
    parser.add_argument("--mask", type=Path, help="also run `dw pii mask` on --corpus, writing into this folder")
    parser.add_argument("--mask-policy", default="open", help="policy for --mask: restricted | not_shared | open")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and doubtful spans")
    args = parser.parse_args()
    if not (args.corpus or args.cluener or args.prose):
        parser.error("give --corpus, --cluener or --prose / 请至少指定一个语料 --corpus、--cluener 或 --prose")
    scanner = Scanner()
    if args.corpus:
        li_lu(args.corpus, scanner, args.show)
        if args.mask:
            mask_check(args.corpus, args.mask, args.mask_policy)
    if args.cluener:
        cluener(args.cluener, scanner, args.show)
    if args.prose:
        prose(args.prose, scanner, args.show)


if __name__ == "__main__":
    main()
