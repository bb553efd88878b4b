"""Hostile text in a real browser: the app and an embed open every popup and tooltip, and
no script from data ever runs (a dialog would be the proof)."""

from __future__ import annotations

import streamlit as st
from playwright.sync_api import expect

from bench.harness import serve_folder, streamlit_server
from export.formats import FORMATS, Options
from geo.atlas import load_atlas
from geo.view import View
from tests import hostile
from tests.browser.harness import ARTIFACTS
from tests.browser.test_app_browser import MAP_FRAME, TIMEOUT, open_app
from tests.datacopy import use_data

OPEN_EVERYTHING = """() => {
  let n = 0;
  window.map.eachLayer(l => {
    if (l.getPopup && l.getPopup()) { l.openPopup(); n++; }
    if (l.getTooltip && l.getTooltip()) { l.openTooltip(); n++; }
  });
  return n;
}"""


def watch_dialogs(page) -> list[str]:
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def test_hostile_data_runs_nothing_in_the_app(offline_page, tmp_path):
    folder = hostile.hostile_copy(tmp_path)
    dialogs = watch_dialogs(offline_page)
    with streamlit_server(env={"MONOQALA_ATLAS_DATA": str(folder)}) as url:
        frame = open_app(offline_page, url, "?lang=en&unit=KZ-35")
        expect(frame.locator("path.mq-town").first).to_be_visible(timeout=TIMEOUT)
        map_frame = offline_page.locator(MAP_FRAME).element_handle().content_frame()
        assert map_frame.evaluate(OPEN_EVERYTHING) > 0
        offline_page.get_by_text("Sources", exact=True).click()
        offline_page.get_by_text("State programme", exact=True).click()
        expect(offline_page.get_by_text("Karaganda", exact=False).first).to_be_attached()
        offline_page.screenshot(path=str(ARTIFACTS / "app_hostile.png"), full_page=True)
    assert dialogs == []
    assert offline_page.blocked == []


def test_hostile_data_runs_nothing_in_an_embed(offline_page, tmp_path, monkeypatch):
    folder = hostile.hostile_copy(tmp_path)
    use_data(monkeypatch, folder)
    st.cache_resource.clear()
    page_html = FORMATS["html"].render(load_atlas(), View(lang="en"), Options())
    (tmp_path / "embed.html").write_bytes(page_html)
    dialogs = watch_dialogs(offline_page)
    with serve_folder(tmp_path) as url:
        offline_page.goto(f"{url}/embed.html")
        expect(offline_page.locator("path.mq-unit").first).to_be_visible(timeout=TIMEOUT)
        assert (
            offline_page.evaluate(
                "() => { window.map = Object.values(window).find("
                "v => v && v._leaflet_id && v.eachLayer);"
                f" return ({OPEN_EVERYTHING})(); }}"
            )
            > 0
        )
        for button in offline_page.locator("button[data-town]").all()[:8]:
            button.click()
    assert dialogs == []
    assert offline_page.blocked == []
