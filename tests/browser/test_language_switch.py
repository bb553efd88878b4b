"""A reader who changes language keeps the page as it was: the panels left open stay open,
in the new language, and the language picker names itself in every language."""

from __future__ import annotations

from playwright.sync_api import expect

from export.formats import FORMATS
from geo.i18n import LANGUAGES, picker_label, t
from tests.browser.harness import ARTIFACTS
from tests.browser.test_app_browser import TIMEOUT, open_app


def test_open_panels_stay_open_across_a_language_switch(offline_page, app_url):
    page = offline_page
    open_app(page, app_url, "?lang=en")
    page.get_by_text(t("export", "en"), exact=True).click()
    expect(page.get_by_role("button", name=t("dl_png", "en"))).to_be_visible(timeout=TIMEOUT)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(picker_label(), exact=True)).to_be_visible()
    for lang in ("ru", "kk"):
        sidebar.get_by_text(LANGUAGES[lang].name, exact=True).click()
        expect(page.get_by_role("heading", name=t("title", lang))).to_be_visible(timeout=TIMEOUT)
        for fmt in FORMATS.values():
            button = page.get_by_role("button", name=t(fmt.button, lang), exact=True)
            expect(button).to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "language_switch_kk.png"))
    assert page.blocked == []
