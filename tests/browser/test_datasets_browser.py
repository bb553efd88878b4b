"""Planners' datasets in the real app: a file uploaded in one app process is seen by another
(PostgreSQL, as replicas behind a load balancer share it), and a link survives a restart
and opens in a new browser."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from bench.harness import block_non_loopback, streamlit_server
from tests.browser.harness import ARTIFACTS
from tests.browser.test_app_browser import MAP_FRAME, TIMEOUT, open_app
from tests.pg import fresh_schema
from tests.test_datasets import NUMBERS_FILE, PLANNERS_FILE, SUPPLIED

pytest_plugins = ["pg"]


def new_page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []
    block_non_loopback(context, blocked)
    page = context.new_page()
    page.blocked = blocked
    return context, page


def upload(page, app: str, path) -> str:
    """Upload ``path`` through the app's panel and save it; returns the dataset's id."""
    open_app(page, app, "?lang=ru")
    page.get_by_text("Свои данные: потенциал развития, критерии, показатели").click()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(re.compile("4 сопоставлены с городами"))).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Сохранить и показать на карте").click()
    expect(page.get_by_text("Сохранено. Карта теперь показывает эти данные.")).to_be_visible(
        timeout=TIMEOUT
    )
    page.wait_for_url(re.compile(r"data="), timeout=TIMEOUT)
    return parse_qs(urlparse(page.url).query)["data"][0]


def high_tier_towns(page, app: str, dataset_id: str) -> None:
    frame = open_app(page, app, f"?lang=ru&data={dataset_id}&tier=high")
    expect(frame.locator("path.mq-town")).to_have_count(2, timeout=TIMEOUT)
    expect(page.get_by_text(re.compile("предоставлены пользователем")).first).to_be_visible()


def test_two_app_processes_see_each_others_datasets(chromium, pg_server_url, tmp_path):
    path = tmp_path / "уровни.csv"
    path.write_bytes(PLANNERS_FILE)
    with fresh_schema(pg_server_url) as url:
        env = {"MONOQALA_DATABASE_URL": url}
        with streamlit_server(env=env) as first, streamlit_server(env=env) as second:
            context, page = new_page(chromium)
            dataset_id = upload(page, first, path)
            page.screenshot(path=str(ARTIFACTS / "app_dataset_saved.png"), full_page=True)
            context.close()
            context, page = new_page(chromium)
            high_tier_towns(page, second, dataset_id)
            page.locator(MAP_FRAME).screenshot(path=str(ARTIFACTS / "app_dataset_high.png"))
            assert page.blocked == []
            context.close()


def test_a_dataset_link_survives_a_restart_and_opens_in_a_new_browser(chromium, tmp_path):
    path = tmp_path / "tiers.csv"
    path.write_bytes(PLANNERS_FILE)
    env = {"MONOQALA_DATABASE_URL": f"sqlite:///{tmp_path / 'datasets.sqlite3'}"}
    with streamlit_server(env=env) as app:
        context, page = new_page(chromium)
        dataset_id = upload(page, app, path)
        context.close()
    with streamlit_server(env=env) as app:  # a new process: nothing cached
        context, page = new_page(chromium)
        high_tier_towns(page, app, dataset_id)
        context.close()


def save_dataset(url: str, content: bytes, file_name: str, name: str = "Показатели акимата") -> str:
    """Save a planner's file straight into the store at ``url``; returns the dataset's id."""
    from geo.io import read_towns
    from userdata.read import build_preview, read_upload
    from userdata.store import DatasetStore

    preview = build_preview(read_upload(content, file_name), read_towns())
    with DatasetStore(url) as store:
        made = store.create(
            name=name,
            file_name=file_name,
            original=content,
            content=preview.content(),
            roles={},
        )
    return made.dataset_id


def test_every_indicator_of_a_dataset_draws_in_three_languages(chromium, tmp_path):
    url = f"sqlite:///{tmp_path / 'datasets.sqlite3'}"
    dataset_id = save_dataset(url, NUMBERS_FILE, "numbers.csv")
    with streamlit_server(env={"MONOQALA_DATABASE_URL": url}) as app:
        context, page = new_page(chromium)
        for key in ("data:bezrabotitsa_pct", "data:chislo_predpriyatiy"):
            for lang in ("kk", "ru", "en"):
                frame = open_app(page, app, f"?lang={lang}&data={dataset_id}&ind={key}")
                expect(frame.locator("path.mq-unit")).to_have_count(16, timeout=TIMEOUT)
                expect(frame.locator("path.mq-town")).to_have_count(27, timeout=TIMEOUT)
                expect(frame.locator(".mq-legend")).to_contain_text(SUPPLIED[lang])
                assert page.get_by_text("Something went wrong").count() == 0
        page.locator(MAP_FRAME).screenshot(path=str(ARTIFACTS / "app_dataset_indicator.png"))
        assert page.blocked == []
        context.close()
