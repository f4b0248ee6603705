"""Readers of the public labelled corpora and the honest split of the training pool."""

from __future__ import annotations

import json
from pathlib import Path

from masking.training.corpora import read
from masking.training.split import heldout_pool, pool, train_pool


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bio_bmes_weibo_and_cluener_layouts(tmp_path: Path) -> None:
    bio = _write(tmp_path / "a.bio", ["张 B-PER", "伟 I-PER", "在 O", "北 B-LOC", "京 I-LOC", "", "李 B-PER", "说 O"])
    assert [(s.text, s.persons) for s in read(bio, "bio")] == [("张伟在北京", ((0, 2),)), ("李说", ((0, 1),))]
    bmes = _write(tmp_path / "b.bmes", ["常 B-NAME", "建 M-NAME", "良 E-NAME", "， O", "苏 S-NAME"])
    assert read(bmes, "bmes")[0].persons == ((0, 3), (4, 5))
    weibo = _write(tmp_path / "c.conll", ["我0\tO", "和0\tO", "李0\tB-PER.NAM", "娜1\tI-PER.NAM", "男0\tB-PER.NOM", "友1\tI-PER.NOM"])
    assert [(s.text, s.persons) for s in read(weibo, "weibo")] == [("我和李娜男友", ((2, 4),))]
    cluener = tmp_path / "d.json"
    cluener.write_text(json.dumps({"text": "彭小军认为", "label": {"name": {"彭小军": [[0, 2]]}}}, ensure_ascii=False), encoding="utf-8")
    assert read(cluener, "cluener")[0].persons == ((0, 3),)


def test_split_is_by_content_and_disjoint(tmp_path: Path) -> None:
    lines = []
    for i in range(60):
        lines += [*(f"{ch} O" for ch in f"第{i}句话"), ""]
    _write(tmp_path / "pd_dev.bio", lines)
    everything = {s.text for s in pool(tmp_path)}
    train, held = {s.text for s in train_pool(tmp_path)}, {s.text for s in heldout_pool(tmp_path)}
    assert train | held == everything and not train & held and 0 < len(held) < len(train)
    # The same sentences in another order (and file) fall on the same side.
    blocks = "\n".join(lines).split("\n\n")
    (tmp_path / "pd_dev.bio").unlink()
    _write(tmp_path / "pd_test.bio", "\n\n".join(reversed(blocks)).split("\n"))
    assert {s.text for s in heldout_pool(tmp_path)} == held
