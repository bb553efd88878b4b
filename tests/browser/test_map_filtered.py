"""Filtered views say what is true: "no monotowns matching the filter", how many towns the
filter hides, options no town can match explained, classes that do not share endpoints,
and a programme chart whose axis starts at zero."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS
from tests.browser.reader import MAP_FRAME, SIZES, at_rest, new_page, open_map, point_of

FILTERED = {
    "en": (
        "Units with no monotowns matching the filter",
        "0 — no monotowns matching the filter",
        "The filter hides 25 of the 27 monotowns",
        "high, average, low: not offered, as they were never published for any town",
    ),
    "ru": (
        "Регионы без моногородов, отвечающих фильтру",
        "0 — нет моногородов, отвечающих фильтру",
        "Фильтр скрывает 25 из 27 моногородов",
        "высокий, средний, низкий: не предлагаются — ни для одного города не опубликованы",
    ),
    "kk": (
        "Сүзгіге сәйкес моноқаласы жоқ өңірлер",
        "0 — сүзгіге сәйкес моноқала жоқ",
        "Сүзгі жасырған моноқалалар: 27 ішінен 25",
        "жоғары, орташа, төмен: ұсынылмайды — бірде-бір қала үшін жарияланбаған",
    ),
}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_filter_is_named_wherever_zero_is_said(chromium, app_url, lang):
    caption, zero, hides, unpublished = FILTERED[lang]
    with new_page(chromium, SIZES["laptop"]) as page:
        open_map(page, app_url, f"?lang={lang}&status=left")
        expect(page.get_by_text(caption + ":")).to_be_visible()
        inside = page.frame_locator(MAP_FRAME)
        expect(inside.locator(".mq-legend")).to_contain_text(zero)
        expect(inside.locator(".mq-filter-note")).to_have_text(hides)
        expect(inside.locator("path.mq-town")).to_have_count(2)
        # Options no town can match are explained, not offered.
        expect(page.get_by_text(unpublished)).to_be_attached()
        if lang == "en":
            tier_offers_only_what_a_town_has(page)
        page.screenshot(path=str(ARTIFACTS / f"filtered_{lang}.png"))
        # Without a filter the words are the plain ones, and the map hides nothing.
        open_map(page, app_url, f"?lang={lang}")
        expect(page.get_by_text(caption)).to_have_count(0)
        expect(inside.locator(".mq-filter-note")).to_have_count(0)
        expect(inside.locator(".mq-legend")).not_to_contain_text(zero)


def tier_offers_only_what_a_town_has(page) -> None:
    """The tier box offers *not published* only: no town is known to be high, average, low."""
    combo = page.get_by_role("combobox", name="Development potential")
    options = page.get_by_role("option")
    for _ in range(10):  # the list can close while the page settles: open it again
        combo.click()
        try:
            options.first.wait_for(timeout=2_000)
            break
        except Exception:
            continue
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    assert "not published" in texts
    assert not {"high", "average", "low"} & set(texts)


def test_rate_classes_share_no_endpoints_zero_reads_zero_and_charts_start_at_zero(
    chromium, app_url
):
    with new_page(chromium, SIZES["laptop"]) as page:
        frame = open_map(page, app_url, "?lang=en&ind=pop_share_2023")
        rows = frame.evaluate(
            "[...document.querySelectorAll('.mq-legend-body .mq-row')]"
            ".filter(r => r.querySelector('.mq-swatch.mq-value')).map(r => r.textContent)"
        )
        ends = [[float(x) for x in r.split("–")] for r in rows]  # "2.6" is a one-value class
        assert len(ends) >= 2
        for before, after in zip(ends, ends[1:], strict=False):
            assert before[-1] < after[0], rows  # "1.6–2.9", "3.2–5.9": no shared endpoint
        counts = frame.evaluate(
            "[...document.querySelectorAll('.mq-label.mq-unit .mq-count')].map(e => e.textContent)"
        )
        assert "0" in counts and not any(c in ("0.0", "0.0 %") for c in counts)
        # The programme's population, 2014–2020, on an axis from zero: -3 % is not a collapse.
        page.get_by_text("State programme", exact=True).click()
        chart = page.locator("[data-testid=stVegaLiteChart]").first
        axis = chart.locator("[aria-roledescription=axis][aria-label^='Y-axis']")
        expect(axis).to_have_attribute("aria-label", re.compile(r"values from 0 to "))
        chart.screenshot(path=str(ARTIFACTS / "programme_chart.png"))


ULYTAU_INSIDE = (47.6, 66.0)  # inside Ulytau Region, away from its towns and label
ULYTAU_WORDS = {
    "en": ("Ulytau Region", "0 matching the filter; 3 in all"),
    "ru": ("Область Ұлытау", "по фильтру 0, всего 3"),
    "kk": ("Ұлытау облысы", "сүзгі бойынша 0, барлығы 3"),
}


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_a_unit_whose_towns_the_filter_hides_says_so_on_hover_and_click(chromium, app_url, lang):
    name, count = ULYTAU_WORDS[lang]
    with new_page(chromium, SIZES["laptop"]) as page:
        frame = open_map(page, app_url, f"?v=2022&lang={lang}&sector=coal")
        inside = page.frame_locator(MAP_FRAME)
        x, y = point_of(frame, *ULYTAU_INSIDE)
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.move(box["x"] + x, box["y"] + y)
        tooltip = inside.locator(".leaflet-tooltip")
        expect(tooltip).to_contain_text(name)
        expect(tooltip).to_contain_text(count)
        page.screenshot(path=str(ARTIFACTS / f"filtered_tooltip_{lang}.png"))
        # The filter's caption pushes the map partly below the fold: the press must not
        # scroll the page under the pointer (the click then landed on another unit).
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(page.get_by_role("heading", name=f"{name}: {count}")).to_be_visible(timeout=30_000)
        assert "unit=KZ-62" in page.url
        # The popup of the unit in focus says the same.
        at_rest(page)
        frame.evaluate(
            "window.map.eachLayer(l => { if (l.feature && l.feature.properties.id === 'KZ-62'"
            " && l.getPopup && l.getPopup()) l.openPopup(); })"
        )
        expect(inside.locator(".leaflet-popup")).to_contain_text(count)
        page.screenshot(path=str(ARTIFACTS / f"filtered_focus_{lang}.png"))
