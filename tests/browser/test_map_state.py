"""The page and its URL stay in step: Back and Forward restore the filters on the page, a
language switch redraws every select box in the new language, and filter placeholders fit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS
from tests.browser.reader import MAP_FRAME, SIZES, app_idle, choose, new_page, open_map

# (list status box, "listed", sector box, "Copper") in each language.
WORDS = {
    "en": ("List status", "listed", "Sector", "Copper"),
    "ru": ("Статус в списке", "в списке", "Отрасль", "Медь"),
    "kk": ("Тізімдегі мәртебесі", "тізімде", "Сала", "Мыс"),
}


def selected(page, box: str):
    """The chips (selected values) of the multiselect labelled ``box``."""
    widget = page.locator("[data-testid=stMultiSelect]").filter(
        has=page.get_by_role("combobox", name=box, exact=True)
    )
    return widget.locator(".react-aria-ComboBox [data-tag]")


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_back_and_forward_bring_the_page_back_in_step(chromium, app_url, lang):
    status, listed, sector, copper = WORDS[lang]
    with new_page(chromium, SIZES["laptop"]) as page:
        open_map(page, app_url, f"?lang={lang}")
        towns = page.frame_locator(MAP_FRAME).locator("path.mq-town")
        choose(page, status, listed)
        page.wait_for_url(re.compile(r"status=listed"))
        expect(towns).to_have_count(19)
        app_idle(page)
        choose(page, sector, copper)
        page.wait_for_url(re.compile(r"sector=copper"))
        expect(towns).to_have_count(2)
        app_idle(page)

        page.go_back()
        page.wait_for_url(lambda url: "status=listed" in url and "sector=" not in url)
        expect(towns).to_have_count(19)  # the map follows the URL…
        expect(selected(page, sector)).to_have_count(0)  # …and so does the sector box
        expect(selected(page, status)).to_have_text([listed])

        page.go_forward()
        page.wait_for_url(re.compile(r"sector=copper"))
        expect(towns).to_have_count(2)
        expect(selected(page, sector)).to_have_text([copper])
        expect(selected(page, status)).to_have_text([listed])
        assert page.blocked == []


def test_switching_language_redraws_every_select_box(chromium, app_url):
    with new_page(chromium, SIZES["laptop"]) as page:
        open_map(page, app_url, "?lang=en&ind=pop_share_2023&color=status&unit=KZ-35")
        app_idle(page)
        page.get_by_text("русский", exact=True).click()
        page.wait_for_url(re.compile(r"lang=ru"))
        sidebar = page.locator("[data-testid=stSidebar]")
        for box, value in (
            ("Границы", "границы 2012 года"),
            ("Выбрать регион", "Карагандинская область"),
            ("Показатель", "Население моногородов, % от населения единицы (2023)"),
            ("Цвет городов", "Статус в списке (2024–2025)"),
        ):
            expect(sidebar.get_by_role("combobox", name=box, exact=True)).to_have_value(value)
        expect(sidebar).not_to_contain_text("Boundaries")
        page.screenshot(path=str(ARTIFACTS / "language_switched.png"))


PLACEHOLDER_FITS = """(input) => {
  const s = getComputedStyle(input);
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
  const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  return [input.placeholder, ctx.measureText(input.placeholder).width, room];
}"""


SIDEBAR_OPEN = """() => {
  const bar = document.querySelector("[data-testid=stSidebar]");
  const fields = bar ? [...bar.querySelectorAll("[data-testid=stMultiSelect] input")] : [];
  return fields.length > 0 && bar.getBoundingClientRect().left >= 0
    && fields.every(i => i.clientWidth > 40);
}"""


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_kazakh_filter_placeholders_are_whole(chromium, app_url, size):
    with new_page(chromium, SIZES[size]) as page:
        open_map(page, app_url, "?lang=kk")
        if size == "phone":  # the sidebar is folded away on a phone
            page.get_by_test_id("stExpandSidebarButton").click()
        inputs = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect] input")
        page.wait_for_function(SIDEBAR_OPEN)  # slid in, its fields at their width
        assert inputs.count() >= 5
        for i in range(inputs.count()):
            text, width, room = inputs.nth(i).evaluate(PLACEHOLDER_FITS)
            assert text and width <= room, (text, width, room)
        page.screenshot(path=str(ARTIFACTS / f"placeholders_kk_{size}.png"))
