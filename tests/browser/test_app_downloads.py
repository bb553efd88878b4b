"""Downloads from the running app: what the reader gets is the view on the screen."""

from __future__ import annotations

import csv
import io
import json

from PIL import Image
from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS
from tests.browser.test_app_browser import TIMEOUT, open_app, settled
from tests.test_briefing_layout import pdf_title


def download(page, label: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name=label, exact=True).click()
    d = info.value
    return d.suggested_filename, open(d.path(), "rb").read()


def test_downloads_hold_the_view_on_screen(offline_page, app_url):
    page = offline_page
    frame = open_app(page, app_url, "?lang=ru&unit=KZ-35")
    expect(frame.locator("path.mq-town")).to_have_count(8, timeout=TIMEOUT)
    page.get_by_text("Скачать и встроить").click()
    expect(page.get_by_role("button", name="Изображение PNG · 16:9")).to_be_visible()
    settled(page)
    page.screenshot(path=str(ARTIFACTS / "app_downloads.png"), full_page=True)

    name, png = download(page, "Изображение PNG · 16:9")
    assert name == "monoqala_kz-35_ru_2012.png"
    (ARTIFACTS / "app_download.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    assert image.size == (2400, 1350)
    assert image.convert("L").getextrema()[0] < 100  # not a blank page

    name, pdf = download(page, "Страница PDF · A4")
    assert pdf_title(pdf) == "Карагандинская область, Казахстан — Число моногородов"
    assert b"localhost" not in pdf and b"/URI" not in pdf  # no link readers could not open

    name, towns = download(page, "Города CSV")
    rows = list(csv.DictReader(io.StringIO(towns.decode("utf-8-sig"))))
    assert len(rows) == 8 and {r["unit_id"] for r in rows} == {"KZ-35"}

    name, meta = download(page, "Метаданные JSON")
    meta = json.loads(meta)
    assert meta["view"]["unit"] == "KZ-35" and meta["view"]["language"] == "ru"
    assert meta["counts"]["towns_shown"] == 8
    # The app runs at 127.0.0.1 and no public address is configured: no dead link is
    # printed, and the panel says why.
    assert meta["link"] is None
    expect(page.get_by_text("В файлах нет ссылки на атлас")).to_be_visible()

    name, page_html = download(page, "HTML для сайта")
    assert name == "monoqala_kz-35_ru_2012.html"
    assert page_html.decode().count("<li><button") == 8  # the embed's list of towns
    assert "localhost" not in page_html.decode() and "Открыть в атласе" not in page_html.decode()
    snippet = page.locator("code").filter(has_text="<iframe").first
    expect(snippet).to_contain_text('src="monoqala_kz-35_ru_2012.html"')
    assert page.blocked == []


def test_downloads_of_a_dataset_view_equal_the_command_lines(chromium, tmp_path, monkeypatch):
    """Every file from the app's panel carries the view's dataset, byte for byte as
    ``monoqala export --data <id>`` writes it."""
    from datetime import date

    from bench.harness import streamlit_server
    from cli import main as cli
    from tests.browser.test_datasets_browser import new_page, save_dataset
    from tests.test_datasets import PLANNERS_FILE

    url = f"sqlite:///{tmp_path / 'datasets.sqlite3'}"
    dataset_id = save_dataset(url, PLANNERS_FILE, "tiers.csv")
    buttons = {
        "png": "Изображение PNG · 16:9",
        "pdf": "Страница PDF · A4",
        "csv": "Города CSV",
        "json": "Метаданные JSON",
        "html": "HTML для сайта",
    }
    with streamlit_server(env={"MONOQALA_DATABASE_URL": url}) as app:
        context, page = new_page(chromium)
        open_app(page, app, f"?lang=ru&data={dataset_id}&color=tier")
        page.get_by_text("Скачать и встроить").click()
        expect(page.get_by_role("button", name=buttons["png"])).to_be_visible()
        got = {key: download(page, label)[1] for key, label in buttons.items()}
        context.close()
    meta = json.loads(got["json"])
    assert meta["user_data"]["supplied_by"] == "user" and meta["user_data"]["name"]
    assert all(dataset_id.encode() not in content for content in got.values())  # private
    today = date.today().isoformat()
    monkeypatch.setenv("MONOQALA_DATABASE_URL", url)
    for key, content in got.items():
        out = tmp_path / f"cli.{key}"
        argv = ["export", "--data", dataset_id, "--colour-by", "tier", "--lang", "ru"]
        assert cli.main([*argv, "--date", today, "-o", str(out)]) == 0
        assert out.read_bytes() == content, key
