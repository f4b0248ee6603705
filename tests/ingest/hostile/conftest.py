"""One small demo district for the hostile suite, and its personal values to look for in messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo.generate import generate_district
from tests.ingest.hostile.generate import personal_values

SCALE = 1000  # the generator's minimum: about 1 000 residents, 2 000 rows in all
SEED = 13


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile-district")
    generate_district(SCALE, SEED, out)
    return out


@pytest.fixture(scope="session")
def secrets(district: Path) -> set[str]:
    return personal_values(district)
