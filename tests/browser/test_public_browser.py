"""The public page in headless Chromium, served by the server ``make run`` starts, with every
request that leaves this machine blocked: it draws at a phone's and a desktop's width with
scripts on and off, its form gives the app's view, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bench.harness import streamlit_server
from geo.atlas import compute_view
from geo.describe import reconciliation
from geo.view import View
from tests import hostile
from tests.browser.axe import serious_violations
from tests.browser.harness import ARTIFACTS, ROOT, block_non_loopback
from web.links import view_query

SERVER = ROOT / "web" / "server.py"
TIMEOUT = 60_000
SIZES = {"phone": (390, 844), "desktop": (1920, 1080)}


@pytest.fixture(scope="module")
def url():
    with streamlit_server(SERVER) as base:
        yield base


@pytest.fixture
def open_page(chromium):
    """Open a public address in a fresh offline context; returns (page, blocked requests)."""
    contexts = []

    def open_(address: str, size=SIZES["desktop"], scripts: bool = True, bypass_csp=False):
        context = chromium.new_context(
            viewport={"width": size[0], "height": size[1]},
            java_script_enabled=scripts,
            bypass_csp=bypass_csp,
        )
        contexts.append(context)
        blocked: list[str] = []
        block_non_loopback(context, blocked)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("dialog", lambda d: (page.errors.append(d.message), d.dismiss()))
        page.on(
            "console",
            lambda m: m.type == "error" and page.errors.append(m.text),
        )
        page.goto(address)
        return page, blocked

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_page_draws_offline_at_every_width_with_scripts_on_and_off(
    url, open_page, atlas, lang, size, scripts
):
    view = View(lang=lang, vintage="2022")
    data = compute_view(atlas, view)
    page, blocked = open_page(f"{url}/view?{view_query(view)}", SIZES[size], scripts)
    if scripts:
        expect(page.locator("path.mq-unit")).to_have_count(len(data.units), timeout=TIMEOUT)
        expect(page.locator("path.mq-town")).to_have_count(len(data.towns), timeout=TIMEOUT)
    else:  # the briefing image stands in for the map, and it has loaded
        image = page.locator("img.mqp-static")
        expect(image).to_be_visible(timeout=TIMEOUT)
        page.wait_for_function(
            "() => document.querySelector('img.mqp-static').naturalWidth === 2400",
            timeout=TIMEOUT,
        )
        expect(page.locator(".mq-map")).to_be_hidden()
    expect(page.locator(".mq-sub")).to_contain_text(reconciliation(data))
    expect(page.locator(".mq-legend-below")).to_be_visible()
    expect(page.locator("table.mqp-units tbody tr")).to_have_count(len(data.units))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= SIZES[size][0]
    page.screenshot(
        path=str(ARTIFACTS / f"public_{lang}_{size}_{'js' if scripts else 'nojs'}.png"),
        full_page=True,
    )
    assert blocked == [] and page.errors == []


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
def test_the_form_gives_the_view_the_apps_link_gives(url, open_page, chromium, atlas, scripts):
    page, _ = open_page(f"{url}/view?lang=en", scripts=scripts)
    form = page.locator("form.mqp-form")
    form.get_by_label("Boundaries").select_option("2022")
    form.get_by_label("Colour towns by").select_option("status")
    form.get_by_role("group", name="Language").get_by_label("русский").check()
    status = form.get_by_role("group", name="List status")
    status.get_by_label("listed", exact=True).check()
    status.get_by_label("unconfirmed", exact=True).check()
    form.get_by_role("button", name="Show").click()
    expected = View(lang="ru", vintage="2022", colour_by="status").with_filter(
        "status", {"listed", "unconfirmed"}
    )
    page.wait_for_url(f"{url}/view?{view_query(expected)}", timeout=TIMEOUT)
    said = reconciliation(compute_view(atlas, expected))
    expect(page.locator(".mq-sub")).to_contain_text(said)
    # The app, opened at the same query, shows the same view.
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        app = context.new_page()
        app.goto(f"{url}/?{view_query(expected)}")
        expect(app.locator("#mq-reconcile")).to_have_text(said, timeout=TIMEOUT)
    finally:
        context.close()


@pytest.mark.parametrize("route", ["view", "embed"])
@pytest.mark.parametrize("size", list(SIZES))
def test_axe_finds_no_serious_violation(url, open_page, route, size):
    page, _ = open_page(f"{url}/{route}?lang=en&v=2022", SIZES[size], bypass_csp=True)
    expect(page.locator("path.mq-unit").first).to_be_attached(timeout=TIMEOUT)
    assert serious_violations(page) == []


def test_hostile_data_runs_nothing_on_the_public_page(open_page, tmp_path):
    folder = hostile.hostile_copy(tmp_path)
    with streamlit_server(SERVER, env={"MONOQALA_ATLAS_DATA": str(folder)}) as base:
        for scripts in (True, False):
            page, blocked = open_page(f"{base}/view?lang=en&unit=KZ-35", scripts=scripts)
            expect(page.get_by_text(hostile.SCRIPT.strip('">'), exact=False).first).to_be_attached(
                timeout=TIMEOUT
            )
            assert page.errors == [] and blocked == []


def test_the_apps_share_panel_links_to_the_public_page_beside_it(url, chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        app = context.new_page()
        app.goto(f"{url}/?lang=en&v=2022")
        expect(app.locator("#mq-reconcile")).to_be_visible(timeout=TIMEOUT)
        app.get_by_text("Download and embed", exact=True).click()
        link = app.get_by_role("link", name="Light page for readers")
        expect(link).to_have_attribute("href", f"{url}/view?v=2022&lang=en", timeout=TIMEOUT)
        app.goto(link.get_attribute("href"))
        expect(app.locator("h1")).to_have_text("Kazakhstan — Number of monotowns")
    finally:
        context.close()
