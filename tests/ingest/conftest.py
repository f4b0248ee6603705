"""The demo district, generated once per test process, and a warehouse that has loaded it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.model import Catalog
from catalog.validate import load_catalog
from config.settings import Settings
from demo.generate import generate_district
from ingest.pipeline import ingest_dataset

SCALE = 1_000  # the smallest demo district: every case below needs only a few hundred rows


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    landing = tmp_path_factory.mktemp("district") / "landing"
    generate_district(SCALE, 42, landing)
    return landing


def ingest_all(catalog: Catalog, settings: Settings) -> list:
    return [b for entry in catalog.entries for b in ingest_dataset(entry, catalog, settings)]


@pytest.fixture
def loaded(home: Settings, district: Path) -> tuple[Settings, Catalog]:
    """A fresh warehouse home that has loaded the demo district (no Dagster: the pipeline itself)."""
    shutil.copytree(district, home.landing_dir)
    catalog = load_catalog(home.catalog_dir)
    ingest_all(catalog, home)
    return home, catalog
