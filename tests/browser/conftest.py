"""Browser fixtures: one app server and one headless Chromium per test session."""

from __future__ import annotations

import os

import pytest

from tests.browser.harness import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    block_non_loopback,
    chromium_path,
    streamlit_server,
)


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        if os.environ.get("MONOQALA_SKIP_BROWSER") == "1":
            pytest.skip("MONOQALA_SKIP_BROWSER=1 and no chromium on this machine")
        pytest.fail("Debian's chromium is required for the browser tests (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def offline_page(chromium):
    """A page whose requests may reach only this machine; ``page.blocked`` lists the rest."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []
    block_non_loopback(context, blocked)
    page = context.new_page()
    page.blocked = blocked
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield page
    context.close()


def pytest_collection_modifyitems(items):
    """Every test in this folder drives a browser: ``-m "not browser"`` leaves them out."""
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)
