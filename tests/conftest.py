"""Shared fixtures: a warehouse home in a temporary folder, a copy of the catalog to break,
a scratch PostgreSQL database and an offline headless browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from config.settings import PACKAGED_CATALOG, Settings, load_settings
from tests.services import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, scratch_postgres_database

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings rooted in tmp_path; env vars that would point elsewhere are cleared."""
    for var in ("DW_CATALOG", "DW_LANDING", "DW_LAKE", "DW_RECOLLECTION_POLICY", "DW_PSEUDONYM_KEY",
                "DW_TODAY", "DW_DATABASE_URL", "DW_QUALITY_GX", "DW_DEBUG"):
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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database on 127.0.0.1:5432, private to this test session."""
    with scratch_postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright; never downloads a browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[OfflinePage]:
    """A page whose every request off this machine is blocked and recorded in ``.external``."""
    context = browser.new_context(locale="zh-CN")
    page = OfflinePage(context.new_page())
    yield page
    context.close()


class OfflinePage:
    """A Playwright page that allows only file: and loopback URLs and remembers what else was tried."""

    LOCAL = ("file:", "data:", "about:", "blob:", "http://127.0.0.1", "http://localhost")

    def __init__(self, page: Page):
        self.page = page
        self.external: list[str] = []
        page.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.LOCAL):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def screenshot(self, name: str) -> Path:
        """Keep a full-page screenshot under test-artifacts/ (a CI artifact, not committed)."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path
