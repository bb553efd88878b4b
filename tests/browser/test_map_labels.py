"""Labels and symbols on the web map: placed without collisions and beside their own
features, towns named (every one when few are shown), cities with their names, the nearest
centre clicked, a picked town shown, classes and circles that read, and popups that cite
their sources by title."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.atlas import compute_view
from geo.classify import OUTLINE_COLOUR, ZERO_COLOUR
from geo.describe import town_rows
from geo.symbols import HALO
from geo.view import View
from tests.browser.harness import ARTIFACTS
from tests.browser.reader import (
    BOXES,
    MAP_FRAME,
    SIZES,
    STRAYS,
    app_idle,
    at_rest,
    click_map,
    collisions,
    new_page,
    open_map,
)

TEMIRTAU, SARAN = (50.05197, 72.95497), (49.80245, 72.83186)
KARAGANDA_TOWNS = {
    "en": ["Temirtau", "Zhezkazgan", "Balkhash", "Satpayev", "Shakhtinsk", "Saran", "Abai"],
    "ru": ["Темиртау", "Жезказган", "Балхаш", "Сатпаев", "Шахтинск", "Сарань", "Абай"],
}


def texts(boxes: dict, kind: str) -> list[str]:
    return [b["text"] for b in boxes["labels"] if f"mq-{kind}" in b["kind"]]


@pytest.mark.parametrize(
    ("size", "lang", "big", "cities"),
    [
        ("laptop", "en", ["Temirtau", "Ekibastuz", "Rudny"], ["Astana 0", "Almaty 0"]),
        ("laptop", "ru", ["Темиртау", "Экибастуз", "Рудный"], ["Астана 0", "Алматы 0"]),
        ("desktop", "kk", ["Теміртау", "Екібастұз", "Рудный"], ["Астана 0", "Алматы 0"]),
    ],
)
def test_country_map_names_the_largest_towns_and_the_cities(
    chromium, app_url, size, lang, big, cities
):
    with new_page(chromium, SIZES[size]) as page:
        frame = open_map(page, app_url, f"?lang={lang}")
        boxes = frame.evaluate(BOXES)
        assert collisions(boxes) == []  # no label over another, the legend or the buttons
        assert frame.evaluate(STRAYS) == []  # each beside its own feature
        assert set(big) <= set(texts(boxes, "town"))
        assert set(cities) <= set(texts(boxes, "city"))  # a name with the value, not "0"
        assert len(texts(boxes, "unit")) >= 12  # the oblasts keep their counts
        zero_class_and_outlines_read(frame)
        page.screenshot(path=str(ARTIFACTS / f"labels_{size}_{lang}.png"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_karaganda_names_its_towns_and_popups_cite_sources(chromium, app_url, lang):
    with new_page(chromium, SIZES["laptop"]) as page:
        frame = open_map(page, app_url, f"?lang={lang}&unit=KZ-35")
        boxes = frame.evaluate(BOXES)
        assert collisions(boxes) == []
        # Saran, Shakhtinsk and Abai overlap at this zoom: each is named, none on another.
        assert frame.evaluate(STRAYS) == []
        assert set(KARAGANDA_TOWNS[lang]) <= set(texts(boxes, "town"))
        page.screenshot(path=str(ARTIFACTS / f"labels_karaganda_{lang}.png"))
        popup_cites_sources(page, frame, lang)


FEW = {  # sector=coal,oil_gas: seven towns, three of them Karaganda's overlapping coal towns
    "en": {"Ekibastuz", "Shakhtinsk", "Saran", "Abai", "Zhanaozen", "Kulsary", "Aksai"},
    "kk": {"Екібастұз", "Шахтинск", "Саран", "Абай", "Жаңаөзен", "Құлсары", "Ақсай"},
}


@pytest.mark.parametrize(("size", "lang"), [("phone", "en"), ("desktop", "kk")])
def test_every_town_is_named_when_few_are_shown(chromium, app_url, size, lang):
    with new_page(chromium, SIZES[size]) as page:
        frame = open_map(page, app_url, f"?lang={lang}&sector=coal,oil_gas")
        boxes = frame.evaluate(BOXES)
        shown = frame.evaluate("document.querySelectorAll('path.mq-town').length")
        assert shown == len(FEW[lang])
        assert set(texts(boxes, "town")) == FEW[lang]
        assert collisions(boxes) == []
        assert frame.evaluate(STRAYS) == []
        page.screenshot(path=str(ARTIFACTS / f"labels_few_{size}_{lang}.png"))


def test_a_click_opens_the_town_whose_centre_is_nearest(chromium, app_url):
    with new_page(chromium, SIZES["laptop"]) as page:
        frame = open_map(page, app_url, "?lang=en")
        inside = page.frame_locator(MAP_FRAME)
        click_map(page, frame, *TEMIRTAU)  # Saran's smaller circle is drawn over this spot
        expect(inside.locator(".leaflet-popup .mq-popup > b")).to_have_text("Temirtau")
        frame.evaluate("window.map.closePopup()")
        at_rest(page)
        click_map(page, frame, *SARAN)
        expect(inside.locator(".leaflet-popup .mq-popup > b")).to_have_text("Saran")


def test_picking_a_town_in_the_table_shows_it_on_the_map(chromium, app_url, atlas):
    # The table's rows, in the order the app draws them (alphabetical).
    rows = list(town_rows(compute_view(atlas, View(lang="en")), atlas)["name"])
    with new_page(chromium, SIZES["laptop"]) as page:
        open_map(page, app_url, "?lang=en")
        table = page.locator("[data-testid=stDataFrame]").first
        table.scroll_into_view_if_needed()
        assert page.locator(MAP_FRAME).bounding_box()["y"] < 0  # the map is scrolled away
        box = table.bounding_box()
        # The row's selection box: header and rows are 35 px.
        page.mouse.click(box["x"] + 17, box["y"] + 35 + 35 * rows.index("Balkhash") + 17)
        inside = page.frame_locator(MAP_FRAME)
        expect(inside.locator(".leaflet-popup .mq-popup > b")).to_have_text(
            "Balkhash", timeout=30_000
        )
        frame = at_rest(page)
        shown = page.locator(MAP_FRAME).bounding_box()
        assert shown["y"] >= 0 and shown["y"] + shown["height"] <= SIZES["laptop"][1]
        assert frame.evaluate("window.map.getZoom()") >= 7
        labels = texts(frame.evaluate(BOXES), "town")
        assert "Karazhal" in labels  # the field around the town is named, not empty
        expect(inside.locator("path.mq-town.mq-focus")).to_have_count(1)
        page.screenshot(path=str(ARTIFACTS / "picked_balkhash.png"))


def zero_class_and_outlines_read(frame) -> None:
    """Units without monotowns are a class of their own, every unit keeps its outline, and
    every circle has a white ring inside a dark outline."""
    units = frame.evaluate(
        "[...document.querySelectorAll('path.mq-unit')].map(p => [p.getAttribute('fill'),"
        " p.getAttribute('stroke')])"
    )
    ground = frame.evaluate(
        "getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor"
    )
    assert ground == "rgb(255, 255, 255)" and ZERO_COLOUR.lower() != "#ffffff"
    assert len([u for u in units if u[0] == ZERO_COLOUR]) == 4  # Kyzylorda, N. Kaz., 2 cities
    assert all(stroke == OUTLINE_COLOUR for _, stroke in units)
    towns = frame.evaluate(
        "[...document.querySelectorAll('path.mq-town')].map(p => [p.getAttribute('stroke'),"
        " getComputedStyle(p).filter])"
    )
    assert all(stroke == HALO and "drop-shadow" in outline for stroke, outline in towns)


def popup_cites_sources(page, frame, lang: str) -> None:
    """Saran's popup lists its sources by title and year, linked safely, never by key."""
    app_idle(page)
    frame.evaluate(
        "window.map.eachLayer(l => { if (l.feature && l.feature.properties.id === 'saran'"
        " && l.getPopup) { l.openPopup(); } })"
    )
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup .mq-popup")
    expect(popup.locator(".mq-src b")).to_have_text({"en": "Sources", "ru": "Источники"}[lang])
    text = popup.inner_text()
    assert "[" not in text  # no raw source keys such as [PERCEPTIOSV-SARAN;…]
    assert "(2023)" in text  # a title with its year
    links = popup.locator(".mq-src a")
    assert links.count() >= 3
    for i in range(links.count()):
        link = links.nth(i)
        assert link.get_attribute("href").startswith(("https://", "http://"))
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("rel") == "noopener noreferrer"
    page.screenshot(path=str(ARTIFACTS / f"popup_saran_{lang}.png"))
