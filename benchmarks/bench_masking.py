"""Speed of masking hotline records, as ratios to baselines measured in the same run.

Three measurements, each printed with its baseline:

- **long fields**: one free-text cell of 0.1, 1 and 10 MB (UTF-8) of hotline text, masked
  under the restricted policy in ``--workers`` processes; time per MB, against one plain regex
  pass (mobile numbers) over the same text — time must grow linearly with the length;
- **sentences per second per core**: the scanner over ``--sentences`` hotline records in one
  process, one by one and in batches (``scan_many``), against the same plain regex over the
  same records;
- **N records** (below).

Builds N synthetic 12345-hotline work orders (the catalog's hotline_work_orders columns: a
mobile column and free-text complaints holding names, mobiles, IDs, addresses, plates), then:

- ours, structured: the restricted policy on the catalogued personal column (caller_mobile),
  as polars column expressions over all N rows;
- ours, whole: the restricted policy on all columns (free text scanned in ``--workers``
  processes), all N rows;
- Presidio: ``BatchAnalyzerEngine`` + ``BatchAnonymizerEngine`` with the same recognisers
  (:func:`masking.engine.build_analyzer`) on a sample of ``--sample`` rows, extrapolated to N
  and labelled so, because at its speed the full run would take many minutes.

    .venv/bin/python benchmarks/bench_masking.py              # 1 000 000 rows
    .venv/bin/python benchmarks/bench_masking.py --rows 100000 --fields-mb 0.1,1
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import polars as pl

from catalog.model import PersonalKind
from catalog.validate import load_catalog
from config.settings import PACKAGED_CATALOG
from masking.mask import mask_frame
from masking.policy import ReleaseClass, load_policy
from masking.scan import Scanner
from standards.checksums import ID_CHECK_CODES, ID_WEIGHTS

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉萍红华建国志海波鹏宇浩")
ROADS = ["中山西路", "解放南路", "镇明路", "柳汀街", "苍松路", "望春路", "环城西路", "丽园北路", "气象路"]
STREETS = ["南门街道", "江厦街道", "西门街道", "月湖街道", "鼓楼街道", "白云街道", "段塘街道", "望春街道"]
CATEGORIES = ["环境卫生", "市政设施", "噪音扰民", "物业管理", "交通出行", "劳动保障"]
KEY = b"benchmark-key"


def _pick(rng: np.random.Generator, options: list[str], n: int) -> pl.Series:
    return pl.Series(options).gather(rng.integers(0, len(options), n))


def _digits(rng: np.random.Generator, n: int, width: int) -> pl.Series:
    return pl.Series(rng.integers(0, 10**width, n, dtype=np.int64)).cast(pl.String).str.zfill(width)


def _ids(rng: np.random.Generator, n: int) -> pl.Series:
    years = rng.integers(1940, 2010, n)
    first = (
        pl.Series(["330203", "330205", "330212", "110105"]).gather(rng.integers(0, 4, n))
        + pl.Series(years).cast(pl.String)
        + pl.Series(rng.integers(1, 13, n)).cast(pl.String).str.zfill(2)
        + pl.Series(rng.integers(1, 29, n)).cast(pl.String).str.zfill(2)
        + _digits(rng, n, 3)
    )
    frame = pl.DataFrame({"f": first})
    total = sum(pl.col("f").str.slice(i, 1).cast(pl.Int32) * w for i, w in enumerate(ID_WEIGHTS))
    check = (total % 11).replace_strict(list(range(11)), list(ID_CHECK_CODES), return_dtype=pl.String)
    return frame.select(pl.col("f") + check).to_series()


def hotline_records(n: int, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    name = _pick(rng, SURNAMES, n) + _pick(rng, GIVEN, n) + _pick(rng, GIVEN + [""] * 20, n)
    mobile = "1" + _pick(rng, ["3", "5", "8", "9"], n) + _digits(rng, n, 9)
    address = (
        "海曙区" + _pick(rng, STREETS, n) + _pick(rng, ROADS, n) + pl.Series(rng.integers(1, 999, n)).cast(pl.String)
        + "号" + pl.Series(rng.integers(1, 30, n)).cast(pl.String) + "幢" + pl.Series(rng.integers(101, 2999, n)).cast(pl.String) + "室"
    )
    plate = "浙B" + _digits(rng, n, 5)
    templates = [
        "市民" + name + "来电反映" + address + "门口垃圾长期无人清理，联系电话" + mobile + "。",
        name + "投诉" + _pick(rng, ROADS, n) + "夜间施工噪音扰民，请尽快处理。",
        "来电人" + name + "（身份证号" + _ids(rng, n) + "）称其车辆" + plate + "在小区内被刮擦。",
        "路灯不亮已有三天，影响夜间出行，工单号GD" + _digits(rng, n, 10) + "。",
    ]
    which = pl.Series(rng.integers(0, len(templates), n))
    content = templates[0]
    for i, series in enumerate(templates[1:], start=1):
        content = pl.select(pl.when(which == i).then(series).otherwise(content)).to_series()
    return pl.DataFrame(
        {
            "order_no": "GD" + _digits(rng, n, 12),
            "received_at": pl.Series(["2024-03-12 09:30:00"] * n),
            "caller_mobile": "1" + _pick(rng, ["3", "5", "8"], n) + _digits(rng, n, 9),
            "category": _pick(rng, CATEGORIES, n),
            "street": _pick(rng, STREETS, n),
            "content": content,
            "status": _pick(rng, ["已办结", "办理中"], n),
        }
    )


def presidio_seconds(frame: pl.DataFrame, columns: list[str]) -> float:
    from presidio_analyzer import BatchAnalyzerEngine
    from presidio_anonymizer import BatchAnonymizerEngine

    from masking.engine import build_analyzer

    analyzer = BatchAnalyzerEngine(analyzer_engine=build_analyzer())
    anonymizer = BatchAnonymizerEngine()
    data = {c: frame.get_column(c).to_list() for c in columns}
    started = time.perf_counter()
    results = list(analyzer.analyze_dict(data, language="zh"))
    anonymizer.anonymize_dict(results)
    return time.perf_counter() - started


BASELINE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")  # the plain regex pass every run is compared with


def field_of(mb: float, records: list[str]) -> str:
    """Hotline records joined into one text of ``mb`` megabytes of UTF-8."""
    text = "".join(records)
    per_char = len(text.encode()) / len(text)
    chars = int(mb * 1_000_000 / per_char)
    return (text * (1 + chars // len(text)))[:chars]


def cpu_and_wall(fn: Callable[[], object]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - started, time.process_time() - cpu


def cpu_with_workers() -> float:
    """CPU seconds of this process and of its finished worker processes: unlike wall time, barely
    moved by other work on the machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def long_fields(sizes: list[float], records: list[str], scanner: Scanner, workers: int) -> None:
    policy = load_policy(ReleaseClass.restricted)
    kinds = {"content": PersonalKind.free_text}
    print(f"\n| one free-text cell, {workers} workers | chars | masked in | per MB | CPU, all processes | CPU per character | plain regex pass | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mb in sizes:
        text = field_of(mb, records)
        frame = pl.DataFrame({"content": [text]})
        base, _ = cpu_and_wall(lambda text=text: sum(1 for _ in BASELINE.finditer(text)))
        cpu = cpu_with_workers()
        wall, _ = cpu_and_wall(lambda frame=frame: mask_frame(frame, kinds, policy, KEY, scanner, workers))
        cpu = cpu_with_workers() - cpu
        print(
            f"| {mb:g} MB | {len(text):,} | {wall:.2f} s | {wall / mb:.2f} s | {cpu:.2f} s | {cpu / len(text) * 1e6:.2f} µs "
            f"| {base * 1000:.1f} ms | {wall / base:,.0f}× |"
        )


def sentences_per_second(records: list[str]) -> None:
    """Records scanned one by one (``scan``) and in batches (``scan_many``, as masking and the gate
    read a column), each by a fresh scanner: no record is read from a cache the other filled."""
    base, _ = cpu_and_wall(lambda: [sum(1 for _ in BASELINE.finditer(r)) for r in records])
    print(f"\n| {len(records):,} hotline records, one process, fresh scanner | seconds | records per second | plain regex pass | ratio |")
    print("|---|---:|---:|---:|---:|")
    for label, run in (("one by one (scan)", lambda s: [s.scan(r) for r in records]), ("batched (scan_many)", lambda s: s.scan_many(records))):
        scanner = Scanner()
        scanner.scan(records[0])  # build the lazily loaded parts before timing
        wall, cpu = cpu_and_wall(lambda scanner=scanner, run=run: run(scanner))
        print(f"| {label} | {wall:.2f} s (CPU {cpu:.2f} s) | {len(records) / wall:,.0f} (per CPU second {len(records) / cpu:,.0f}) | {base:.3f} s | {wall / base:,.0f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="hotline records masked whole (0 skips)")
    parser.add_argument("--sample", type=int, default=5_000, help="rows given to the Presidio baseline")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fields-mb", default="0.1,1,10", help="sizes of the single long cell, comma-separated ('' skips)")
    parser.add_argument("--sentences", type=int, default=50_000, help="records scanned one by one in one process (0 skips)")
    args = parser.parse_args()
    scanner = Scanner()
    records = hotline_records(max(args.sentences, 20_000), seed=5).get_column("content").to_list()
    scanner.scan(records[0])  # build the lazily loaded parts before timing
    if args.fields_mb:
        long_fields([float(x) for x in args.fields_mb.split(",")], records, scanner, args.workers)
    if args.sentences:
        sentences_per_second(records[: args.sentences])
    if args.rows:
        whole_records(args.rows, args.sample, args.workers, scanner)


def whole_records(rows: int, sample_rows: int, workers: int, scanner: Scanner) -> None:
    """N hotline records, all columns, against Presidio on a sample (extrapolated)."""
    started = time.perf_counter()
    frame = hotline_records(rows)
    print(f"generated {rows:,} hotline records in {time.perf_counter() - started:.1f} s")
    entry = load_catalog(PACKAGED_CATALOG).dataset("hotline_work_orders")
    kinds = {f.name: f.personal for f in entry.dataset.fields}
    structured = {c: k for c, k in kinds.items() if k not in (PersonalKind.none, PersonalKind.free_text)}
    policy = load_policy(ReleaseClass.restricted)

    started = time.perf_counter()
    mask_frame(frame, structured, policy, KEY, scanner, workers)
    ours_structured = time.perf_counter() - started
    started, cpu = time.perf_counter(), cpu_with_workers()
    masked = mask_frame(frame, kinds, policy, KEY, scanner, workers)
    ours_all = time.perf_counter() - started
    cpu_all = cpu_with_workers() - cpu
    content = frame.get_column("content").to_list()
    base, _ = cpu_and_wall(lambda: [sum(1 for _ in BASELINE.finditer(r)) for r in content])

    sample = frame.head(min(sample_rows, rows))
    scale = rows / sample.height
    presidio_structured = presidio_seconds(sample, list(structured)) * scale
    presidio_all = presidio_seconds(sample, [*structured, "content"]) * scale

    label = f"extrapolated from {sample.height:,} rows" if scale > 1 else "measured"
    print(f"\n| {rows:,} hotline records, {workers} workers | ours | Presidio batch ({label}) | speed-up |")
    print("|---|---:|---:|---:|")
    print(f"| structured columns ({', '.join(structured)}) | {ours_structured:.2f} s | {presidio_structured:.1f} s | {presidio_structured / ours_structured:.0f}× |")
    print(f"| all columns incl. free text | {ours_all:.1f} s | {presidio_all:.1f} s | {presidio_all / ours_all:.1f}× |")
    print(f"| plain regex pass over the free text, one process | {base:.2f} s | | ours all columns / regex: {ours_all / base:,.0f}× |")
    print(
        f"\nrecords per second (all columns): {rows / ours_all:,.0f}; per CPU second, all processes: {rows / cpu_all:,.0f} "
        f"({cpu_all:.1f} s of CPU); free-text spans replaced: {dict(masked.spans.get('content', {}))}"
    )


if __name__ == "__main__":
    main()
