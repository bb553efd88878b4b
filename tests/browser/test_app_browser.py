"""The real app in headless Chromium with the network cut off: the map draws completely."""

from __future__ import annotations

import re

from playwright.sync_api import expect

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
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    settled(offline_page)
    offline_page.screenshot(path=str(ARTIFACTS / "app_default.png"))
    assert offline_page.blocked == [], f"requests left the machine: {offline_page.blocked[:3]}"


def test_clicking_karaganda_in_2012_shows_its_8_towns(offline_page, app_url):
    frame = open_app(offline_page, app_url, "?lang=en")
    expect(frame.locator("path.mq-town")).to_have_count(27, timeout=TIMEOUT)
    # A point inside Karaganda oblast, away from its towns and labels.
    frame_el = offline_page.locator(MAP_FRAME).element_handle().content_frame()
    point = frame_el.evaluate(
        "(() => { const p = window.map.latLngToContainerPoint([48.6, 74.2]);"
        " return [p.x, p.y]; })()"
    )
    box = offline_page.locator(MAP_FRAME).bounding_box()
    offline_page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(frame.locator("path.mq-town")).to_have_count(8, timeout=TIMEOUT)
    expect(offline_page.get_by_text("Karaganda Region: 8 monotowns")).to_be_visible()
    assert re.search(r"unit=KZ-35", offline_page.url)
    settled(offline_page)
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
    offline_page.get_by_role("combobox", name="List status").click()
    offline_page.get_by_role("option", name="left the list").click()
    expect(frame.locator("path.mq-town")).to_have_count(2, timeout=TIMEOUT)
    expect(frame.locator("path.mq-unit")).to_have_count(16)
    # The same Leaflet map object: only the view's layer group was swapped, no blank reload.
    map_frame = offline_page.locator(MAP_FRAME).element_handle().content_frame()
    assert map_frame.evaluate("window.map.__mqMarker") == "same map"
    assert "status=left" in offline_page.url
    assert offline_page.blocked == []
