"""Embeds in headless Chromium with the network cut off: they draw, read and work by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from export.embed import embed_html
from geo.atlas import compute_view
from geo.view import View
from tests.browser.axe import describe, serious_violations
from tests.browser.harness import ARTIFACTS, block_non_loopback, serve_folder
from tests.test_export_embed import HOSTILE, with_town_name

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A loopback HTTP server over a folder; yields (folder, base URL)."""
    folder = tmp_path_factory.mktemp("embeds")
    with serve_folder(folder) as url:
        yield folder, url


@pytest.fixture
def open_embed(chromium, served):
    """Write an embed, open it offline at a given width; returns (page, blocked requests)."""
    folder, base = served
    contexts = []

    def open_(atlas, view: View, name: str, width: int = 1280, height: int = 900):
        (folder / name).write_text(embed_html(atlas, view), encoding="utf-8")
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        blocked: list[str] = []
        block_non_loopback(context, blocked)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("dialog", lambda dialog: (page.errors.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base}/{name}")
        expect(page.locator("path.mq-unit").first).to_be_attached(timeout=TIMEOUT)
        return page, blocked

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    ("view", "name"),
    [
        (View(lang="en"), "embed_2012_en"),
        (View(lang="kk", vintage="2022", unit="KZ-35"), "embed_2022_karaganda_kk"),
        (View(lang="ru").with_filter("status", {"listed", "unknown"}), "embed_2012_listed_ru"),
    ],
)
def test_embed_draws_every_unit_and_the_towns_shown_offline(atlas, open_embed, view, name):
    data = compute_view(atlas, view)
    page, blocked = open_embed(atlas, view, f"{name}.html")
    expect(page.locator("path.mq-unit")).to_have_count(len(atlas.units[view.vintage]))
    expect(page.locator("path.mq-town")).to_have_count(len(data.towns))
    expect(page.locator(".leaflet-container .mq-legend")).to_contain_text(
        {"en": "no data", "kk": "деректер жоқ", "ru": "нет данных"}[view.lang]
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert blocked == [], f"requests left the machine: {blocked[:3]}"
    assert page.errors == []


def test_hostile_town_name_stays_text(atlas, open_embed):
    hostile = with_town_name(atlas, "temirtau", HOSTILE)
    page, blocked = open_embed(hostile, View(lang="en"), "embed_hostile.html")
    button = page.locator("button[data-town='temirtau']")
    expect(button).to_have_text(HOSTILE)
    button.click()
    expect(page.locator(".leaflet-popup")).to_contain_text(HOSTILE)
    # Tooltips are built on hover: hover every town (events, as some are under others).
    page.evaluate(
        "document.querySelectorAll('path.mq-town').forEach(p => p.dispatchEvent("
        "new MouseEvent('mouseover', {bubbles: true})))"
    )
    expect(page.locator(".leaflet-tooltip", has_text=HOSTILE)).to_have_count(1)
    assert page.locator("img").count() == 0
    assert page.errors == []  # no alert() ran
    assert blocked == []


def test_phone_width_has_no_sideways_scroll_and_shows_the_town_list(atlas, open_embed):
    page, blocked = open_embed(atlas, View(lang="kk"), "embed_phone.html", width=360, height=740)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"page scrolls sideways: {widths}"
    first = page.locator("button[data-town]").first
    first.scroll_into_view_if_needed()
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    expect(page.locator(".mq-legend-below")).to_be_visible()  # the legend moved under the map
    # Town symbols shrink with the map (to half on a phone), so they do not bury the oblasts.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('path.mq-town')]"
        ".map(p => p.getBoundingClientRect().width))"
    )
    assert 0 < widest <= 30, widest  # Temirtau is about 42 px across on a desktop map
    page.screenshot(path=str(ARTIFACTS / "embed_phone_360.png"), full_page=True)
    assert blocked == []


def tab_until_town(page, presses: int) -> bool:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('button[data-town]')"):
            return True
    return False


def test_town_list_is_reachable_and_usable_by_keyboard(atlas, open_embed):
    page, _ = open_embed(atlas, View(lang="en"), "embed_keyboard.html")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#mq-towns")  # the first stop skips the map
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert tab_until_town(page, 1), "after the skip link, Tab lands on a town"
    town = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_contain_text(town)
    expect(page.locator("#mq-picked")).to_contain_text(town)
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"


def test_tabbing_through_the_map_reaches_the_list(atlas, open_embed):
    data = compute_view(atlas, View(lang="en", unit="KZ-35"))
    page, _ = open_embed(atlas, data.view, "embed_tab_through.html")
    # skip link, map, zoom buttons, attribution link, every shape: no keyboard trap.
    stops = 8 + len(data.units) + len(data.towns)
    assert tab_until_town(page, stops)


EMBEDS = [
    (View(lang="en"), "axe_2012_en"),
    (View(lang="kk", vintage="2022", unit="KZ-35"), "axe_2022_karaganda_kk"),
    (View(lang="ru").with_filter("status", {"listed", "unknown"}), "axe_2012_listed_ru"),
    (View(lang="kk", vintage="2018", indicator="pop_share_2023"), "axe_2018_share_kk"),
]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(("view", "name"), EMBEDS)
def test_embed_has_no_serious_accessibility_violation(atlas, open_embed, view, name, width):
    page, _ = open_embed(atlas, view, f"{name}_{width}.html", width=width)
    # The map drawn and labelled (its own signal), and, on a phone, the folded credit.
    page.wait_for_function(
        "() => window.mqMap && window.mqMap._mqLayouts > 0 && !window.mqMap._mqLayoutPending",
        timeout=TIMEOUT,
    )
    found = serious_violations(page)
    assert found == [], describe(found)
    assert page.errors == []
