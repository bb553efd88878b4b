"""The app as a phone and an eye read it, in each language: the page does not jump when its
style and the map arrive, every label sits by its own feature, and axe-core finds no
serious or critical accessibility violation with the map drawn."""

from __future__ import annotations

import pytest

from tests.browser.axe import describe, serious_violations
from tests.browser.harness import ARTIFACTS
from tests.browser.reader import BOXES, SIZES, STRAYS, app_idle, collisions, new_page, open_map

# Layout shifts as the browser reports them (PerformanceObserver, "layout-shift", not
# counting those right after input), and when the page's content was first drawn: the frame
# after its title appeared. What moves before or in that frame is Streamlit's own start (its
# page switching to the wide layout and opening the sidebar beside its header bar, before
# any of the atlas is drawn): the test counts what moves after the page is drawn.
SHIFTS = """
window.__mqShifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (!e.hadRecentInput) { window.__mqShifts.push([e.startTime, e.value]); }
  }
}).observe({type: "layout-shift", buffered: true});
new MutationObserver((_, observer) => {
  if (document.querySelector("h1")) {
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__mqDrawnAt = performance.now();
    }));
  }
}).observe(document, {subtree: true, childList: true});
"""
# The largest burst of shifts (gaps under 1 s, at most 5 s long), as Core Web Vitals count
# CLS, among the shifts after the page was drawn; and all shifts since navigation.
CLS = """() => {
  let best = 0, sum = 0, start = -1, last = -1;
  for (const [t, v] of window.__mqShifts.filter(s => s[0] >= window.__mqDrawnAt)) {
    if (start < 0 || t - last > 1000 || t - start > 5000) { start = t; sum = 0; }
    sum += v; last = t; best = Math.max(best, sum);
  }
  return [best, window.__mqShifts.reduce((a, s) => a + s[1], 0)];
}"""


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_app_reads_on_phone_and_desktop(chromium, app_url, size, lang):
    with new_page(chromium, SIZES[size], phone=size == "phone") as page:
        page.add_init_script(SHIFTS)
        frame = open_map(page, app_url, f"?lang={lang}")
        app_idle(page)
        # The page's own layout shift: its style, the map's place and the map arriving.
        cls, since_navigation = page.evaluate(CLS)
        print(f"CLS {size} {lang}: {cls:.3f} once drawn, {since_navigation:.3f} in all")
        assert cls <= 0.1, (cls, since_navigation)
        # The map's place is the map's: what follows starts right under it, not over it.
        gap = page.evaluate(
            "document.querySelector('[data-testid=stMetric]').getBoundingClientRect().top"
            " - document.querySelector(\"iframe[title='streamlit_folium.st_folium']\")"
            ".getBoundingClientRect().bottom"
        )
        assert 0 <= gap <= 40, gap
        boxes = frame.evaluate(BOXES)
        assert collisions(boxes) == []
        assert frame.evaluate(STRAYS) == []
        found = serious_violations(page)  # the page and the map's frame
        assert found == [], describe(found)
        page.screenshot(path=str(ARTIFACTS / f"reads_{size}_{lang}.png"), full_page=True)
        assert page.blocked == []
