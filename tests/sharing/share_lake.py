"""A small lake for the sharing tests: clean tables generated from the catalog (with lineage
columns) and the release copies masking publishes from them (the real masking, once a session)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from catalog.model import CatalogEntry, FieldType, PersonalKind
from catalog.validate import load_catalog
from config.settings import PACKAGED_CATALOG, load_settings
from lakehouse import tables
from masking.policy import ReleaseClass
from masking.release import publish_release, releases_for
from standards.checksums import resident_id_check_code, uscc_check_code

PSEUDONYM_KEY = "sharing-tests-pseudonym-key"
ROWS = 60
DATASETS = ("household_registration", "enterprise_registration", "subsistence_allowance", "water_accounts", "social_insurance_enrolment")
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜秀英敏静丽强磊军洋"


@dataclass(frozen=True)
class Lake:
    path: Path
    keys: dict[str, list[str]]  # dataset -> the lookup keys it holds, as sent by a caller


def resident_id(i: int) -> str:
    first = f"330203{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return first + resident_id_check_code(first)


def uscc(i: int) -> str:
    first = f"91330203{i:09d}"
    return first + uscc_check_code(first)


def clean_frame(entry: CatalogEntry, rows: int = ROWS, seed: int = 7) -> pl.DataFrame:
    rng = random.Random(seed)
    data: dict[str, list] = {}
    for f in entry.dataset.fields:
        column: list = []
        for i in range(rows):
            if f.type is FieldType.resident_id:
                column.append(resident_id(i))
            elif f.type is FieldType.uscc:
                column.append(uscc(i))
            elif f.personal is PersonalKind.name:
                column.append(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)]))
            elif f.personal is PersonalKind.mobile or f.type is FieldType.mobile:
                column.append("13" + "".join(rng.choice("0123456789") for _ in range(9)))
            elif f.personal is PersonalKind.address or f.name.endswith("address"):
                street = rng.choice(["鼓楼街道", "西门街道", "白云街道"])
                column.append(f"浙江省宁波市海曙区{street}中山西路{rng.randint(1, 500)}号{rng.randint(1, 9)}幢{rng.randint(101, 999)}室")
            elif f.type in (FieldType.date, FieldType.datetime):
                column.append(date(rng.randint(1960, 2020), rng.randint(1, 12), rng.randint(1, 28)))
            elif f.type is FieldType.integer:
                column.append(rng.randint(1, 5))
            elif f.type is FieldType.decimal:
                column.append(round(rng.random() * 1000, 2))
            elif f.name == "gender":
                column.append(rng.choice(["男", "女"]))
            elif "street" in f.name:
                column.append(rng.choice(["鼓楼街道", "西门街道", "白云街道"]))
            elif f.key:
                column.append(f"{f.name[:2].upper()}{i:08d}")
            else:
                column.append(rng.choice(["甲类", "乙类", "丙类"]) + f"-{rng.randint(1, 9)}A")
        data[f.name] = column
    frame = pl.DataFrame(data)
    return frame.with_columns(pl.lit(f"{entry.dataset.id}-0123456789abcdef").alias("_batch_id"),
                              pl.Series("_row_number", list(range(1, rows + 1)), dtype=pl.Int64))


def build_lake(root: Path) -> Lake:
    settings = load_settings(root)
    catalog = load_catalog(PACKAGED_CATALOG)
    keys = {}
    for dataset in DATASETS:
        entry = catalog.dataset(dataset)
        frame = clean_frame(entry)
        tables.replace(tables.table_path(settings.lake_dir, "clean", dataset), frame)
        for release in releases_for(entry):
            if release is not ReleaseClass.open:
                publish_release(entry, frame, release, settings, workers=1)
        keys[dataset] = frame.get_column(entry.dataset.key_fields[0].name).unique(maintain_order=True).to_list()
    return Lake(settings.lake_dir, keys)
