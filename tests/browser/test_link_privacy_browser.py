"""The app's downloads of a view of a private dataset, at a public address: the printed
link carries no id and says the data are private, until the planner ticks the box."""

from __future__ import annotations

import io

import pypdf
from playwright.sync_api import expect

from bench.harness import streamlit_server
from tests.browser.harness import ARTIFACTS
from tests.browser.reader import app_idle
from tests.browser.test_app_browser import TIMEOUT, open_app
from tests.browser.test_app_downloads import download
from tests.browser.test_datasets_browser import new_page, save_dataset
from tests.test_datasets import PLANNERS_FILE

PUBLIC = "https://atlas.example.kz/"


def test_the_printed_link_keeps_the_dataset_private_unless_the_planner_ticks(chromium, tmp_path):
    url = f"sqlite:///{tmp_path / 'datasets.sqlite3'}"
    dataset_id = save_dataset(url, PLANNERS_FILE, "tiers.csv")
    env = {"MONOQALA_DATABASE_URL": url, "MONOQALA_APP_URL": PUBLIC}
    with streamlit_server(env=env) as app:
        context, page = new_page(chromium)
        open_app(page, app, f"?lang=en&data={dataset_id}&color=tier")
        page.get_by_text("Download and embed").click()
        expect(page.get_by_role("button", name="Page PDF · A4")).to_be_visible(timeout=TIMEOUT)
        box = page.get_by_role("checkbox", name="Put the dataset's id into the files' link")
        expect(box).not_to_be_checked()
        page.screenshot(path=str(ARTIFACTS / "link_privacy_panel.png"), full_page=True)
        _, pdf = download(page, "Page PDF · A4")
        _, embed = download(page, "Embed HTML")
        text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
        assert "without the user's data: they are private" in text and PUBLIC in text
        assert dataset_id.encode() not in pdf and dataset_id.encode() not in embed
        page.get_by_text("Put the dataset's id into the files' link").click()
        expect(box).to_be_checked(timeout=TIMEOUT)
        # The run that ticked it has made the buttons afresh: they now carry the id.
        expect(page.get_by_text("The files' link opens the dataset")).to_be_visible(timeout=TIMEOUT)
        app_idle(page)
        _, pdf = download(page, "Page PDF · A4")
        _, embed = download(page, "Embed HTML")
        assert f"data={dataset_id}".encode() in pdf and f"data={dataset_id}".encode() in embed
        assert page.blocked == []
        context.close()
