"""Hostile values (issue 13 item 1), planted by a generator into rows of the demo district.

Each case names a dataset, a provider column, what to write there (from the row's own values,
so a contradiction is a real contradiction) and where the row must end: ``None`` for clean, or
a piece of the quarantine reason that names the real problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from standards.checksums import resident_id_check_code, uscc_check_code

Row = dict[str, str | None]


@dataclass(frozen=True)
class Case:
    label: str
    dataset: str
    column: str
    value: Callable[[Row], str]
    expect: str | None  # None: the row loads; else a fragment of its quarantine reason


def _const(v: str) -> Callable[[Row], str]:
    return lambda row: v


def _id_birth(row: Row, column: str = "公民身份号码") -> date:
    rid = str(row[column])
    return date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))


def _other_birth(row: Row) -> str:
    return (_id_birth(row) + timedelta(days=3)).isoformat()


def _flip_sex(row: Row) -> str:
    return "女" if int(str(row["公民身份号码"])[16]) % 2 else "男"


def _legacy(row: Row) -> str:
    rid = str(row["公民身份号码"]).upper()
    return rid[:6] + rid[8:17]  # drop the century and the check code: the 15-digit first generation


def _unknown_region(row: Row) -> str:
    first17 = "99" + str(row["公民身份号码"])[2:17]
    return first17 + resident_id_check_code(first17)


def _region(prefix: str) -> Callable[[Row], str]:
    """The row's ID under another division code, its check code recomputed."""
    def value(row: Row) -> str:
        first17 = prefix + str(row["公民身份号码"])[6:17]
        return first17 + resident_id_check_code(first17)
    return value


def _wrong_org_check(row: Row, column: str = "统一社会信用代码") -> str:
    """Position 17 (the GB 11714 check character) changed, the GB 32100 check code recomputed:
    only the organisation-code check can see it."""
    code = str(row[column]).strip().upper()
    inner = "0" if code[16] != "0" else "1"
    first17 = code[:16] + inner
    return first17 + uscc_check_code(first17)


def _category(prefix: str) -> Callable[[Row], str]:
    """The row's credit code under another registrar + category, its check code recomputed."""
    def value(row: Row) -> str:
        first17 = prefix + str(row["统一社会信用代码"]).strip().upper()[2:17]
        return first17 + uscc_check_code(first17)
    return value


def _before_birth(row: Row) -> str:
    return (_id_birth(row) - timedelta(days=1)).isoformat()


def _scientific(row: Row) -> str:
    digits = str(row["公民身份号码"])[:6]
    return f"{digits[0]}.{digits[1:]}E+17"


CASES: tuple[Case, ...] = (
    # dates
    Case("two-digit year", "household_registration", "出生日期", _const("90-01-15"), "两位年份"),
    Case("birth in 2099", "household_registration", "出生日期", _const("2099-01-01"), "日期不在合理范围"),
    Case("birth in 1800", "household_registration", "出生日期", _const("1800-01-01"), "日期不在合理范围"),
    Case("birth contradicts the ID", "household_registration", "出生日期", _other_birth, "出生日期与身份证号不符"),
    Case("sex contradicts the ID", "household_registration", "性别", _flip_sex, "性别与身份证号不符"),
    Case("registered before born", "household_registration", "登记日期", _before_birth, "早于出生日期"),
    Case("enrolment in 2999", "social_insurance_enrolment", "参保日期", _const("2999-01-01"), "日期不在合理范围"),
    Case("allowance from 2999", "subsistence_allowance", "起始日期", _const("2999-01-01"), "日期不在合理范围"),
    Case("established in 2999", "enterprise_registration", "成立日期", _const("2999-01-01"), "日期不在合理范围"),
    # numbers
    Case("negative contribution base", "social_insurance_enrolment", "缴费基数", _const("-4500"), "数值超出目录范围"),
    Case("five decimals", "social_insurance_enrolment", "缴费基数", _const("5861.12345"), "小数位数超过2位"),
    Case("trailing zeros are not decimals", "social_insurance_enrolment", "缴费基数", _const("5861.1000"), None),
    Case("too large for the column", "social_insurance_enrolment", "缴费基数", _const("99999999999999999999"), "数值超出列容量"),
    Case("household size 0", "subsistence_allowance", "保障人数", _const("0"), "数值超出目录范围"),
    Case("household size -3", "subsistence_allowance", "保障人数", _const("-3"), "数值超出目录范围"),
    Case("negative allowance", "subsistence_allowance", "月保障金额", _const("-500"), "数值超出目录范围"),
    Case("negative water use", "water_accounts", "月均用水量", _const("-3.5"), "数值超出目录范围"),
    Case("not a number", "water_accounts", "月均用水量", _const("待核定"), "不是数值"),
    # codes
    Case("account in Excel notation", "water_accounts", "用户编号", _const("2.15156E+08"), "Excel 科学计数法"),
    Case("account lost its leading zero", "water_accounts", "用户编号", _const("215156001"), "编码长度或字符不符"),
    Case("ID in Excel notation", "household_registration", "公民身份号码", _scientific, "Excel 科学计数法"),
    Case("legacy 15-digit ID", "household_registration", "公民身份号码", _legacy, "15位旧身份证号"),
    Case("unknown region prefix", "household_registration", "公民身份号码", _unknown_region, "地区码未知"),
    Case("historic division code (周口地区 1980s) stays valid", "household_registration", "公民身份号码", _region("412724"), None),
    Case("prefecture outside the GB/T 2260 ranges", "household_registration", "公民身份号码", _region("338101"), "地区码未知"),
    Case("wrong GB 11714 check inside a credit code", "enterprise_registration", "统一社会信用代码", _wrong_org_check, "组织机构代码校验失败"),
    Case("registrar 9 never issues category 4", "enterprise_registration", "统一社会信用代码", _category("94"), "统一社会信用代码校验失败"),
    Case("registrar N (农业) category 2 is valid", "enterprise_registration", "统一社会信用代码", _category("N2"), None),
    Case("registrar Y (其他) only issues category 1", "enterprise_registration", "统一社会信用代码", _category("Y2"), "统一社会信用代码校验失败"),
    Case("credit code in Excel notation", "power_accounts", "统一社会信用代码", _const("9.13302E+17"), "Excel 科学计数法"),
    Case("emoji in a key", "water_accounts", "用户编号", _const("02151560😀1"), "含表情或符号"),
    # text
    Case("NUL in a name", "household_registration", "姓名", _const("张\x00三"), "控制或格式字符"),
    Case("BOM in a name", "household_registration", "姓名", _const("\ufeff张三"), "控制或格式字符"),
    Case("zero-width space in an address", "household_registration", "户籍地址", _const("海曙区\u200b鼓楼街道"), "控制或格式字符"),
    Case("emoji in a name", "household_registration", "姓名", _const("张三😀"), "含表情或符号"),
    Case("JSON as an enterprise name", "enterprise_registration", "企业名称", _const('{"name": "宁波某某有限公司"}'), "嵌套JSON"),
    Case("JSON as an address", "enterprise_registration", "住所", _const('[{"省": "浙江"}]'), "嵌套JSON"),
    Case("address over the size limit", "household_registration", "户籍地址", _const("海曙区" * 100), "超过长度上限200字"),
    Case("hotline text over the size limit", "hotline_work_orders", "诉求内容", _const("反映" * 3000), "超过长度上限5000字"),
    Case("newline inside free text is fine", "hotline_work_orders", "诉求内容", _const("第一行\n第二行"), None),
    Case("sex outside the code list", "household_registration", "性别", _const("未知"), "不在代码表内"),
    Case("struck-off status spelled in full width stays valid", "enterprise_registration", "登记状态", _const("吊销，未注销"), None),
)
