"""What a rule does to a value: partial mask, keyed pseudonym, generalisation, suppression.

Each transform has a scalar form, for spans inside free text, and a polars-expression form,
for whole structured columns at column speed; the tests hold the two to the same output.
Masks follow the conventions officials expect: 330203********1234, 138****5678, 张* / 张某.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable

import polars as pl

from catalog.model import PersonalKind
from masking.entities import ENTITY_ZH, Entity
from masking.policy import Action, Rule
from masking.recognizers.addresses import street_prefix
from masking.recognizers.names import surnames

# (characters kept at the start, characters kept at the end) of the normalised value
PARTIAL: dict[PersonalKind, tuple[int, int]] = {
    PersonalKind.resident_id: (6, 4),
    PersonalKind.mobile: (3, 4),
    PersonalKind.landline: (4, 4),
    PersonalKind.bank_card: (4, 4),
    PersonalKind.license_plate: (2, 2),
    PersonalKind.passport: (1, 3),
}
SUPPRESSED_LABEL: dict[PersonalKind, str] = {
    PersonalKind.resident_id: ENTITY_ZH[Entity.CN_RESIDENT_ID],
    PersonalKind.name: ENTITY_ZH[Entity.PERSON],
    PersonalKind.mobile: ENTITY_ZH[Entity.CN_MOBILE],
    PersonalKind.landline: ENTITY_ZH[Entity.CN_LANDLINE],
    PersonalKind.address: ENTITY_ZH[Entity.ADDRESS],
    PersonalKind.birth_date: "出生日期",
    PersonalKind.bank_card: ENTITY_ZH[Entity.BANK_CARD],
    PersonalKind.license_plate: ENTITY_ZH[Entity.CN_LICENSE_PLATE],
    PersonalKind.passport: "证件号",
    PersonalKind.email: ENTITY_ZH[Entity.EMAIL_ADDRESS],
    PersonalKind.ip_address: ENTITY_ZH[Entity.IP_ADDRESS],
}
_COMPOUND = tuple(s for s in surnames() if len(s) == 2)
_YEAR = re.compile(r"(1[89]\d{2}|20\d{2})")


# ---- normalisation: the same person's value must mask and pseudonymise the same way ----


def normalise(kind: PersonalKind, value: str) -> str:
    value = value.strip()
    if kind in (PersonalKind.mobile, PersonalKind.bank_card):
        digits = re.sub(r"\D", "", value)
        return digits[-11:] if kind is PersonalKind.mobile and len(digits) > 11 else digits
    if kind in (PersonalKind.resident_id, PersonalKind.passport, PersonalKind.license_plate):
        return re.sub(r"[\s·•・‧.-]", "", value).upper()
    return value


def _normalise_expr(kind: PersonalKind, s: pl.Expr) -> pl.Expr:
    s = s.str.strip_chars()
    if kind in (PersonalKind.mobile, PersonalKind.bank_card):
        digits = s.str.replace_all(r"\D", "")
        return digits.str.slice(-11) if kind is PersonalKind.mobile else digits
    if kind in (PersonalKind.resident_id, PersonalKind.passport, PersonalKind.license_plate):
        return s.str.replace_all(r"[\s·•・‧.-]", "").str.to_uppercase()
    return s


# ---- scalar forms ----


def partial(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def is_mask_residue(kind: PersonalKind, text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is what a partial mask deliberately leaves visible.

    Any span that contains the mask character is a masked value. A name is masked by keeping its
    head (张* keeps 张, 欧阳** keeps 欧阳), so a name span followed by the mask character is that
    head, re-read, not a name left in clear.
    """
    return "*" in text[start:end] or (kind is PersonalKind.name and text[end : end + 1] == "*")


def surname_length(name: str) -> int:
    return 2 if name[:2] in _COMPOUND and len(name) > 2 else 1


def mask_value(kind: PersonalKind, value: str, style: str | None = None) -> str:
    value = normalise(kind, value)
    if kind in PARTIAL:
        return partial(value, *PARTIAL[kind])
    if kind is PersonalKind.name:
        n = surname_length(value)
        return value[:n] + ("某" if style == "mou" else "*" * (len(value) - n))
    if kind is PersonalKind.email:
        return re.sub(r"^(.)[^@]*@", r"\1***@", value)
    if kind is PersonalKind.ip_address:
        return re.sub(r"^(\d+\.\d+)\.\d+\.\d+$", r"\1.*.*", value) if "." in value else value.split(":")[0] + ":*"
    if kind is PersonalKind.birth_date:
        return (m.group(1) + "-**-**") if (m := _YEAR.search(value)) else "*"
    if kind is PersonalKind.address:
        return (street_prefix(value) or "") + "***"
    raise ValueError(f"no mask for kind {kind.value}")


def pseudonym(kind: PersonalKind, value: str, key: bytes) -> str:
    """HMAC-SHA256 under the configured key; the kind is part of the message so that the same
    digits as a mobile and as an account number do not link."""
    digest = hmac.new(key, f"{kind.value}:{normalise(kind, value)}".encode(), hashlib.sha256).digest()
    return "PS" + base64.b32encode(digest[:15]).decode("ascii")


def generalise(kind: PersonalKind, value: str, to: str | None) -> str | None:
    if kind is PersonalKind.birth_date:
        return m.group(1) if (m := _YEAR.search(value)) else None
    return street_prefix(value)


def apply(kind: PersonalKind, rule: Rule, value: str, key: bytes, *, in_text: bool = False) -> str | None:
    """Scalar transform; in free text a suppressed value becomes a bracketed label."""
    if rule.action is Action.keep:
        return value
    if rule.action is Action.mask:
        return mask_value(kind, value, rule.style)
    if rule.action is Action.pseudonym:
        return pseudonym(kind, value, key)
    if rule.action is Action.generalise:
        general = generalise(kind, value, rule.to)
        if general is not None:
            return general
    return f"[{SUPPRESSED_LABEL[kind]}]" if in_text else None


# ---- expression forms, for whole columns ----


def _partial_expr(s: pl.Expr, head: int | pl.Expr, tail: int) -> pl.Expr:
    n = s.str.len_chars()
    middle = s.str.slice(head, n - head - tail).str.replace_all(".", "*")
    return (
        pl.when(n > pl.lit(head) + tail)
        .then(pl.concat_str([s.str.slice(0, head), middle, s.str.slice(n - tail, tail)]))
        .otherwise(s.str.replace_all(".", "*"))
    )


def _per_unique(s: pl.Expr, fn: Callable[[str], str | None]) -> pl.Expr:
    """Python transform run once per distinct value (HMAC, address grammar)."""

    def batch(series: pl.Series) -> pl.Series:
        distinct = series.drop_nulls().unique()
        mapped = pl.Series([fn(v) for v in distinct], dtype=pl.String)
        return series.replace_strict(distinct, mapped, default=None, return_dtype=pl.String)

    return s.map_batches(batch, return_dtype=pl.String)


def _year_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_temporal():
        return pl.col(column).dt.year().cast(pl.String)
    return pl.col(column).cast(pl.String).str.extract(_YEAR.pattern, 1)


def column_expr(column: str, dtype: pl.DataType, kind: PersonalKind, rule: Rule, key: bytes) -> pl.Expr:
    """The rule applied to a whole column, named as the column."""
    if rule.action is Action.keep:
        return pl.col(column)
    if rule.action is Action.suppress:
        return pl.lit(None, dtype=pl.String).alias(column)
    if kind is PersonalKind.birth_date and rule.action is Action.generalise:
        return _year_expr(column, dtype).alias(column)
    s = pl.col(column).cast(pl.String)
    if rule.action is Action.pseudonym:
        out = _per_unique(s, lambda v: pseudonym(kind, v, key))
    elif rule.action is Action.generalise:
        out = _per_unique(s, lambda v: generalise(kind, v, rule.to))
    elif kind in PARTIAL:
        out = _partial_expr(_normalise_expr(kind, s), *PARTIAL[kind])
    elif kind is PersonalKind.name:
        s = s.str.strip_chars()
        head = pl.when(s.str.slice(0, 2).is_in(_COMPOUND) & (s.str.len_chars() > 2)).then(2).otherwise(1)
        stars = s.str.slice(head).str.replace_all(".", "*")
        out = pl.concat_str([s.str.slice(0, head), pl.lit("某") if rule.style == "mou" else stars])
    elif kind is PersonalKind.email:
        out = s.str.strip_chars().str.replace(r"^(.)[^@]*@", "${1}***@")
    else:
        out = _per_unique(s, lambda v: mask_value(kind, v, rule.style))
    return out.alias(column)
