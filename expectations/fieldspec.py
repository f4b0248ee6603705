"""Rules generated from the catalog's field specs: type, required, key, value spec, personal kind.

The order of a field's rules is the order the door reports them in: the first rule a value
breaks is the one its quarantine reason names, so the most specific comes first (a 15-digit
legacy ID is named as such, not as a bad check code).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from catalog.model import CatalogField, Dataset, FieldType, LegacyIds, PersonalKind
from expectations import checks as c
from expectations.rules import BOTH, DOOR, Rule, Severity, Stage
from standards.normalise import fold_width

ART29 = "第29条 Art. 29"
ART30 = "第30条 Art. 30"
EARLIEST = date(1880, 1, 1)  # no birth, registration or enrolment before this
DEFAULT_SCALE = 4  # the clean column is Decimal(18, 4)
MAX_CHARS = {PersonalKind.free_text: 5000}
DEFAULT_MAX_CHARS = 200
STRING_TYPES = {FieldType.string, FieldType.resident_id, FieldType.uscc, FieldType.mobile}

_UNREADABLE = {
    FieldType.integer: ("不是整数", "not an integer"),
    FieldType.decimal: ("不是数值", "not a number"),
    FieldType.date: ("日期无法识别", "unreadable date"),
    FieldType.datetime: ("时间无法识别", "unreadable date-time"),
    FieldType.mobile: ("手机号码格式错误", "not a mainland mobile number"),
}


def field_rules(dataset: Dataset, today: date) -> Iterator[Rule]:
    for f in dataset.fields:
        yield from _rules_of(dataset.id, f, today)
    by_name = {f.name: f for f in dataset.fields}
    for f in dataset.fields:
        if f.values.not_before:
            other = by_name[f.values.not_before]
            yield Rule(
                f"{dataset.id}.{f.name}.not_before_{other.name}",
                f"{f.label}早于{other.label}", f"{f.name} precedes {other.name} in the same record",
                ART29, Severity.critical, dataset.id, (f.name, other.name), c.DateOrder(f.name, other.name),
                labels=(f.column, other.column),
            )
    keys = dataset.key_fields
    if keys:
        yield Rule(
            f"{dataset.id}.key.unique", "主键重复", "duplicate key", ART29, Severity.critical, dataset.id,
            tuple(k.name for k in keys), c.UniqueKey(tuple(k.name for k in keys)), labels=tuple(k.column for k in keys),
        )


def _rules_of(ds: str, f: CatalogField, today: date) -> Iterator[Rule]:
    def rule(kind: str, zh: str, en: str, check: c.Check, article: str = ART29) -> Rule:
        typed_text_only = check.reads_text and f.type not in STRING_TYPES
        stages = DOOR if typed_text_only or (not check.gx() and check.reads_text) else BOTH
        return Rule(f"{ds}.{f.name}.{kind}", zh, en, article, Severity.critical, ds, (f.name,), check, stages, (f.column,))

    v = f.values
    if f.required or f.key:
        yield rule("required", "必填项缺失", "required value missing", c.Required(f.name))
    yield rule("control_chars", "含控制或格式字符", "control or format character (NUL, U+FEFF, Cc/Cf)",
               c.NoControlChars(f.name, free_text=f.personal is PersonalKind.free_text), ART30)
    if f.type is FieldType.string:
        yield rule("nested_json", "标量字段含嵌套JSON", "nested JSON in a scalar field", c.NestedJson(f.name))
        limit = v.max_chars or MAX_CHARS.get(f.personal, DEFAULT_MAX_CHARS)
        yield rule("max_chars", f"超过长度上限{limit}字", f"longer than the {limit}-character limit", c.MaxChars(f.name, limit))
        if f.key or f.personal is PersonalKind.name:
            yield rule("symbols", "含表情或符号", "emoji or symbol in a key or name", c.NoSymbols(f.name))
    if f.key or f.type in (FieldType.resident_id, FieldType.uscc, FieldType.mobile) or v.pattern:
        yield rule("scientific", "Excel 科学计数法", "code in Excel scientific notation (digits lost)",
                   c.ScientificNotation(f.name), ART30)
    if f.type is FieldType.resident_id and v.legacy_ids is LegacyIds.refuse:
        yield rule("legacy_15", "15位旧身份证号", "legacy 15-digit resident ID (first generation)", c.LegacyId(f.name), ART30)
    if f.type in (FieldType.date, FieldType.datetime):
        yield rule("two_digit_year", "两位年份不予推断", "two-digit year: century not guessed", c.TwoDigitYear(f.name))
    if f.type in (FieldType.integer, FieldType.decimal):
        yield rule("overflow", "数值超出列容量", "number too large for the column", c.NumberOverflow(f.name))
    if f.type is FieldType.decimal:
        scale = DEFAULT_SCALE if v.scale is None else v.scale
        yield rule("decimals", f"小数位数超过{scale}位", f"more than {scale} decimals (refused, never truncated)",
                   c.TooManyDecimals(f.name, scale))
    if f.type in _UNREADABLE:
        zh, en = _UNREADABLE[f.type]
        yield rule("readable", zh, en, c.Readable(f.name))
    if f.type is FieldType.resident_id:
        yield rule("gb11643", "公民身份号码校验失败", "invalid resident ID (GB 11643 check code or birth date)",
                   c.ResidentId(f.name, today), ART30)
        yield rule("region", "身份证号地区码未知", "unknown region prefix in resident ID (GB/T 2260 province and prefecture)",
                   c.RegionPrefix(f.name), ART30)
    if f.type is FieldType.uscc:
        yield rule("gb32100", "统一社会信用代码校验失败", "invalid unified social credit code (GB 32100 registrar, category or check code)",
                   c.Uscc(f.name), ART30)
        yield rule("gb11714", "统一社会信用代码内组织机构代码校验失败",
                   "invalid organisation code in positions 9-17 of the credit code (GB 11714 check character)",
                   c.OrgCode(f.name), ART30)
    if f.type is FieldType.mobile:
        yield rule("format", "手机号码格式错误", "not a mainland mobile number", c.Matches(f.name, r"1[3-9]\d{9}"), ART30)
    if f.personal is PersonalKind.landline:
        yield rule("format", "固定电话格式错误", "not a mainland landline number",
                   c.Matches(f.name, r"0\d{2,3}-?\d{7,8}(?:-\d{1,6})?"), ART30)
    if v.pattern:
        yield rule("pattern", "编码长度或字符不符", f"code does not match the catalogued form {v.pattern}",
                   c.Matches(f.name, v.pattern), ART30)
    if v.allowed:
        yield rule("allowed", "不在代码表内", "value not in the catalogued code list", c.InSet(f.name, tuple(fold_width(a).strip() for a in v.allowed)))
    if f.type in (FieldType.integer, FieldType.decimal):
        lo = Decimal(0) if v.minimum is None else v.minimum
        bounds = f"[{lo}, {'∞' if v.maximum is None else v.maximum}]"
        yield rule("range", f"数值超出目录范围{bounds}", f"number outside the catalogued range {bounds}",
                   c.NumberRange(f.name, lo, v.maximum))
    if f.type in (FieldType.date, FieldType.datetime):
        first, last = v.earliest or EARLIEST, v.latest or today
        yield rule("date_range", f"日期不在合理范围{first}至{last}", f"date outside the plausible range {first} to {last}",
                   c.DateRange(f.name, first, last))


__all__ = ["Stage", "field_rules"]
