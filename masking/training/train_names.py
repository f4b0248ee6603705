"""Train the PERSON candidate classifier and write ``masking/resources/name_model.json``.

    .venv/bin/python -m masking.training.train_names --data /tmp/ner-data

Reads the training part of the pool (:mod:`masking.training.split`; the held-out fifth is
never read here), then:

1. learns the transliterating characters: those that make up a large share of their
   occurrences inside foreign names (names that do not start with a listed surname);
2. asks the detector for every proposal on every training sentence (name model, dictionary
   names, transliterated runs) and labels it 1 when it is exactly a labelled name;
3. fits a logistic regression (AdaGrad, L2, fixed seed and order: the output is the same on
   every run) and picks the lowest probability threshold at which 90 % of the accepted proposals
   are names on the last tenth of the training part, which the fit did not see;
4. writes weights (rounded, tiny ones dropped), bias, threshold and characters as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
from collections import Counter
from pathlib import Path

from masking.recognizers.names.detector import NameDetector
from masking.recognizers.names.learned import NameClassifier
from masking.recognizers.names.lexicon import lexicon
from masking.training.corpora import Sentence
from masking.training.split import train_pool
from standards.normalise import fold_width

OUT = Path(__file__).resolve().parent.parent / "resources" / "name_model.json"
# (count, share) a character needs inside foreign names to be a strong / weak transliterating
# character; the same for jieba's nrt entries.
STRONG, WEAK = (3, 0.1), (2, 0.01)
NRT_STRONG, NRT_WEAK = (10, 0.2), (5, 0.05)
EPOCHS = 12
L2 = 1e-4
RATE = 0.3
MIN_WEIGHT = 0.01
TARGET_PRECISION = 0.9  # of accepted proposals on the last tenth: the threshold's one criterion
SEED = 7


def translit_chars(sentences: list[Sentence]) -> tuple[list[str], list[str]]:
    """(strong, weak) transliterating characters: the share of a character's uses that fall inside
    foreign names (in the training sentences, and in jieba's nrt entries) decides its class."""
    lex = lexicon()
    inside: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    for s in sentences:
        overall.update(ch for ch in s.text if "\u4e00" <= ch <= "\u9fff")
        for a, b in s.persons:
            name = s.text[a:b]
            if b - a >= 2 and not (name[:2] in lex.surname_tier or (name[0] in lex.surname_tier and b - a <= 3)):
                inside.update(ch for ch in name if "\u4e00" <= ch <= "\u9fff")
    nrt_inside, nrt_overall = _nrt_counts()

    def share(c: str, level: int) -> bool:
        count, of = STRONG if level else WEAK
        nrt_count, nrt_of = NRT_STRONG if level else NRT_WEAK
        return (inside[c] >= count and inside[c] / overall[c] >= of) or (nrt_inside[c] >= nrt_count and nrt_inside[c] / nrt_overall[c] >= nrt_of)

    chars = set(inside) | set(nrt_inside)
    strong = sorted(c for c in chars if share(c, 1))
    weak = sorted(c for c in chars if share(c, 0) and c not in strong and c not in lex.stop)
    return strong, weak


def _nrt_counts() -> tuple[Counter[str], Counter[str]]:
    """Character counts inside jieba's transliterated names (nrt) and in all its entries."""
    import jieba

    inside: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, _, tag = line.split()
            overall.update(word)
            if tag == "nrt":
                inside.update(word)
    return inside, overall


def examples(detector: NameDetector, sentences: list[Sentence]) -> list[tuple[list[str], int]]:
    out = []
    clf = detector.classifier
    for s in sentences:
        gold = set(s.persons)
        text = fold_width(s.text)  # as the scanner sees it (same length: offsets hold)
        for start, end, source, score in detector.proposals(text):
            out.append((clf.features(text, start, end, source, score), int((start, end) in gold)))
    return out


def fit(data: list[tuple[list[str], int]]) -> tuple[dict[str, float], float]:
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    bias, bias_sq = 0.0, 1e-8
    order = list(range(len(data)))
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats, y = data[i]
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
            g = p - y
            bias_sq += g * g
            bias -= RATE * g / math.sqrt(bias_sq)
            for f in feats:
                w = weights.get(f, 0.0)
                gf = g + L2 * w
                sq = squares.get(f, 1e-8) + gf * gf
                squares[f] = sq
                weights[f] = w - RATE * gf / math.sqrt(sq)
    return weights, bias


def best_threshold(clf: NameClassifier, data: list[tuple[list[str], int]]) -> float:
    """The lowest probability at which the accepted proposals are still TARGET_PRECISION right."""
    probs = sorted(((clf.probability(f), y) for f, y in data), reverse=True)
    best, tp = 0.5, 0
    for k, (p, y) in enumerate(probs, start=1):
        tp += y
        if tp / k >= TARGET_PRECISION:
            best = p
    return round(best, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with the pool's files")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    sentences = train_pool(args.data)
    cut = len(sentences) * 9 // 10
    chars, weak = translit_chars(sentences[:cut])
    base = {"translit_chars": "".join(chars), "translit_weak": "".join(weak)}
    detector = NameDetector(lambda lex, context, given: NameClassifier(lex, context, given, {"weights": {}, "bias": 0.0, **base}))
    fit_data = examples(detector, sentences[:cut])
    check_data = examples(detector, sentences[cut:])
    weights, bias = fit(fit_data)
    weights = {f: round(w, 3) for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}
    clf = NameDetector(lambda lex, context, given: NameClassifier(lex, context, given, {"weights": weights, "bias": bias, **base})).classifier
    threshold = best_threshold(clf, check_data)
    model = {
        "about": "PERSON candidate classifier; made by masking/training/train_names.py from the training part of "
        "People's Daily 1998 NER and the MSRA NER validation part",
        "sentences": cut,
        "examples": len(fit_data),
        "threshold": threshold,
        "bias": round(bias, 3),
        **base,
        "weights": weights,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    positives = sum(y for _, y in fit_data)
    print(f"{cut} sentences, {len(fit_data)} proposals ({positives} names), {len(weights)} weights")
    print(f"{len(chars)} + {len(weak)} transliterating characters, threshold {threshold}")


if __name__ == "__main__":
    main()
