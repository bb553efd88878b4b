"""Embeds in their host pages: the responsive snippet sizes the iframe to the embed, the
fixed one holds a 700 px column's page; inside, labels stay clear of the controls, the
credit is small and beside a metric scale bar."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from export.embed import embed_html, iframe_snippet, responsive_snippet
from export.embed.html import DEFAULT_HEIGHT
from geo.view import View
from tests.browser.harness import (
    ARTIFACTS,
    block_non_loopback,
    iframe_height_settled,
    serve_folder,
)
from tests.browser.reader import AT_REST, BOXES, STRAYS, collisions, overlap

TIMEOUT = 30_000
FIND_MAP = "window.map = Object.values(window).find(v => v && v._leaflet_id && v.eachLayer)"
HOST = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>body {{ margin: 0; font: 15px sans-serif; }} .column {{ width: 700px; margin: 0 auto; }}
</style></head><body><div class="column"><h1>A newspaper's page</h1>{snippet}
<p id="after">The article goes on.</p></div></body></html>"""


@pytest.fixture(scope="module")
def embeds(atlas, tmp_path_factory):
    """A loopback server over the national embed and two host pages (responsive, fixed)."""
    folder = tmp_path_factory.mktemp("hosts")
    (folder / "kz.html").write_text(embed_html(atlas, View(lang="ru")), encoding="utf-8")
    (folder / "karaganda.html").write_text(
        embed_html(atlas, View(lang="kk", vintage="2022", unit="KZ-35")), encoding="utf-8"
    )
    for name, snippet in (("responsive", responsive_snippet), ("fixed", iframe_snippet)):
        page = HOST.format(snippet=snippet("kz.html", "Казахстан — Число моногородов"))
        (folder / f"{name}.html").write_text(page, encoding="utf-8")
    with serve_folder(folder) as url:
        yield url


def host_page(chromium, url: str, width: int = 1000, height: int = 900):
    context = chromium.new_context(viewport={"width": width, "height": height})
    block_non_loopback(context, blocked := [])
    page = context.new_page()
    page.blocked = blocked
    page.goto(url)
    return context, page


def test_responsive_embed_takes_its_pages_height(chromium, embeds):
    context, page = host_page(chromium, f"{embeds}/responsive.html")
    frame = page.locator("iframe[data-monoqala]")
    inside = page.frame_locator("iframe[data-monoqala]")
    expect(inside.locator("path.mq-unit").first).to_be_attached(timeout=TIMEOUT)
    # The snippet's sandbox gives the embed an opaque origin: the host page cannot read
    # its document, so its sizes are read inside it.
    content = inside.locator("body").evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('iframe').offsetHeight - {content}) <= 1"
    )
    # Nothing cut, nothing scrolls inside: the footer is within the iframe's box.
    scroll = inside.locator("html").evaluate("e => e.scrollHeight")
    assert scroll <= frame.evaluate("f => f.clientHeight") + 1
    expect(inside.locator(".mq-foot")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "host_responsive_700.png"), full_page=True)
    # Opening the table makes the page taller, and the iframe follows.
    before = frame.evaluate("f => f.offsetHeight")
    inside.locator(".mq-table summary").click()
    page.wait_for_function(f"() => document.querySelector('iframe').offsetHeight > {before + 200}")
    assert page.blocked == []
    context.close()


def test_a_frame_that_is_not_the_embed_cannot_resize_it(chromium, embeds):
    context, page = host_page(chromium, f"{embeds}/responsive.html")
    expect(
        page.frame_locator("iframe[data-monoqala]").locator("path.mq-unit").first
    ).to_be_attached(timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelector('iframe').offsetHeight > 900")
    height = iframe_height_settled(page)  # the embed may post its own height again first
    # The host page itself (not the iframe's window) posts a height: it is ignored.
    page.evaluate(
        """() => new Promise((done) => {
          // Heard after the snippet's listener, which was there first.
          window.addEventListener("message", () => done(), {once: true});
          window.postMessage({monoqala: "height", height: 50000}, "*");
        })"""
    )
    assert page.evaluate("document.querySelector('iframe').offsetHeight") == height
    context.close()


def test_fixed_embed_holds_a_700px_column_page(chromium, embeds):
    context, page = host_page(chromium, f"{embeds}/fixed.html")
    frame = page.locator("iframe")
    expect(page.frame_locator("iframe").locator("path.mq-unit").first).to_be_attached(
        timeout=TIMEOUT
    )
    assert frame.evaluate("f => f.offsetHeight") == DEFAULT_HEIGHT
    needed = (
        page.frame_locator("iframe")
        .locator("body")
        .evaluate("b => b.getBoundingClientRect().height")
    )
    assert needed <= DEFAULT_HEIGHT, needed  # map, list and footer; the table opens inside
    context.close()


@pytest.mark.parametrize("width", [390, 690, 1280])
def test_karaganda_embed_keeps_labels_clear_and_the_credit_small(chromium, embeds, width):
    context, page = host_page(chromium, f"{embeds}/karaganda.html", width, 900)
    expect(page.locator("path.mq-unit").first).to_be_attached(timeout=TIMEOUT)
    page.evaluate(FIND_MAP)
    page.wait_for_function(AT_REST, timeout=TIMEOUT)
    boxes = page.evaluate(BOXES)
    assert collisions(boxes) == []  # none under the zoom buttons or the legend
    assert page.evaluate(STRAYS) == []  # each by its own feature
    # Five towns, three of them overlapping: few enough that every one is named.
    towns = [b for b in boxes["labels"] if "mq-town" in b["kind"]]
    assert len(towns) == page.locator("path.mq-town").count() == 5
    scale = next(c for c in boxes["controls"] if "scale" in c["name"])
    # The credit, or on a narrow map the "i" button it folds behind.
    credit = next(
        c for c in boxes["controls"] if "attribution" in c["name"] or c["name"] == "mq-credit"
    )
    assert overlap(scale, credit) == 0
    bar = page.locator(".leaflet-control-scale-line")
    expect(bar).to_have_count(1)  # kilometres only: no second bar in miles
    expect(bar).to_contain_text("km")
    credit_px = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.leaflet-control-attribution'))"
        ".fontSize)"
    )
    label_px = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.mq-label .mq-name')).fontSize)"
    )
    assert credit_px < label_px
    page.screenshot(path=str(ARTIFACTS / f"embed_karaganda_{width}.png"), full_page=True)
    assert page.blocked == []
    context.close()
