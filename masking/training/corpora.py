"""Public labelled Chinese NER corpora, read into sentences with their person-name spans.

Each corpus is one file in one of four layouts (one character and its tag per line, blank line
between sentences, unless said otherwise):

- ``bio``: ``北 B-LOC`` (tab or space) — MSRA NER, People's Daily 1998;
- ``bmes``: ``常 B-NAME`` / ``M-NAME`` / ``E-NAME`` / ``S-NAME`` — Resume NER;
- ``weibo``: ``她0\tO`` (a segmentation digit after the character), PER.NAM only: PER.NOM
  (穷人, 男友) is a description, not a name — Weibo NER;
- ``cluener``: one JSON object per line, ``label.name`` spans inclusive — CLUENER2020;
- ``msra_split``: ``sentences.txt`` and ``tags.txt`` side by side, space-separated.

Only the spans of persons are kept; every other tag counts as ordinary text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PERSON_TAGS = frozenset({"PER", "NAME", "NR", "PER.NAM"})


@dataclass(frozen=True)
class Sentence:
    text: str
    persons: tuple[tuple[int, int], ...]  # [start, end) character offsets


def read(path: Path, layout: str) -> list[Sentence]:
    """Sentences of ``path`` in ``layout`` (``bio``, ``bmes``, ``weibo``, ``cluener``, ``msra_split``)."""
    if layout == "cluener":
        return list(_cluener(path))
    if layout == "msra_split":
        return list(_msra_split(path))
    return list(_char_lines(path, weibo=layout == "weibo"))


def _char_lines(path: Path, weibo: bool) -> Iterator[Sentence]:
    chars: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if len(parts) < 2:
            if chars:
                yield _from_tags(chars, tags)
                chars, tags = [], []
            continue
        char, tag = parts[0], parts[-1]
        if weibo and len(char) > 1 and char[-1].isdigit():
            char = char[:-1]
        chars.append(char)
        tags.append(tag)
    return


def _from_tags(chars: list[str], tags: list[str]) -> Sentence:
    """BIO / BMES tags → person spans; text offsets count every token as written (a Latin word in
    Resume NER is one token of several characters)."""
    text = ""
    offsets = []
    for c in chars:
        offsets.append(len(text))
        text += c
    offsets.append(len(text))
    spans: list[tuple[int, int]] = []
    start = None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        is_person = kind in PERSON_TAGS
        if start is not None and (not is_person or prefix in ("B", "S")):
            spans.append((offsets[start], offsets[i]))
            start = None
        if is_person and prefix in ("B", "S", "I", "M", "E") and start is None:
            start = i
        if is_person and prefix in ("E", "S") and start is not None:
            spans.append((offsets[start], offsets[i + 1]))
            start = None
    return Sentence(text, tuple(spans))


def _cluener(path: Path) -> Iterator[Sentence]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        spans = sorted((s, e + 1) for found in d.get("label", {}).get("name", {}).values() for s, e in found)
        yield Sentence(d["text"], tuple(spans))


def _msra_split(folder: Path) -> Iterator[Sentence]:
    sentences = (folder / "sentences.txt").read_text(encoding="utf-8").splitlines()
    tags = (folder / "tags.txt").read_text(encoding="utf-8").splitlines()
    for s, t in zip(sentences, tags):
        chars, labels = s.split(), t.split()
        if chars and len(chars) == len(labels):
            yield _from_tags(chars, labels)
