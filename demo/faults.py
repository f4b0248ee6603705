"""Faults of the demo district: what is wrong in the provider files, how often, and what
ingestion must make of it.

Every fault has one expected outcome:

- **repair (修复)** — ingestion normalises the value and loads the row;
- **accepted (接受)** — the row loads as it is; a quality or cross-source check may report it;
- **quarantine (隔离)** — the row goes to quarantine with a reason (问题数据, Art. 27, 29).

Rates are shares of the rows where the fault can occur: for ``lowercase_x`` the rows whose ID
ends in X; for repairs and blanks the rows not bound for quarantine; for ``duplicate_record``
the rows without any fault (hb, with 60% mixed dates, gets fewer copies); for the rest all rows.
Each faulted row has the fault in one cell, in a column drawn at random among those that
qualify. Counts are rounded, and at least one whenever the rate is not zero, so even a small
demo shows every fault; hrss orphans are whole workers (all their rows), so that rate is
approximate. The manifest records the exact count of each, per dataset and column.

| fault | 中文 | outcome | psb | hrss | amr | mca | hb | water | power | hotline |
|---|---|---|---|---|---|---|---|---|---|---|
| `lowercase_x` | 身份证号末位小写x | repair | 20% | 40% | – | 30% | 30% | 40% | – | – |
| `full_width_digits` | 全角数字 | repair | – | – | – | – | – | 3% | – | 1% |
| `mixed_date_format` | 日期格式混杂 | repair | 2% | 3% | 2% | 10% | 60% | 5% | 3% | 40% |
| `whitespace` | 首尾空白 | repair | 1% | 1% | 1.5% | 2% | 1% | 2% | 1% | 1% |
| `mobile_format` | 手机号格式不一 | repair | – | – | – | – | – | 8% | – | 5% |
| `missing_optional` | 非必填项缺失 | accepted | 1% | 2% | 2% | 3% | 5% | 2% | 3% | 5% |
| `name_mismatch` | 户主姓名与户籍不符 | accepted | – | – | – | – | – | 1% | – | – |
| `orphan_reference` | 引用主体不在权威源 | accepted | – | 0.5% | – | – | – | 0.5% | 1% | – |
| `invalid_check_code` | 校验码错误 | quarantine | 0.2% | 0.3% | 0.3% | 0.5% | 0.5% | 0.3% | 0.3% | – |
| `missing_required` | 必填项缺失 | quarantine | 0.1% | 0.2% | 0.2% | 0.5% | 0.5% | 0.2% | 0.2% | 0.1% |
| `unparseable_value` | 无法解析的值 | quarantine | 0.05% | 0.1% | 0.1% | 0.5% | 0.5% | – | – | 0.1% |
| `duplicate_record` | 重复记录 | quarantine | 0.1% | 0.3% | 0.2% | 0.5% | 0.5% | 0.3% | 0.3% | 0.5% |

What each fault looks like:

| fault | example | where |
|---|---|---|
| `lowercase_x` | `33020319850312441x` | every resident-ID column |
| `full_width_digits` | `１３８５７４２１０９６`, `１２．５` | water 用户编号 / 联系电话 / 月均用水量; hotline 来电号码 |
| `mixed_date_format` | `2021年12月4日`, `2021/12/04`, `20211204`, `2021.12.04`, `2021/12/4` beside the provider's own format (`2021-12-04`; power `20211204`; hotline `2026-11-23 14:05:33` and `2026/11/23 14:05`, `2026年11月23日 14:05`, `20261123140533`, `2026-11-23T14:05:33`); in the xlsx, text cells beside real date cells | every date column |
| `whitespace` | `" 张伟"`, `"张伟　"` (ideographic space U+3000) | text and identifier columns |
| `mobile_format` | `+86 13857421096`, `138-5742-1096`, `138 5742 1096`, `+86-13857421096` | mobile columns |
| `missing_optional` | blank optional cell | optional columns (hrss: 参保状态 only; its blank 单位统一社会信用代码 and 缴费基数 on 城乡居民 rows are by design) |
| `name_mismatch` | 户主姓名 is not the psb name of 户主证件号码 | water |
| `orphan_reference` | valid ID / USCC that the authoritative source (psb / amr) does not hold | hrss 公民身份号码, water 户主证件号码, power 统一社会信用代码 |
| `invalid_check_code` | 18th character of a resident ID (GB 11643) or USCC (GB 32100) wrong | required ID and USCC columns |
| `missing_required` | blank key or required cell | key and required columns |
| `unparseable_value` | `2021-02-30`, `2023-13-01`, `不详`, `待补录`; numbers `待核定`, `#VALUE!`, `1O5O` | required date and number columns |
| `duplicate_record` | an exact copy of a fault-free row, at a random place in the file | every dataset |

File-level faults (recorded in the manifest with unit ``file``, or ``column``): psb is encoded **GB 18030**
with CRLF line ends, and some names hold characters outside GBK (䶮, 㛃, 𬌗, 𫖮, 𬀩), so a GBK
decoder fails — ``gb18030_encoding``, repair; hrss starts with a UTF-8 **BOM** —
``utf8_bom``, repair; mca carries 姓名 and 出生日期 besides its own items, items whose one
source is psb — ``recollected_column`` (一数一源, Art. 12), accepted under the ``flag``
policy (the columns are reported, the rows load), the whole file quarantined under ``refuse``.

Quarantine faults are disjoint: a row carries at most one, duplicates copy only rows without
any fault, so ``expected_quarantined`` is the plain sum. Repair faults never share a cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class Outcome(str, Enum):
    """What ingestion must make of a faulty row (see the module docstring)."""

    repair = "repair"  # 修复
    accepted = "accepted"  # 接受
    quarantine = "quarantine"  # 隔离


@dataclass(frozen=True)
class Fault:
    """One kind of fault, its Chinese name, its expected outcome, and what one count counts."""

    code: str
    zh: str
    outcome: Outcome
    unit: str  # what one count is: a cell, a row, a column or a file


FAULTS: dict[str, Fault] = {
    f.code: f
    for f in (
        Fault("lowercase_x", "身份证号末位小写x", Outcome.repair, "cell"),
        Fault("full_width_digits", "全角数字", Outcome.repair, "cell"),
        Fault("mixed_date_format", "日期格式混杂", Outcome.repair, "cell"),
        Fault("whitespace", "首尾空白", Outcome.repair, "cell"),
        Fault("mobile_format", "手机号格式不一", Outcome.repair, "cell"),
        Fault("missing_optional", "非必填项缺失", Outcome.accepted, "cell"),
        Fault("name_mismatch", "户主姓名与户籍不符", Outcome.accepted, "row"),
        Fault("orphan_reference", "引用主体不在权威源", Outcome.accepted, "row"),
        Fault("invalid_check_code", "校验码错误", Outcome.quarantine, "row"),
        Fault("missing_required", "必填项缺失", Outcome.quarantine, "row"),
        Fault("unparseable_value", "无法解析的值", Outcome.quarantine, "row"),
        Fault("duplicate_record", "重复记录", Outcome.quarantine, "row"),
    )
}
FILE_FAULTS: dict[str, Fault] = {
    f.code: f
    for f in (
        Fault("gb18030_encoding", "GB18030编码", Outcome.repair, "file"),
        Fault("utf8_bom", "UTF-8 BOM", Outcome.repair, "file"),
        Fault("recollected_column", "重复采集他源数据项", Outcome.accepted, "column"),
    )
}


@dataclass(frozen=True)
class FaultPlan:
    """Rates of one dataset, and the columns of the faults the catalog cannot point to."""

    provider: str
    rates: Mapping[str, float]
    full_width_columns: tuple[str, ...] = ()
    blankable: tuple[str, ...] | None = None  # optional columns to blank; None: all optional ones

    def rate(self, fault: str) -> float:
        return self.rates.get(fault, 0.0)


def _plan(
    provider: str, full_width: tuple[str, ...] = (), blankable: tuple[str, ...] | None = None, **rates: float
) -> FaultPlan:
    return FaultPlan(provider, rates, full_width, blankable)


PLANS: dict[str, FaultPlan] = {
    "household_registration": _plan(
        "psb",
        lowercase_x=0.20,
        mixed_date_format=0.02,
        whitespace=0.01,
        missing_optional=0.01,
        invalid_check_code=0.002,
        missing_required=0.001,
        unparseable_value=0.0005,
        duplicate_record=0.001,
    ),
    "social_insurance_enrolment": _plan(
        "hrss",
        blankable=("参保状态",),
        lowercase_x=0.40,
        mixed_date_format=0.03,
        whitespace=0.01,
        missing_optional=0.02,
        orphan_reference=0.005,
        invalid_check_code=0.003,
        missing_required=0.002,
        unparseable_value=0.001,
        duplicate_record=0.003,
    ),
    "enterprise_registration": _plan(
        "amr",
        mixed_date_format=0.02,
        whitespace=0.015,
        missing_optional=0.02,
        invalid_check_code=0.003,
        missing_required=0.002,
        unparseable_value=0.001,
        duplicate_record=0.002,
    ),
    "subsistence_allowance": _plan(
        "mca",
        lowercase_x=0.30,
        mixed_date_format=0.10,
        whitespace=0.02,
        missing_optional=0.03,
        invalid_check_code=0.005,
        missing_required=0.005,
        unparseable_value=0.005,
        duplicate_record=0.005,
    ),
    "birth_registration": _plan(
        "hb",
        lowercase_x=0.30,
        mixed_date_format=0.60,
        whitespace=0.01,
        missing_optional=0.05,
        invalid_check_code=0.005,
        missing_required=0.005,
        unparseable_value=0.005,
        duplicate_record=0.005,
    ),
    "water_accounts": _plan(
        "water",
        full_width=("用户编号", "联系电话", "月均用水量"),
        lowercase_x=0.40,
        full_width_digits=0.03,
        mixed_date_format=0.05,
        whitespace=0.02,
        mobile_format=0.08,
        missing_optional=0.02,
        name_mismatch=0.01,
        orphan_reference=0.005,
        invalid_check_code=0.003,
        missing_required=0.002,
        duplicate_record=0.003,
    ),
    "power_accounts": _plan(
        "power",
        mixed_date_format=0.03,
        whitespace=0.01,
        missing_optional=0.03,
        orphan_reference=0.01,
        invalid_check_code=0.003,
        missing_required=0.002,
        duplicate_record=0.003,
    ),
    "hotline_work_orders": _plan(
        "hotline",
        full_width=("来电号码",),
        full_width_digits=0.01,
        mixed_date_format=0.40,
        whitespace=0.01,
        mobile_format=0.05,
        missing_optional=0.05,
        missing_required=0.001,
        unparseable_value=0.001,
        duplicate_record=0.005,
    ),
}


def count_for(rate: float, eligible: int) -> int:
    """Rows to fault: the rounded share, but at least one when the fault is planned at all."""
    if rate <= 0 or eligible == 0:
        return 0
    return min(eligible, max(1, round(rate * eligible)))


def fault_table() -> str:
    """The rate table of this module's docstring, rendered from :data:`PLANS` (a test keeps them equal)."""
    plans = list(PLANS.values())
    lines = [
        "| fault | 中文 | outcome | " + " | ".join(p.provider for p in plans) + " |",
        "|---|---|---|" + "---|" * len(plans),
    ]
    for fault in FAULTS.values():
        cells = [_percent(p.rate(fault.code)) for p in plans]
        lines.append(f"| `{fault.code}` | {fault.zh} | {fault.outcome.value} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _percent(rate: float) -> str:
    return "–" if rate == 0 else f"{rate * 100:g}%"
