"""Comparison across sources (比对, Art. 29), generated from the catalog's reference fields.

A field with ``reference: true`` names its subject by another provider's item; the rule holds
it against the dataset where that item is authoritative (一数一源). A field whose value spec says
``agrees_with: <item>`` must equal that item of the same subject. A reference to an enterprise
must not treat a struck-off one (注销, 吊销) as active. Every finding is the referring
(non-authoritative) provider's: the authoritative source is the yardstick.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from catalog.model import Catalog, CatalogEntry, CatalogField
from expectations.checks import Check, GxSpec
from expectations.rules import VERIFY, Columns, Rule, Severity

ART29_COMPARE = "第29条 Art. 29 比对"
ENTERPRISE_KEY, ENTERPRISE_STATUS = "enterprise.uscc", "enterprise.status"
STRUCK_OFF = ("注销", "吊销")  # status values that begin so: the entity no longer exists in law
ENDED = ("终止",)  # a record whose own status begins so no longer treats the subject as active


@dataclass(frozen=True)
class Authority:
    dataset: str
    key: str  # authoritative key column
    column: str  # the column compared (the key itself, a name, a status)


def _found(frame: pl.DataFrame, column: str, other: pl.DataFrame, auth: Authority, alias: str) -> pl.DataFrame:
    """``frame`` with ``alias``: the authority's ``auth.column`` for the row's subject (null if none)."""
    lookup = other.select(pl.col(auth.key).alias("_k"), pl.col(auth.column).alias(alias)).unique("_k", keep="first")
    joined = frame.select(pl.col(column).alias("_k")).join(lookup, on="_k", how="left", maintain_order="left")
    return frame.with_columns(joined[alias])


@dataclass(frozen=True)
class ExistsIn(Check):
    column: str
    authority: Authority

    @property
    def marker(self) -> str:
        return f"_in_{self.authority.dataset}"

    def needs(self) -> tuple[str, ...]:
        return (self.authority.dataset,)

    def prepare(self, frame: pl.DataFrame, others: dict[str, pl.DataFrame]) -> pl.DataFrame:
        keys = others[self.authority.dataset][self.authority.key].drop_nulls().unique()
        value = pl.col(self.column)
        return frame.with_columns(pl.when(value.is_not_null()).then(value.is_in(keys.implode())).alias(self.marker))

    def failing(self, cols: Columns) -> pl.Expr:
        return pl.col(self.marker) == pl.lit(False)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToBeInSet", {"column": self.marker, "value_set": [True]})]


@dataclass(frozen=True)
class AgreesWithAuthority(Check):
    column: str
    key: str
    authority: Authority

    @property
    def marker(self) -> str:
        return f"_authority_{self.column}"

    def needs(self) -> tuple[str, ...]:
        return (self.authority.dataset,)

    def prepare(self, frame: pl.DataFrame, others: dict[str, pl.DataFrame]) -> pl.DataFrame:
        return _found(frame, self.key, others[self.authority.dataset], self.authority, self.marker)

    def failing(self, cols: Columns) -> pl.Expr:
        return pl.col(self.column) != pl.col(self.marker)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnPairValuesToBeEqual", {
            "column_A": self.column, "column_B": self.marker, "ignore_row_if": "either_value_is_missing"})]


@dataclass(frozen=True)
class SubjectActive(Check):
    column: str
    authority: Authority
    own_status: str | None  # the record's own status column, if it has one

    @property
    def marker(self) -> str:
        return f"_status_{self.column}"

    def needs(self) -> tuple[str, ...]:
        return (self.authority.dataset,)

    def prepare(self, frame: pl.DataFrame, others: dict[str, pl.DataFrame]) -> pl.DataFrame:
        out = _found(frame, self.column, others[self.authority.dataset], self.authority, "_st")
        active = pl.lit(True) if self.own_status is None else ~pl.col(self.own_status).fill_null("").str.starts_with(ENDED[0])
        struck = pl.any_horizontal(pl.col("_st").str.starts_with(s) for s in STRUCK_OFF)
        return out.with_columns(pl.when(pl.col("_st").is_not_null()).then(~(struck & active)).alias(self.marker)).drop("_st")

    def failing(self, cols: Columns) -> pl.Expr:
        return pl.col(self.marker) == pl.lit(False)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToBeInSet", {"column": self.marker, "value_set": [True]})]


def cross_source_rules(catalog: Catalog) -> Iterator[Rule]:
    home = {f.item: (e, f) for e in catalog.entries for f in e.dataset.fields if f.authoritative}
    for entry in catalog.entries:
        ds = entry.dataset
        for f in ds.fields:
            if not f.reference or f.item not in home:
                continue
            auth_entry, auth_field = home[f.item]
            if not auth_field.key:
                continue
            yield _rule(entry, f, "exists", "引用主体不在权威源", f"subject not in the authoritative source {auth_entry.dataset.id}",
                        ExistsIn(f.name, Authority(auth_entry.dataset.id, auth_field.name, auth_field.name)), (f,))
            for other in ds.fields:
                target = home.get(other.values.agrees_with or "")
                if target and target[0] is auth_entry:
                    yield _rule(entry, other, f"agrees_with_{auth_entry.dataset.id}",
                                f"{other.label}与权威源不符", f"{other.name} differs from the authoritative {target[1].name}",
                                AgreesWithAuthority(other.name, f.name, Authority(auth_entry.dataset.id, auth_field.name, target[1].name)),
                                (f, other))
            status = next((x for x in auth_entry.dataset.fields if x.item == ENTERPRISE_STATUS), None)
            if f.item == ENTERPRISE_KEY and status is not None:
                own = next((x.name for x in ds.fields if x.name == "status"), None)
                yield _rule(entry, f, "subject_active", "引用主体已注销或吊销", "subject struck off (注销/吊销) but treated as active",
                            SubjectActive(f.name, Authority(auth_entry.dataset.id, auth_field.name, status.name), own), (f,))


def _rule(entry: CatalogEntry, f: CatalogField, kind: str, zh: str, en: str, check: Check, fields: tuple[CatalogField, ...]) -> Rule:
    return Rule(
        f"{entry.dataset.id}.{f.name}.{kind}", zh, en, ART29_COMPARE, Severity.warning, entry.dataset.id,
        tuple(x.name for x in fields), check, VERIFY, tuple(x.column for x in fields),
    )
