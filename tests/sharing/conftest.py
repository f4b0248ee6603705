"""Sharing fixtures: the workflow fixtures for both databases (SQLite and PostgreSQL, reused from
tests/workflow), a small lake with real release copies built once a session, and the actors."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "workflow"))  # live_service, as tests/workflow imports it

from live_service import LiveService
from share_lake import PSEUDONYM_KEY, Lake, build_lake

from config.settings import Settings
from tests.workflow.conftest import database_url, settings  # noqa: F401  (the same fixtures, both databases)
from workflow.context import Workflow, open_workflow


@pytest.fixture(scope="session")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DW_PSEUDONYM_KEY", PSEUDONYM_KEY)
        return build_lake(tmp_path_factory.mktemp("share-lake"))


@pytest.fixture
def share_settings(settings: Settings, lake: Lake, monkeypatch: pytest.MonkeyPatch) -> Settings:  # noqa: F811
    monkeypatch.setenv("DW_PSEUDONYM_KEY", PSEUDONYM_KEY)
    monkeypatch.setenv("DW_WATERMARK_KEY", "sharing-tests-watermark-key")
    return dataclasses.replace(settings, lake_dir=lake.path)


@pytest.fixture
def swf(share_settings: Settings) -> Iterator[Workflow]:
    workflow = open_workflow(share_settings)
    yield workflow
    workflow.close()


@pytest.fixture
def share_live(share_settings: Settings) -> Iterator[LiveService]:
    service = LiveService(share_settings)
    yield service
    service.stop()
