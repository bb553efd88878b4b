"""The map on phones and screens: it fits, the legend folds, labels never pile up, and the
page scrolls over the map until the reader clicks into it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS
from tests.browser.reader import (
    BOXES,
    MAP_FRAME,
    SIZES,
    at_rest,
    collisions,
    new_page,
    open_map,
    overlap,
    point_of,
)

LEGEND_WORD = {"kk": "Шартты белгілер", "ru": "Условные обозначения", "en": "Legend"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_phone_map_fills_its_width_with_the_legend_folded(chromium, app_url, lang):
    with new_page(chromium, SIZES["phone"]) as page:
        frame = open_map(page, app_url, f"?lang={lang}")
        boxes = frame.evaluate(BOXES)
        width, height = boxes["size"]
        units = boxes["units"]
        west, east = min(u["x0"] for u in units), max(u["x1"] for u in units)
        # Kazakhstan fills the map's width, not a thumbnail at its edge.
        assert (east - west) >= 0.85 * width, (west, east, width)
        assert west >= 0 and east <= width
        # The legend is a button: it covers a sliver of the map, and opens on a tap.
        legend = next(c for c in boxes["controls"] if c["name"] == "mq-legend")
        covered = (legend["x1"] - legend["x0"]) * (legend["y1"] - legend["y0"])
        assert covered <= 0.08 * width * height, covered / (width * height)
        toggle = page.frame_locator(MAP_FRAME).locator(".mq-legend-toggle")
        expect(toggle).to_have_text(LEGEND_WORD[lang])
        expect(toggle).to_have_attribute("aria-expanded", "false")
        # Labels thinned out to what fits: none overlaps another or a control.
        assert collisions(boxes) == []
        assert len(boxes["labels"]) >= 8  # still a readable map, not an empty one
        # The credit folds into an "i" button and never covers the scale bar.
        scale = next(c for c in boxes["controls"] if "scale" in c["name"])
        credit = next(c for c in boxes["controls"] if c["name"] == "mq-credit")
        assert overlap(scale, credit) == 0
        assert not any("attribution" in c["name"] for c in boxes["controls"])
        page.screenshot(path=str(ARTIFACTS / f"phone_{lang}.png"), full_page=True)
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(page.frame_locator(MAP_FRAME).locator(".mq-legend-body")).to_be_visible()
        at_rest(page)  # the labels make room for the open legend
        boxes = frame.evaluate(BOXES)
        assert collisions(boxes) == []
        # Opened, the legend lies wholly on the map, clear of the zoom buttons; what does not
        # fit scrolls inside it, down to its last entry.
        legend = next(c for c in boxes["controls"] if c["name"] == "mq-legend")
        zoom = next(c for c in boxes["controls"] if "zoom" in c["name"])
        assert legend["y0"] >= 0 and legend["y1"] <= height and legend["x1"] <= width
        assert overlap(legend, zoom) == 0
        inner = frame.evaluate(
            "(() => { const e = document.querySelector('.mq-legend');"
            " e.scrollTop = e.scrollHeight;"
            " const last = [...e.querySelectorAll('.mq-row, .mq-note')].pop()"
            ".getBoundingClientRect(), box = e.getBoundingClientRect();"
            " return [last.bottom <= box.bottom + 1, last.top >= box.top]; })()"
        )
        assert inner == [True, True]
        page.screenshot(path=str(ARTIFACTS / f"phone_{lang}_legend.png"))
        # It overlays the map only while it is read: a tap in the map closes it.
        box = page.locator(MAP_FRAME).bounding_box()
        x, y = zoom["x0"] + 8, zoom["y1"] + 60  # the map's left strip, under the zoom buttons
        assert x < legend["x0"]
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(toggle).to_have_attribute("aria-expanded", "false")
        assert page.blocked == []


@pytest.mark.parametrize(("size", "lang"), [("laptop", "ru"), ("laptop", "kk"), ("desktop", "en")])
def test_map_and_legend_are_above_the_fold(chromium, app_url, size, lang):
    width, height = SIZES[size]
    with new_page(chromium, (width, height)) as page:
        frame = open_map(page, app_url, f"?lang={lang}")
        box = page.locator(MAP_FRAME).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
        assert box["height"] >= 0.6 * height  # sized to the screen, not a fixed 600 px
        shown = frame.locator(".mq-legend").bounding_box()
        assert shown["y"] + shown["height"] <= box["y"] + box["height"]  # wholly on the map
        boxes = frame.evaluate(BOXES)
        assert collisions(boxes) == []
        legend = next(c for c in boxes["controls"] if c["name"] == "mq-legend")
        assert legend["x1"] - legend["x0"] > 150  # open beside the map, not a button
        page.screenshot(path=str(ARTIFACTS / f"{size}_{lang}.png"))


def test_wheel_scrolls_the_page_until_a_click_in_the_map(chromium, app_url):
    with new_page(chromium, SIZES["laptop"]) as page:
        frame = open_map(page, app_url, "?lang=en&unit=KZ-35")
        zoom = frame.evaluate("window.map.getZoom()")
        main = page.locator("[data-testid=stMain]")
        before = main.evaluate("e => e.scrollTop")
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 300)
        page.wait_for_function(
            f"() => document.querySelector('[data-testid=stMain]').scrollTop > {before}"
        )
        assert frame.evaluate("window.map.getZoom()") == zoom  # the page scrolled instead
        # The hint says how to zoom with the wheel.
        expect(page.frame_locator(MAP_FRAME).locator(".mq-scroll-hint")).to_have_text(
            "Click the map first to zoom it with the mouse wheel"
        )
        # A click in the map (outside every unit and town) wakes the wheel up.
        main.evaluate("e => { e.scrollTop = 0; }")
        at_rest(page)
        x, y = point_of(frame, 52.8, 79.5)  # in Russia, north of the Pavlodar border
        assert frame.evaluate(f"document.elementFromPoint({x}, {y}).tagName") != "path"
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        frame.wait_for_function("window.map.scrollWheelZoom.enabled()")
        page.mouse.wheel(0, -300)
        frame.wait_for_function(f"window.map.getZoom() > {zoom}")
        assert page.blocked == []


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_long_popup_at_the_edge_fits_a_phone_map(chromium, app_url, lang):
    """Altai, the easternmost town, has the longest popup (two names of its time, caveats,
    sources): on a 390 px phone it opens whole inside the map, its sides included."""
    with new_page(chromium, SIZES["phone"]) as page:
        frame = open_map(page, app_url, f"?v=2012&lang={lang}")
        frame.evaluate(
            "window.map.eachLayer(l => { if (l.feature && l.feature.properties.id === 'altai'"
            " && l.getPopup && l.getPopup()) { l.openPopup(); } })"
        )
        expect(page.frame_locator(MAP_FRAME).locator(".leaflet-popup")).to_be_visible()
        at_rest(page)  # the map has panned the popup into view
        box = frame.evaluate(
            "(() => { const o = window.map.getContainer().getBoundingClientRect(),"
            " r = document.querySelector('.leaflet-popup').getBoundingClientRect();"
            " return [r.left - o.left, r.right - o.left, o.width]; })()"
        )
        left, right, width = box
        assert left >= 0 and right <= width, box
        page.screenshot(path=str(ARTIFACTS / f"popup_altai_phone_{lang}.png"))
