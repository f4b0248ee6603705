"""Shared fixtures: a warehouse home in a temporary folder, and a copy of the catalog to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dw.settings import PACKAGED_CATALOG, Settings, load_settings


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings rooted in tmp_path; env vars that would point elsewhere are cleared."""
    for var in ("DW_CATALOG", "DW_LANDING", "DW_LAKE", "DW_RECOLLECTION_POLICY", "DW_PSEUDONYM_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DW_HOME", str(tmp_path))
    return load_settings(tmp_path)


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(PACKAGED_CATALOG, target)
    return target


def edit_yaml(path: Path, change) -> None:
    """Load a provider YAML, let ``change`` mutate the dict, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
