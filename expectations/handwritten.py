"""Rules no field spec can say: values of one record that must agree with each other.

They are written against the catalog's items, not column names, so they apply to every
dataset holding those items (a resident ID beside a birth date or a sex of the same person).
"""

from __future__ import annotations

from collections.abc import Iterator

from catalog.model import Dataset, FieldType
from expectations import checks as c
from expectations.fieldspec import ART29
from expectations.rules import BOTH, VERIFY, Rule, Severity

# Items of the person a resident ID identifies, by data item id.
BIRTH_ITEMS = {"resident.birth_date"}
SEX_ITEMS = {"resident.gender"}
MOTHER_OF_NEWBORN = ("birth.born_on", "resident.id")  # a newborn's birth vs the mother's ID
MIN_MOTHER_AGE = 12


def handwritten_rules(dataset: Dataset) -> Iterator[Rule]:
    ids = [f for f in dataset.fields if f.type is FieldType.resident_id and f.authoritative]
    for rid in ids:
        for f in dataset.fields:
            if f.item in BIRTH_ITEMS:
                yield Rule(
                    f"{dataset.id}.{f.name}.agrees_with_{rid.name}", f"{f.label}与身份证号不符",
                    "birth date contradicts the one in the resident ID", ART29, Severity.critical, dataset.id,
                    (rid.name, f.name), c.IdAgrees(rid.name, f.name, "birth"), BOTH, (rid.column, f.column),
                )
            if f.item in SEX_ITEMS:
                yield Rule(
                    f"{dataset.id}.{f.name}.agrees_with_{rid.name}", f"{f.label}与身份证号不符",
                    "sex contradicts the one in the resident ID", ART29, Severity.critical, dataset.id,
                    (rid.name, f.name), c.IdAgrees(rid.name, f.name, "sex"), BOTH, (rid.column, f.column),
                )
    items = {f.item: f for f in dataset.fields}
    born, mother = (items.get(i) for i in MOTHER_OF_NEWBORN)
    if born and mother and mother.type is FieldType.resident_id:
        yield Rule(
            f"{dataset.id}.{born.name}.after_{mother.name}_birth", f"{born.label}早于母亲{MIN_MOTHER_AGE}岁",
            f"newborn's birth before the mother (per her ID) was {MIN_MOTHER_AGE}", ART29, Severity.warning,
            dataset.id, (mother.name, born.name), c.AfterIdBirth(mother.name, born.name, MIN_MOTHER_AGE), VERIFY,
            (mother.column, born.column),
        )
