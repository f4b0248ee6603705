"""Free text in linear time (issue 13 item 6): long cells are read in windows, spans merged."""

from __future__ import annotations

import time
from itertools import pairwise

from masking.chunks import CHUNK, chunk_bounds
from masking.entities import Entity, Span
from masking.mask import replace_spans
from masking.policy import ReleaseClass, load_policy
from masking.scan import resolve
from tests.masking.conftest import make_id

RECORDS = [
    "市民王建国来电反映海曙区南门街道中山西路{n}号3幢502室门口垃圾无人清理，联系电话1381234{n:04d}。",
    "来电人李秀英（身份证号{id}）称其车辆浙B{n:05d}在小区内被刮擦。",
    "路灯不亮已有三天，影响夜间出行，工单号GD20240{n:05d}。",
    "张伟投诉镇明路夜间施工噪音扰民，座机0574-8765{n:04d}，请尽快处理。\n",
]


def records(n: int) -> list[str]:
    return [RECORDS[i % len(RECORDS)].format(n=i % 9000 + 1, id=make_id(seq=f"{i % 1000:03d}")) for i in range(n)]


def test_chunks_cover_the_text_and_end_at_sentences():
    text = "".join(records(400))
    bounds = list(chunk_bounds(text))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(bounds))
    assert all(e - s <= CHUNK for s, e in bounds)
    assert all(text[e - 1] in "。\n" for _, e in bounds[:-1])
    # No sentence end at all: cut at the size limit, nothing lost.
    assert list(chunk_bounds("字" * 5000, size=2000)) == [(0, 2000), (2000, 4000), (4000, 5000)]


def test_a_long_text_reads_as_its_sentences_do(scanner):
    cells = records(300)
    text = "".join(cells)
    assert len(text) > 5 * CHUNK
    expected, offset = [], 0
    for cell in cells:
        expected += [(s.entity, s.start + offset, s.end + offset) for s in scanner.scan(cell)]
        offset += len(cell)
    assert [(s.entity, s.start, s.end) for s in scanner.scan(text)] == expected


def _cpu(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def test_time_grows_linearly(scanner):
    small, large = "".join(records(250)), "".join(records(1000))
    scanner.scan(small)  # warm the name model's cache
    t_small = min(_cpu(lambda: scanner.scan(small)) for _ in range(2))
    t_large = _cpu(lambda: scanner.scan(large))
    # Four times the text: linear is ~4x, the old quadratic overlap rule was ~16x.
    assert t_large < 8 * t_small


def test_overlap_rule_and_replacement_scale():
    spans = [Span(Entity.CN_MOBILE, i * 20, i * 20 + 11, 0.8) for i in range(50_000)]
    spans += [Span(Entity.PERSON, i * 20 + 5, i * 20 + 8, 0.6) for i in range(50_000)]  # inside: dropped
    started = time.process_time()
    kept = resolve(spans)
    text = "电话13812345678，好。" * 50_000
    out = replace_spans(text, kept, load_policy(ReleaseClass.open), b"k")
    assert time.process_time() - started < 5
    assert len(kept) == 50_000 and out.count("[手机号]") == 50_000


def test_a_very_long_text_is_read_by_all_workers(scanner, monkeypatch):
    import masking.scan

    text = "".join(records(200))
    monkeypatch.setattr(masking.scan, "PARALLEL_TEXT", 5_000)
    assert scanner.scan(text, workers=2) == scanner.scan(text)
    from masking.mask import mask_text

    policy = load_policy(ReleaseClass.restricted)
    header = scanner.header("content")
    assert mask_text(text, scanner, header, policy, b"k", workers=2) == mask_text(text, scanner, header, policy, b"k")
