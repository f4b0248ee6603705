"""The rule registry: every rule of every dataset, generated from the catalog plus hand-written ones.

>>> from catalog.validate import load_catalog
>>> from config.settings import PACKAGED_CATALOG
>>> from datetime import date
>>> rules = catalog_rules(load_catalog(PACKAGED_CATALOG), date(2026, 12, 3))
>>> r = rule_by_id(rules, "household_registration.resident_id.gb11643")
>>> r.name_zh, r.severity.value, sorted(s.value for s in r.stages)
('公民身份号码校验失败', 'critical', ['door', 'verify'])
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from catalog.model import Catalog, Dataset
from expectations.crosssource import cross_source_rules
from expectations.fieldspec import field_rules
from expectations.handwritten import handwritten_rules
from expectations.rules import Rule, Stage


@lru_cache(maxsize=64)
def dataset_rules(dataset: Dataset, today: date) -> tuple[Rule, ...]:
    """Rules that read one dataset alone: from its field specs, then the hand-written ones."""
    rules = (*field_rules(dataset, today), *handwritten_rules(dataset))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{dataset.id}: 规则编号重复 duplicate rule ids {sorted({i for i in ids if ids.count(i) > 1})}")
    return rules


def door_rules(dataset: Dataset, today: date) -> tuple[Rule, ...]:
    """What ingestion enforces before a row may enter clean (issue 13 item 1)."""
    return tuple(r for r in dataset_rules(dataset, today) if Stage.door in r.stages)


def catalog_rules(catalog: Catalog, today: date) -> tuple[Rule, ...]:
    single = [r for e in catalog.entries for r in dataset_rules(e.dataset, today)]
    return (*single, *cross_source_rules(catalog))


def verify_rules(catalog: Catalog, dataset_id: str, today: date) -> tuple[Rule, ...]:
    """The suite of one clean table: every rule with a verification stage on that dataset."""
    return tuple(r for r in catalog_rules(catalog, today) if r.dataset == dataset_id and Stage.verify in r.stages)


def rule_by_id(rules: Iterable[Rule], rule_id: str) -> Rule:
    for r in rules:
        if r.id == rule_id:
            return r
    raise KeyError(f"未知规则 unknown rule {rule_id!r}")
