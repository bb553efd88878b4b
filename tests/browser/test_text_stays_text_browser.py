"""Addresses in a link's parameters and in a dataset's name are shown as text in the real
app: no element of the page links to them (the atlas's own warning box included)."""

from __future__ import annotations

from playwright.sync_api import expect

from bench.harness import streamlit_server
from tests.browser.harness import ARTIFACTS
from tests.browser.test_app_browser import TIMEOUT, open_app
from tests.browser.test_datasets_browser import new_page, save_dataset
from tests.test_datasets import PLANNERS_FILE

# Every anchor of the page that leads to an address from the link or the dataset.
FOREIGN_LINKS = """() => [...document.querySelectorAll('a[href]')]
  .map(a => a.href).filter(h => /example|mailto:/i.test(h))"""


def test_addresses_from_the_link_and_a_dataset_name_are_never_links(chromium, tmp_path):
    url = f"sqlite:///{tmp_path / 'datasets.sqlite3'}"
    name = "See www.example.com/login or boss@example.com"
    dataset_id = save_dataset(url, PLANNERS_FILE, "tiers.csv", name)
    query = (
        f"?lang=www.example.com/login&tier=http://evil.example/x&unit=https://evil.example/"
        f"&data={dataset_id}"
    )
    with streamlit_server(env={"MONOQALA_DATABASE_URL": url}) as app:
        context, page = new_page(chromium)
        open_app(page, app, query)
        warning = page.locator("[data-testid=stAlertContentWarning]").first
        expect(warning).to_contain_text("example.com/login", timeout=TIMEOUT)
        expect(page.get_by_text("See www").first).to_be_visible(timeout=TIMEOUT)
        page.screenshot(path=str(ARTIFACTS / "text_stays_text.png"), full_page=True)
        assert page.evaluate(FOREIGN_LINKS) == []
        assert page.blocked == []
        context.close()
