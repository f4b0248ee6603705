"""PERSON recall and precision on public, human-labelled Chinese text, next to jieba's ``nr``.

The corpora are not in the repository (their licences do not all allow it): ``SOURCES`` names
each one's repository, path and commit, and ``masking/training/README.md`` says how to fetch
them into one folder. A corpus whose file is missing is skipped with a note.

- **held out** (never trained or tuned on, measured only): CLUENER2020 (web text), Weibo NER
  (social media), Resume NER (résumés), MSRA NER test (news);
- **own held-out split** of the training pool: the sentences of People's Daily 1998 and the
  MSRA validation part that ``masking/training/split.py`` puts aside.

A finding matches a label when they overlap by at least half of each (one-to-one).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from masking.training.corpora import Sentence, read
from masking.training.split import heldout_pool


@dataclass(frozen=True)
class Source:
    genre: str
    name: str
    file: str  # inside the data folder
    layout: str
    origin: str  # repository:path@commit it was taken from


SOURCES = (
    Source("web text", "CLUENER2020 dev", "cluener_dev.json", "cluener", "hemingkx/CLUENER2020:BERT-CRF/data/clue/test.json@HEAD"),
    Source("news", "MSRA NER test", "msra_test.bio", "bio", "OYE93/Chinese-NLP-Corpus:NER/MSRA/msra_test_bio.txt@e9bb5b5"),
    Source("social media", "Weibo NER test", "weibo_test.conll", "weibo", "OYE93/Chinese-NLP-Corpus:NER/Weibo/weiboNER_2nd_conll.test@e9bb5b5"),
    Source("social media", "Weibo NER dev", "weibo_dev.conll", "weibo", "OYE93/Chinese-NLP-Corpus:NER/Weibo/weiboNER_2nd_conll.dev@e9bb5b5"),
    Source("résumés", "Resume NER test", "resume_test.bmes", "bmes", "limengqigithub/BiLSTM-CRF-NER-master:ResumeNER/test.char.bmes@HEAD"),
    Source("résumés", "Resume NER dev", "resume_dev.bmes", "bmes", "limengqigithub/BiLSTM-CRF-NER-master:ResumeNER/dev.char.bmes@HEAD"),
)

Tagger = Callable[[str], list[tuple[int, int]]]


@dataclass
class Score:
    labels: int = 0
    found: int = 0
    hits: int = 0
    seconds: float = 0.0

    @property
    def recall(self) -> float:
        return self.hits / max(self.labels, 1)

    @property
    def precision(self) -> float:
        return self.hits / max(self.found, 1)


def score(sentences: Sequence[Sentence], tagger: Tagger) -> Score:
    out = Score()
    started = time.perf_counter()
    predicted = [tagger(s.text) for s in sentences]
    out.seconds = time.perf_counter() - started
    for s, spans in zip(sentences, predicted):
        out.labels += len(s.persons)
        out.found += len(spans)
        out.hits += _matches(list(s.persons), spans)
    return out


def _matches(gold: list[tuple[int, int]], found: list[tuple[int, int]]) -> int:
    used: set[int] = set()
    hits = 0
    for a, b in gold:
        for i, (c, d) in enumerate(found):
            inter = min(b, d) - max(a, c)
            if i not in used and inter * 2 >= b - a and inter * 2 >= d - c:
                used.add(i)
                hits += 1
                break
    return hits


def ours() -> Tagger:
    from masking.entities import Entity
    from masking.scan import Scanner

    scanner = Scanner()
    return lambda text: [(s.start, s.end) for s in scanner.scan(text) if s.entity == Entity.PERSON]


def jieba_nr() -> Tagger:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)

    def tag(text: str) -> list[tuple[int, int]]:
        spans, pos = [], 0
        for pair in pseg.cut(text):
            if pair.flag.startswith("nr"):
                spans.append((pos, pos + len(pair.word)))
            pos += len(pair.word)
        return spans

    return tag


def corpora(folder: Path) -> list[tuple[str, str, list[Sentence]]]:
    """(genre, corpus name, sentences) for every corpus present in ``folder``."""
    out = []
    for src in SOURCES:
        path = folder / src.file
        if path.exists():
            out.append((src.genre, src.name, read(path, src.layout)))
    pool = heldout_pool(folder)
    if pool:
        out.append(("news", "own held-out split (People's Daily 1998 + MSRA val)", pool))
    return out


def report(folder: Path) -> str:
    """A markdown table: per corpus and per genre, ours vs jieba ``nr``, recall / precision."""
    taggers = {"ours": ours(), "jieba nr": jieba_nr()}
    rows = []
    genre_totals: dict[str, dict[str, Score]] = {}
    for genre, name, sentences in corpora(folder):
        scores = {k: score(sentences, t) for k, t in taggers.items()}
        rows.append((genre, name, len(sentences), scores))
        if not name.startswith("own"):
            total = genre_totals.setdefault(genre, {k: Score() for k in taggers})
            for k, sc in scores.items():
                t = total[k]
                t.labels, t.found, t.hits, t.seconds = t.labels + sc.labels, t.found + sc.found, t.hits + sc.hits, t.seconds + sc.seconds
    head = "| genre | corpus | sentences | names | ours recall | ours precision | jieba nr recall | jieba nr precision | ours sentences/s |"
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for genre, name, n, scores in rows:
        o, j = scores["ours"], scores["jieba nr"]
        lines.append(f"| {genre} | {name} | {n} | {o.labels} | {o.recall:.3f} | {o.precision:.3f} | {j.recall:.3f} | {j.precision:.3f} | {n / max(o.seconds, 1e-9):,.0f} |")
    for genre, scores in genre_totals.items():
        o, j = scores["ours"], scores["jieba nr"]
        lines.append(f"| **{genre}** | all held-out | | {o.labels} | **{o.recall:.3f}** | **{o.precision:.3f}** | {j.recall:.3f} | {j.precision:.3f} | |")
    return "\n".join(lines)
