"""Accuracy of the personal-data recognisers on labelled Chinese service records.

Generates, deterministically from a seed, hotline complaints and registration rows with
personal data in columns and in free text, plus hard negatives (work-order and invoice numbers,
amounts, dates, honorifics without names, street-level places, ordinary words that begin with a
surname). Two corpora are built from *different* templates, headers and value formats: the
development corpus the recognisers were tuned on and a held-out one they never saw.

A finding counts as correct when it has the label's row, column and entity type and covers at
least half of the labelled span (and the label at least half of it); recall per entity type,
overall precision, and the share of exact spans are printed as a markdown table, with jieba's
``nr`` tags on the same cells as the PERSON baseline. With ``--public DIR``, PERSON recall and
precision on public human-labelled corpora too, per genre, next to jieba (:mod:`pii_eval.public`).

    .venv/bin/python benchmarks/pii_accuracy.py --rows 3000 --seed 7
    .venv/bin/python benchmarks/pii_accuracy.py --write var/pii_corpus   # CSV + labels.jsonl
    .venv/bin/python benchmarks/pii_accuracy.py --public /tmp/ner-data   # + public corpora, per genre
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl

from masking.scan import Scanner
from standards.checksums import org_code_valid, resident_id_check_code, uscc_check_code

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤温施俞应鲍竺裘屠虞舒包"
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫"]
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉萍红华建国志海波鹏宇浩然子轩欣怡梓涵雨诗晨俊辉凯彬琳琪瑶婷倩雪梅佳颖思远博文晓东飞燕春兰秋菊立新永庆德胜家豪嘉怡梦洁"
AREAS = ["330203", "330205", "330206", "330211", "330212", "330213", "330281", "330282", "330225", "330226", "110105", "310104", "320102", "440106", "510104", "420102"]
STREETS = ["南门街道", "江厦街道", "西门街道", "月湖街道", "鼓楼街道", "白云街道", "段塘街道", "望春街道", "石碶街道", "高桥镇", "横街镇", "集士港镇", "古林镇", "洞桥镇"]
ROADS = ["中山西路", "解放南路", "镇明路", "柳汀街", "苍松路", "望春路", "环城西路", "丽园北路", "气象路", "县前街", "孝闻街", "高桥路", "集士港路", "蓝天路", "翠柏路"]
ESTATES = ["阳光小区", "望春花园", "丽园新村", "白云家园", "南苑小区", "春江花苑", "天一家园", "金色水岸", "翠柏里"]
VILLAGES = ["万众村", "卖面桥村", "古林村", "新庄村", "横街村", "李家村"]
DOMAINS = ["163.com", "qq.com", "126.com", "sina.com", "foxmail.com", "nbhs.gov.cn", "gmail.com"]


@dataclass
class Cell:
    text: str = ""
    labels: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, piece: str, entity: str | None = None) -> Cell:
        if entity:
            self.labels.append((entity, len(self.text), len(self.text) + len(piece)))
        self.text += piece
        return self


class Values:
    """Random personal values, valid where the real ones carry a checksum."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def name(self) -> str:
        sur = self.r.choice(COMPOUND) if self.r.random() < 0.04 else self.r.choice(SURNAMES)
        return sur + "".join(self.r.choice(GIVEN) for _ in range(self.r.choice((1, 2, 2))))

    def resident_id(self, legacy: bool = False) -> str:
        y, m, d = self.r.randint(1940, 2015), self.r.randint(1, 12), self.r.randint(1, 28)
        if legacy:
            return f"{self.r.choice(AREAS)}{y % 100:02d}{m:02d}{d:02d}{self.r.randint(0, 999):03d}"
        first = f"{self.r.choice(AREAS)}{y}{m:02d}{d:02d}{self.r.randint(0, 999):03d}"
        return first + resident_id_check_code(first)

    def uscc(self) -> str:
        head = self.r.choice(["91", "92", "93", "12", "11", "51", "52", "N2", "A1"]) + self.r.choice(AREAS)
        if self.r.random() < 0.5:
            body = "MA" + "".join(self.r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
        else:
            while True:
                body8 = "".join(self.r.choice(string.digits + "ABCDEFGHJ") for _ in range(8))
                checks = [c for c in "0123456789X" if org_code_valid(body8 + c)]
                if checks:
                    body = body8 + checks[0]
                    break
        first = head + body
        return first + uscc_check_code(first)

    def mobile(self, styled: bool = True) -> str:
        digits = self.r.choice(["13", "15", "17", "18", "19", "14"]) + "".join(self.r.choice(string.digits) for _ in range(9))
        if not styled:
            return digits
        style = self.r.random()
        if style < 0.6:
            return digits
        if style < 0.75:
            return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
        if style < 0.9:
            return f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"
        return "+86" + digits

    def landline(self) -> str:
        area, n = self.r.choice([("0574", 8), ("0574", 8), ("010", 8), ("021", 8), ("0571", 8), ("0580", 7)])
        sub = str(self.r.randint(2, 8)) + "".join(self.r.choice(string.digits) for _ in range(n - 1))
        return self.r.choice([f"{area}-{sub}", f"({area}){sub}", f"（{area}）{sub}", f"{area} {sub}", f"{area}{sub}"])

    def bank_card(self) -> str:
        prefix = self.r.choice(["622202", "621700", "622848", "623058", "621226", "622588", "436742", "524047"])
        length = self.r.choice((16, 19, 19))
        body = prefix + "".join(self.r.choice(string.digits) for _ in range(length - len(prefix) - 1))
        for check in string.digits:
            if _luhn(body + check):
                card = body + check
                break
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4)) if self.r.random() < 0.25 else card

    def plate(self) -> str:
        letter = self.r.choice("ABCDEFGHJK")
        alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        kind = self.r.random()
        if kind < 0.55:
            tail = "".join(self.r.choice(string.digits) for _ in range(4))
            body = self.r.choice([self.r.choice(string.digits), self.r.choice(alnum)]) + tail
        elif kind < 0.8:
            body = self.r.choice("DF") + self.r.choice(string.digits + alnum) + "".join(self.r.choice(string.digits) for _ in range(4))
        else:
            body = "".join(self.r.choice(string.digits) for _ in range(5)) + self.r.choice("DF")
        sep = self.r.choice(["", "", "·"])
        return f"{self.r.choice('浙浙浙沪苏皖赣闽')}{letter}{sep}{body}"

    def passport(self) -> str:
        return self.r.choice([
            "E" + "".join(self.r.choice(string.digits) for _ in range(8)),
            "E" + self.r.choice("ABCDEFGH") + "".join(self.r.choice(string.digits) for _ in range(7)),
            "G" + "".join(self.r.choice(string.digits) for _ in range(8)),
        ])

    def permit(self) -> str:
        return self.r.choice([
            "C" + "".join(self.r.choice(string.digits) for _ in range(8)),
            "C" + self.r.choice("ABCDEFGH") + "".join(self.r.choice(string.digits) for _ in range(7)),
            "H" + "".join(self.r.choice(string.digits) for _ in range(8)),
        ])

    def email(self) -> str:
        local = "".join(self.r.choice(string.ascii_lowercase) for _ in range(self.r.randint(3, 8)))
        if self.r.random() < 0.4:
            local += str(self.r.randint(1, 9999))
        if self.r.random() < 0.2:
            local = local[:3] + "." + local[3:]
        return f"{local}@{self.r.choice(DOMAINS)}"

    def ip(self) -> str:
        if self.r.random() < 0.15:
            return ":".join(f"{self.r.randint(0, 65535):x}" for _ in range(8))
        return ".".join(str(self.r.randint(1, 254)) for _ in range(4))

    def address(self, full: bool | None = None) -> str:
        full = self.r.random() < 0.5 if full is None else full
        head = ("浙江省" if self.r.random() < 0.3 else "") + ("宁波市" if full or self.r.random() < 0.5 else "")
        head += "海曙区" if full or self.r.random() < 0.6 else ""
        if self.r.random() < 0.2:
            return head + self.r.choice(["集士港镇", "古林镇", "横街镇"]) + self.r.choice(VILLAGES) + f"{self.r.randint(1, 300)}号"
        head += self.r.choice(STREETS) if self.r.random() < 0.5 else ""
        addr = head + self.r.choice(ROADS) + f"{self.r.randint(1, 999)}" + self.r.choice(["号", "号", "弄"])
        if self.r.random() < 0.5:
            addr += f"{self.r.randint(1, 30)}号" if addr.endswith("弄") else ""
            addr += self.r.choice(ESTATES) if self.r.random() < 0.3 else ""
            addr += f"{self.r.randint(1, 40)}{self.r.choice(['幢', '栋', '号楼'])}"
            addr += f"{self.r.randint(1, 6)}单元" if self.r.random() < 0.3 else ""
            addr += f"{self.r.randint(1, 30)}{self.r.randint(1, 4):02d}室"
        return addr


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


class Negatives:
    """Text that looks like personal data and is not."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def phrase(self) -> str:
        r = self.r
        digits = lambda n: "".join(r.choice(string.digits) for _ in range(n))
        return r.choice([
            f"工单编号GD{r.randint(2022, 2025)}{digits(8)}",
            f"工单号{r.choice(['13', '15', '18'])}{digits(9)}",
            f"发票号码{digits(8)}，发票代码{digits(12)}",
            f"金额{r.randint(100, 99999)}.{digits(2)}元",
            f"于{r.randint(2022, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}受理",
            f"日期{r.randint(2022, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}",
            f"订单号{digits(18)}",
            f"户号{digits(10)}",
            f"快递单号{r.choice(['SF', 'YT', ''])}{digits(12)}",
            f"{r.choice(SURNAMES)}{r.choice(['先生', '女士', '师傅', '某'])}",
            f"{r.choice(STREETS)}辖区",
            f"{r.choice(['高兴', '方便', '周末', '常年', '金额', '安全', '黄金周', '程序'])}",
            "拨打12345热线",
            f"系统版本V{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}",
            f"邮编{r.choice(['315000', '315010', '315012'])}",
            f"{r.randint(2, 30)}楼电梯",
            f"宁波{r.choice(['海曙', '江北'])}{r.choice(['宏达', '新海', '金瑞'])}贸易有限公司",
            f"编号{digits(16)}",
        ])


# Each template: a list of pieces; a piece is a literal or (generator name, entity type).
DEV_TEMPLATES = [
    ["市民", ("name", "PERSON"), "来电反映", ("address", "ADDRESS"), "门口垃圾长期无人清理，联系电话", ("mobile", "CN_MOBILE"), "。"],
    ["来电人", ("name", "PERSON"), "（身份证号", ("resident_id", "CN_RESIDENT_ID"), "）称其车辆", ("plate", "CN_LICENSE_PLATE"), "在小区内被刮擦，", ("neg", None), "。"],
    [("name", "PERSON"), "投诉", ("address", "ADDRESS"), "夜间施工噪音扰民，要求回电", ("landline", "CN_LANDLINE"), "。"],
    ["联系人：", ("name", "PERSON"), "，手机", ("mobile", "CN_MOBILE"), "，邮箱", ("email", "EMAIL_ADDRESS"), "，", ("neg", None), "。"],
    ["企业（统一社会信用代码", ("uscc", "CN_USCC"), "）拖欠工资，职工", ("name", "PERSON"), "称工资卡", ("bank_card", "BANK_CARD"), "未到账。"],
    ["市民", ("name", "PERSON"), "咨询出境办理，护照号", ("passport", "CN_PASSPORT"), "，港澳通行证", ("permit", "CN_HK_MACAU_PERMIT"), "。"],
    ["网站登录异常，来源IP ", ("ip", "IP_ADDRESS"), "，用户", ("name", "PERSON"), "反映密码被改，", ("neg", None), "。"],
    ["业主", ("name", "PERSON"), "、", ("name", "PERSON"), "反映", ("address", "ADDRESS"), "楼道灯不亮，", ("neg", None), "。"],
    ["关于", ("neg", None), "的咨询，已答复，", ("neg", None), "。"],
    ["户主", ("name", "PERSON"), "（老身份证", ("legacy_id", "CN_RESIDENT_ID"), "）申请低保，现住", ("address", "ADDRESS"), "。"],
]
HELDOUT_TEMPLATES = [
    ["据", ("name", "PERSON"), "女士反映，其家住", ("address", "ADDRESS"), "，楼上漏水严重。回访号码：", ("mobile", "CN_MOBILE"), "。"],
    ["投诉人姓名：", ("name", "PERSON"), "；证件号码：", ("resident_id", "CN_RESIDENT_ID"), "；", ("neg", None), "。"],
    ["当事人", ("name", "PERSON"), "驾驶", ("plate", "CN_LICENSE_PLATE"), "在", ("address", "ADDRESS"), "附近违停，", ("neg", None), "。"],
    ["请", ("name", "PERSON"), "同志于三日内到窗口办理，办公电话", ("landline", "CN_LANDLINE"), "，或发邮件至", ("email", "EMAIL_ADDRESS"), "。"],
    ["单位社会信用代码为", ("uscc", "CN_USCC"), "，申请人", ("name", "PERSON"), "，收款账号", ("bank_card", "BANK_CARD"), "。"],
    [("name", "PERSON"), "称其往来港澳通行证", ("permit", "CN_HK_MACAU_PERMIT"), "遗失，另有护照", ("passport", "CN_PASSPORT"), "，", ("neg", None), "。"],
    ["系统日志显示", ("ip", "IP_ADDRESS"), "多次访问，", ("neg", None), "，", ("neg", None), "。"],
    ["经核实，", ("name", "PERSON"), "与", ("name", "PERSON"), "系邻居关系，纠纷地点位于", ("address", "ADDRESS"), "。电话", ("mobile", "CN_MOBILE"), "。"],
    [("neg", None), "，", ("neg", None), "，已转", ("neg", None), "处理。"],
    ["老人", ("name", "PERSON"), "走失，家属", ("name", "PERSON"), "手机", ("mobile", "CN_MOBILE"), "，身份证", ("legacy_id", "CN_RESIDENT_ID"), "。"],
]
# Structured columns: header -> (generator, entity). The held-out file uses other headers.
DEV_COLUMNS = {"来电号码": ("mobile_plain", "CN_MOBILE"), "姓名": ("name", "PERSON"), "身份证号": ("resident_id", "CN_RESIDENT_ID"), "联系地址": ("address_full", "ADDRESS")}
HELDOUT_COLUMNS = {"手机": ("mobile_plain", "CN_MOBILE"), "联系人": ("name", "PERSON"), "证件号码": ("resident_id", "CN_RESIDENT_ID"), "住址": ("address_full", "ADDRESS"), "车牌号码": ("plate", "CN_LICENSE_PLATE")}


def build(rows: int, seed: int, heldout: bool) -> tuple[pl.DataFrame, list[dict]]:
    rng = random.Random(seed * 2 + int(heldout))
    values, negatives = Values(rng), Negatives(rng)
    gen = {
        "name": values.name, "resident_id": values.resident_id, "legacy_id": lambda: values.resident_id(True),
        "uscc": values.uscc, "mobile": values.mobile, "mobile_plain": lambda: values.mobile(False),
        "landline": values.landline, "bank_card": values.bank_card, "plate": values.plate,
        "passport": values.passport, "permit": values.permit, "email": values.email, "ip": values.ip,
        "address": values.address, "address_full": lambda: values.address(True), "neg": negatives.phrase,
    }
    templates = HELDOUT_TEMPLATES if heldout else DEV_TEMPLATES
    columns = HELDOUT_COLUMNS if heldout else DEV_COLUMNS
    text_column = "事项描述" if heldout else "诉求内容"
    data: dict[str, list[str]] = {"工单编号" if not heldout else "编号": [], **{c: [] for c in columns}, text_column: []}
    labels: list[dict] = []
    for row in range(rows):
        data["工单编号" if not heldout else "编号"].append(f"{'GD' if not heldout else 'HS'}{seed:02d}{row:08d}")
        for column, (g, entity) in columns.items():
            value = gen[g]()
            data[column].append(value)
            labels.append({"row": row, "column": column, "entity_type": entity, "start": 0, "end": len(value)})
        cell = Cell()
        for piece in rng.choice(templates):
            if isinstance(piece, str):
                cell.add(piece)
            else:
                cell.add(gen[piece[0]](), piece[1])
        data[text_column].append(cell.text)
        labels.extend({"row": row, "column": text_column, "entity_type": e, "start": s, "end": t} for e, s, t in cell.labels)
    return pl.DataFrame(data), labels


def evaluate(frame: pl.DataFrame, labels: list[dict], scanner: Scanner, workers: int) -> dict:
    found = [f.as_json() for f in scanner.scan_frame(frame, workers=workers)]
    by_cell: dict[tuple, list[dict]] = {}
    for f in found:
        by_cell.setdefault((f["row"], f["column"]), []).append(f)
    support, hits, exact = Counter(), Counter(), Counter()
    matched: set[int] = set()
    for label in labels:
        support[label["entity_type"]] += 1
        for f in by_cell.get((label["row"], label["column"]), []):
            if f["entity_type"] == label["entity_type"] and _overlaps(label, f):
                hits[label["entity_type"]] += 1
                exact[label["entity_type"]] += f["start"] == label["start"] and f["end"] == label["end"]
                matched.add(id(f))
                break
    true_pos = sum(1 for f in found if id(f) in matched or _matches_any(f, labels, by_label=_index(labels)))
    return {"support": support, "hits": hits, "exact": exact, "found": len(found), "true_pos": true_pos}


def _overlaps(a: dict, b: dict) -> bool:
    inter = min(a["end"], b["end"]) - max(a["start"], b["start"])
    return inter * 2 >= a["end"] - a["start"] and inter * 2 >= b["end"] - b["start"]


_INDEX: dict[int, dict] = {}


def _index(labels: list[dict]) -> dict:
    key = id(labels)
    if key not in _INDEX:
        index: dict[tuple, list[dict]] = {}
        for label in labels:
            index.setdefault((label["row"], label["column"]), []).append(label)
        _INDEX.clear()
        _INDEX[key] = index
    return _INDEX[key]


def _matches_any(f: dict, labels: list[dict], by_label: dict) -> bool:
    return any(lab["entity_type"] == f["entity_type"] and _overlaps(lab, f) for lab in by_label.get((f["row"], f["column"]), []))


def jieba_person(frame: pl.DataFrame, labels: list[dict]) -> tuple[float, float]:
    """PERSON (recall, precision) of jieba's ``nr`` tags over every cell of the same corpus."""
    from pii_eval.public import jieba_nr

    tag = jieba_nr()
    index = _index(labels)
    gold_total = sum(1 for lab in labels if lab["entity_type"] == "PERSON")
    found = hits = 0
    for column in frame.columns:
        for row, value in enumerate(frame.get_column(column).cast(pl.String).to_list()):
            if not value:
                continue
            gold = [lab for lab in index.get((row, column), []) if lab["entity_type"] == "PERSON"]
            spans = tag(value)
            found += len(spans)
            for a, b in spans:
                hits += any(_overlaps(lab, {"start": a, "end": b}) for lab in gold)
    return hits / max(gold_total, 1), hits / max(found, 1)


def table(name: str, result: dict) -> str:
    lines = [f"**{name}** — {sum(result['support'].values())} labelled spans", "", "| entity type | labelled | recall | exact span |", "|---|---:|---:|---:|"]
    for entity in sorted(result["support"]):
        n, h = result["support"][entity], result["hits"][entity]
        lines.append(f"| {entity} | {n} | {h / n:.3f} | {result['exact'][entity] / max(h, 1):.3f} |")
    precision = result["true_pos"] / max(result["found"], 1)
    lines.append(f"| **overall precision** | {result['found']} findings | {precision:.3f} | |")
    if "jieba" in result:
        recall, jprecision = result["jieba"]
        lines.append(f"| PERSON by jieba nr (same cells) | {result['support']['PERSON']} | {recall:.3f} | precision {jprecision:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000, help="records per corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", type=Path, help="also write dev.csv, heldout.csv and their labels here")
    parser.add_argument("--public", type=Path, help="folder of public labelled corpora (masking/training/README.md): PERSON per genre")
    args = parser.parse_args()
    scanner = Scanner()
    if args.public:
        from pii_eval.public import report

        print(f"**PERSON on public human-labelled text** ({args.public}), ours vs jieba nr in the same run\n")
        print(report(args.public) + "\n")
    for heldout, name in ((False, "development corpus"), (True, "held-out corpus (templates and headers never used in tuning)")):
        frame, labels = build(args.rows, args.seed, heldout)
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            stem = "heldout" if heldout else "dev"
            frame.write_csv(args.write / f"{stem}.csv")
            (args.write / f"{stem}.labels.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels), encoding="utf-8")
        started = time.perf_counter()
        result = evaluate(frame, labels, scanner, args.workers)
        result["jieba"] = jieba_person(frame, labels)
        print(table(f"{name}, seed {args.seed}, {args.rows} records", result))
        print(f"\n_scanned in {time.perf_counter() - started:.1f} s_\n")


if __name__ == "__main__":
    main()
