"""Embeds in Chromium under their own Content-Security-Policy: from a web server that also
sends it as a header, from disk, and sandboxed in a host page of another origin.

The proof is the page's own: every ``securitypolicyviolation`` event (collected by a script
Playwright runs before the page's, in every frame) and every console message about the
policy. A tampered copy shows that this listener does see what the policy refuses, from
disk too, where the test's network route sees nothing.
"""

from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager
from functools import partial

import pytest
from playwright.sync_api import expect

from bench.harness import QuietHandler
from export.embed import embed_html, responsive_snippet
from export.embed.csp import header
from export.embed.html import DEFAULT_HEIGHT
from geo.atlas import compute_view
from geo.view import View
from tests.browser.harness import ARTIFACTS, block_non_loopback, iframe_height_settled

TIMEOUT = 30_000
CSP = "Content Security Policy"
# Runs before any script of the page, in every frame: the page's record of what its
# policy refused.
LISTEN = """
window.__mqCsp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__mqCsp.push([e.violatedDirective, e.blockedURI, e.sample].join(" "));
}, true);
"""
# Violation events are queued as tasks: one task and two frames later, those of
# everything done so far have been dispatched.
FLUSH = """() => new Promise((done) => setTimeout(() =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(window.__mqCsp))), 0))"""
VIEWS = {
    "kz_en": View(lang="en"),
    "karaganda_kk_2022": View(lang="kk", vintage="2022", unit="KZ-35"),
}


class PolicyHandler(QuietHandler):
    """Serves a folder, with a ``Content-Security-Policy`` header for the files given one."""

    policies: dict[str, str] = {}

    def end_headers(self) -> None:
        line = self.policies.get(self.path.split("?", 1)[0])
        if line:
            name, value = line.split(": ", 1)
            self.send_header(name, value)
        super().end_headers()


@contextmanager
def policy_server(folder, policies: dict[str, str]):
    handler = type("Handler", (PolicyHandler,), {"policies": policies})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(atlas, tmp_path_factory):
    """A folder of embeds (and a tampered one), served with their policies as headers;
    yields (folder, port, the atlas's address the embeds link to)."""
    folder = tmp_path_factory.mktemp("csp")
    policies: dict[str, str] = {}
    with policy_server(folder, policies) as port:
        atlas_url = f"http://localhost:{port}/atlas/"
        (folder / "atlas").mkdir()
        (folder / "atlas" / "index.html").write_text(
            '<!DOCTYPE html><meta charset="utf-8"><title>atlas</title><p id="atlas">atlas</p>',
            encoding="utf-8",
        )
        for name, view in VIEWS.items():
            page = embed_html(atlas, view, atlas_url)
            (folder / f"{name}.html").write_text(page, encoding="utf-8")
            policies[f"/{name}.html"] = header(page)
        # Refused by the policy: a style attribute and a script whose hash it lacks.
        page = embed_html(atlas, VIEWS["kz_en"], atlas_url).replace(
            '<main class="mq-page">',
            '<main class="mq-page"><p style="color: red">x</p>'
            "<script>window.mqTampered = true;</script>",
            1,
        )
        (folder / "tampered.html").write_text(page, encoding="utf-8")
        policies["/tampered.html"] = header(page)
        (folder / "host.html").write_text(
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>A newspaper</title>'
            "</head><body><h1>A newspaper's page</h1>"
            + responsive_snippet(f"http://127.0.0.1:{port}/kz_en.html", "Monotowns")
            + "<p>The article goes on.</p></body></html>",
            encoding="utf-8",
        )
        yield folder, port, atlas_url


@pytest.fixture
def watched(chromium):
    """A new page whose violations, policy messages and errors are recorded."""
    contexts = []

    def open_(width: int = 1280, height: int = 900):
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        blocked: list[str] = []
        block_non_loopback(context, blocked)
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.blocked = blocked
        page.policy_messages = []
        page.errors = []
        page.on("console", lambda m: CSP in m.text and page.policy_messages.append(m.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return context, page

    yield open_
    for context in contexts:
        context.close()


def open_at(page, site, name: str, how: str):
    """Open ``name`` over loopback HTTP, or from disk (``how="file"``)."""
    folder, port, _ = site
    if how == "http":
        return page.goto(f"http://127.0.0.1:{port}/{name}")
    url = (folder / name).as_uri()
    # The loopback guard aborts file: addresses (no host); this one file may open. Any
    # request it made would still meet the guard, and its policy.
    page.context.route(url, lambda route: route.continue_())
    return page.goto(url)


@pytest.mark.parametrize(
    ("name", "how"),
    [("kz_en", "http"), ("kz_en", "file"), ("karaganda_kk_2022", "http")],
)
def test_embed_draws_and_works_under_its_policy(atlas, site, watched, name, how):
    view = VIEWS[name]
    data = compute_view(atlas, view)
    _, page = watched()
    response = open_at(page, site, f"{name}.html", how)
    if how == "http":  # the header and the <meta> both apply: both are met
        assert response.headers["content-security-policy"].endswith("; frame-ancestors *")
    expect(page.locator("path.mq-unit")).to_have_count(
        len(atlas.units[view.vintage]), timeout=TIMEOUT
    )
    expect(page.locator("path.mq-town")).to_have_count(len(data.towns))
    # Leaflet's inline stylesheet applies, and the colour classes paint the legend.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.leaflet-map-pane')).position")
        == "absolute"
    )
    swatch = page.locator(".mq-legend-below .mq-swatch.mq-value").first
    assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    # Interactive: a town's button opens its popup; tooltips and the table open too.
    button = page.locator("button[data-town]").first
    town = button.text_content()
    button.click()
    expect(page.locator(".leaflet-popup")).to_contain_text(town)
    page.evaluate(
        "document.querySelectorAll('path.mq-town').forEach(p => p.dispatchEvent("
        "new MouseEvent('mouseover', {bubbles: true})))"
    )
    expect(page.locator(".leaflet-tooltip").first).to_be_attached()
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(".mq-table summary").click()
    expect(page.locator(".mq-table table")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"embed_csp_{name}_{how}.png"), full_page=True)
    assert page.evaluate(FLUSH) == []
    assert page.policy_messages == []
    assert page.errors == []
    assert page.blocked == []


@pytest.mark.parametrize("how", ["http", "file"])
def test_the_pages_listener_sees_what_the_policy_refuses(site, watched, how):
    _, page = watched()
    open_at(page, site, "tampered.html", how)
    expect(page.locator("path.mq-unit").first).to_be_attached(timeout=TIMEOUT)
    page.wait_for_function("() => window.__mqCsp.length >= 2")
    seen = page.evaluate("window.__mqCsp")
    assert any(v.startswith("style-src-attr") for v in seen), seen
    assert any(v.startswith("script-src-elem") for v in seen), seen
    assert page.evaluate("window.mqTampered === undefined")  # the script did not run
    assert page.policy_messages, "Chromium says so on the console too"


def test_sandboxed_embed_on_another_origin_draws_sizes_itself_and_leaves_the_host_alone(
    atlas, site, watched
):
    _, port, atlas_url = site
    context, page = watched(1000, 900)
    page.goto(f"http://localhost:{port}/host.html")
    page.evaluate("window.mqHost = 'still here'")
    inside = page.frame_locator("iframe[data-monoqala]")
    expect(inside.locator("path.mq-unit")).to_have_count(len(atlas.units["2012"]), timeout=TIMEOUT)
    # Sandboxed without allow-same-origin: an opaque origin, though served from a web origin.
    assert inside.locator("html").evaluate("() => window.origin") == "null"
    # The height message arrives from the opaque origin and sizes the iframe.
    content = inside.locator("body").evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
    assert abs(content - DEFAULT_HEIGHT) > 1
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('iframe').offsetHeight - {content}) <= 1"
    )
    # Interactive inside the sandbox.
    button = inside.locator("button[data-town]").first
    town = button.text_content()
    button.click()
    expect(inside.locator(".leaflet-popup")).to_contain_text(town)
    # "Open in the atlas" opens a new tab, out of the sandbox; the host page stays. The popup
    # may resize the embed: the link is pressed where it stays.
    iframe_height_settled(page)
    with context.expect_page() as opened:
        inside.locator(".mq-foot a").click()
    atlas_tab = opened.value
    expect(atlas_tab.locator("#atlas")).to_be_attached(timeout=TIMEOUT)
    assert atlas_tab.url.startswith(atlas_url)
    assert atlas_tab.evaluate("window.origin") == f"http://localhost:{port}"
    # Nothing in the embed can navigate the host page.
    attempt = inside.locator("html").evaluate(
        f"""() => {{ try {{ window.top.location.href = "{atlas_url}?taken"; return "navigated"; }}
                catch (e) {{ return e.name; }} }}"""
    )
    assert attempt == "SecurityError"
    assert page.url == f"http://localhost:{port}/host.html"
    assert page.evaluate("window.mqHost") == "still here"
    page.screenshot(path=str(ARTIFACTS / "embed_csp_host.png"), full_page=True)
    assert inside.locator("html").evaluate(FLUSH) == []
    assert page.evaluate(FLUSH) == []
    assert page.policy_messages == []
    assert page.errors == []
    assert page.blocked == []
