"""What the map tests do as a reader: open the app at a screen size, wait for the map to be
drawn and labelled (the map's own signals), read where things are, pick from widgets."""

from __future__ import annotations

from contextlib import contextmanager

from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS, block_non_loopback

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT = 60_000
SIZES = {"phone": (390, 844), "laptop": (1440, 900), "desktop": (1920, 1080)}

# The map at rest: drawn, not moving, its labels placed for the current view.
AT_REST = """() => { const m = window.map;
  return !!m && m._mqLayouts > 0 && !m._mqLayoutPending && !m._animatingZoom
    && !(m._panAnim && m._panAnim._inProgress); }"""

# Boxes (container pixels) of every visible label and of the map's controls.
BOXES = """() => {
  const m = window.map, o = m.getContainer().getBoundingClientRect();
  const box = (e) => { const r = e.getBoundingClientRect();
    return {x0: r.left - o.left, y0: r.top - o.top, x1: r.right - o.left, y1: r.bottom - o.top}; };
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return {
    size: [m.getSize().x, m.getSize().y],
    labels: [...document.querySelectorAll(".mq-label:not(.mq-hidden)")].filter(shown)
      .map(e => ({text: e.textContent, kind: e.className, ...box(e)})),
    controls: [...document.querySelectorAll(".leaflet-control")].filter(shown)
      .map(e => ({name: e.className.split(" ")[0], ...box(e)})),
    units: [...document.querySelectorAll("path.mq-unit")].filter(shown).map(box),
  };
}"""


# Labels that stray from their feature, each as [label text, what is wrong]; computed here
# from what is drawn (the circles' and units' shapes), not from the placement's own code.
# A town's label is beside its own circle (within 16 px of its edge), or tied to it by a
# leader line; no label touches another town's circle; a unit's label lies inside its unit.
STRAYS = """() => {
  const m = window.map, o = m.getContainer().getBoundingClientRect(), out = [];
  const circles = [], units = {};
  m.eachLayer(l => {
    if (!l.feature) { return; }
    if (l.getRadius) {
      const r = l._path.getBoundingClientRect();
      circles.push({id: l.feature.properties.id, x: (r.left + r.right) / 2 - o.left,
                    y: (r.top + r.bottom) / 2 - o.top, r: r.width / 2});
    } else { units[l.feature.properties.id] = l; }
  });
  const gap = (b, c) => Math.hypot(Math.max(b.x0 - c.x, 0, c.x - b.x1),
                                   Math.max(b.y0 - c.y, 0, c.y - b.y1)) - c.r;
  document.querySelectorAll(".mq-label:not(.mq-hidden)").forEach(e => {
    const r = e.getBoundingClientRect(), id = e.getAttribute("data-id");
    if (!r.width) { return; }
    const b = {x0: r.left - o.left, y0: r.top - o.top, x1: r.right - o.left, y1: r.bottom - o.top};
    const text = e.textContent;
    circles.forEach(c => {
      if (c.id !== id && gap(b, c) < 0) { out.push([text, "on the circle of " + c.id]); }
    });
    if (e.classList.contains("mq-town")) {
      const own = circles.find(c => c.id === id);
      const tied = document.querySelector(`.mq-leader[data-id="${id}"]:not(.mq-hidden)`);
      if (!own) { out.push([text, "no circle"]); }
      else if (gap(b, own) > 16 && !tied) { out.push([text, "far from its circle"]); }
    }
    if (e.classList.contains("mq-unit")) {
      const unit = units[id], x = (b.x0 + b.x1) / 2, y = (b.y0 + b.y1) / 2;
      const at = m.containerPointToLatLng([x, y]);
      const hit = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)
        .filter(el => el.tagName === "path" && el.classList.contains("mq-unit"));
      if (!unit || !hit.includes(unit._path)) { out.push([text, "outside its unit at " + at]); }
    }
  });
  return out;
}"""


# What a phone's Chromium says it is.
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/140.0.0.0 Mobile Safari/537.36"
)


@contextmanager
def new_page(chromium, size: tuple[int, int], phone: bool = False):
    """A page at ``size`` whose requests may reach only this machine (``page.blocked``);
    ``phone``: the browser says it is a phone's, as a phone's does."""
    context = chromium.new_context(
        viewport={"width": size[0], "height": size[1]}, user_agent=PHONE_AGENT if phone else None
    )
    blocked: list[str] = []
    block_non_loopback(context, blocked)
    page = context.new_page()
    page.blocked = blocked
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield page
    finally:
        context.close()


def map_frame(page):
    """The map's frame (the Leaflet document, with ``window.map``)."""
    return page.locator(MAP_FRAME).element_handle().content_frame()


def at_rest(page):
    """Wait until the map is drawn, still and labelled; returns its frame."""
    frame = map_frame(page)
    frame.wait_for_function(AT_REST, timeout=TIMEOUT)
    return frame


def open_map(page, url: str, query: str = ""):
    """Open the app at ``query`` and wait for the map at rest; returns the map's frame."""
    page.goto(f"{url}/{query}")
    expect(page.frame_locator(MAP_FRAME).locator("path.mq-unit").first).to_be_attached(
        timeout=TIMEOUT
    )
    return at_rest(page)


def app_idle(page) -> None:
    """Wait until the app's script has finished its run (Streamlit's own signal)."""
    page.wait_for_function(
        "() => document.querySelector('.stApp')?.getAttribute('data-test-script-state')"
        " === 'notRunning'",
        timeout=TIMEOUT,
    )


def choose(page, box: str, option: str) -> None:
    """Pick ``option`` in the multiselect or selectbox labelled ``box``.

    The list can close again while the page settles after a run; it is opened until the
    option shows (the list's own state, not a timer), then the option is clicked.
    """
    app_idle(page)
    combo = page.get_by_role("combobox", name=box, exact=True)
    item = page.get_by_role("option", name=option, exact=True)
    for _ in range(10):
        if not item.is_visible():
            combo.click()
        try:
            item.wait_for(timeout=2_000)
            item.click(timeout=2_000)
            break
        except Exception:  # the list closed or was redrawn as the page settled: again
            continue
    else:
        raise AssertionError(f"could not pick {option!r} in {box!r}")
    page.keyboard.press("Escape")


def overlap(a: dict, b: dict) -> float:
    """Area (px²) two boxes share."""
    w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    h = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
    return w * h if w > 0 and h > 0 else 0.0


def collisions(boxes: dict) -> list[tuple[str, str]]:
    """Pairs of visible labels that overlap each other or a control of the map."""
    labels = boxes["labels"]
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if overlap(a, b) > 1:
                found.append((a["text"], b["text"]))
        for c in boxes["controls"]:
            if overlap(a, c) > 1:
                found.append((a["text"], c["name"]))
    return found


def point_of(frame, lat: float, lon: float) -> tuple[float, float]:
    """Container pixel of a place on the map."""
    return tuple(
        frame.evaluate(
            f"(() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]);"
            " return [p.x, p.y]; })()"
        )
    )


def click_map(page, frame, lat: float, lon: float) -> None:
    """Click the map where ``lat``, ``lon`` is drawn."""
    x, y = point_of(frame, lat, lon)
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
