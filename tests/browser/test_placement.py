"""The label placement (layers/placement.js) on a small hand-made map: two units and five
towns drawn by the map's own scripts, without the app. A label never covers another
label or another town's circle, a unit's label stays inside its unit (its value alone when
its name does not fit), overlapping towns are each named, and a label with no room is
hidden rather than drawn where it does not belong."""

from __future__ import annotations

import json

import pytest

from layers.assets import leaflet_css_inline, leaflet_js_inline
from layers.browser import browser_file, script
from layers.interaction import LIBRARY
from tests.browser.harness import ARTIFACTS
from tests.browser.reader import AT_REST, BOXES, STRAYS, collisions


def square(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


UNITS = [
    feature(square(-6, -3, -1, 3), id="wide", c="#b7bac9", t="Wide"),
    feature(square(1, -3, 2, 3), id="narrow", c="#999db1", t="Narrow"),
]
# Radii as the server gives them (halved on a map this narrow): "big" and "near" overlap,
# "inside" sits on the wide unit's deepest spot, "far" is alone, "huge" has a name longer
# than the map is wide.
TOWNS = {
    "big": ((4.0, 0.0), 20),
    "near": ((4.4, 0.3), 14),
    "inside": ((-3.5, 0.0), 16),
    "far": ((6.5, -2.0), 10),
    "huge": ((-3.0, -2.3), 8),
}
LABELS = [
    feature(
        point(-3.5, 0.0),
        id="wide",
        k="unit",
        o=100,
        a=[[-3.5, 0.0], [-3.5, 2.0], [-3.5, -2.0]],
        t='<span class="mq-name">Wide Region</span> <span class="mq-count">8</span>',
    ),
    feature(
        point(1.5, 0.0),
        id="narrow",
        k="unit",
        o=101,
        a=[[1.5, 0.0]],
        t='<span class="mq-name">A Narrow Region</span> <span class="mq-count">2</span>',
    ),
    *(
        feature(point(*at), id=name, k="town", o=20 + i, r=r, w=1, t=name.title())
        for i, (name, (at, r)) in enumerate(TOWNS.items())
    ),
]
LABELS[-1]["properties"]["t"] = "Huge " * 40  # wider than the whole map


def page_html() -> str:
    towns = {
        "type": "FeatureCollection",
        "features": [
            feature(point(*at), id=name, c="#000000", r=r, t=name)
            for name, (at, r) in TOWNS.items()
        ],
    }
    data = {
        "units": {"type": "FeatureCollection", "features": UNITS},
        "towns": towns,
        "labels": {"type": "FeatureCollection", "features": LABELS},
    }
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<style>{leaflet_css_inline()}</style><style>{browser_file("layers", "map.css")}</style>
<style>body {{ margin: 0; }} #m {{ width: 420px; height: 300px; }}</style></head>
<body><div id="m"></div>
<script>{leaflet_js_inline()}</script>
<script>{script("layers", *LIBRARY)}</script>
<script>
var data = {json.dumps(data)};
var map = L.map("m", {{zoomSnap: 0}}).setView([0, 0.5], 5);
mqBehave(map, {{narrow: 720, full: 900, noData: "#b4b4b4"}});
mqVector({{kind: "polygon", className: "mq-unit", stroke: "#3a3b45", weight: 1,
  opacity: 1}}, data.units).addTo(map);
mqVector({{kind: "circle", className: "mq-town", stroke: "#ffffff", weight: 1.5,
  opacity: 1}}, data.towns).addTo(map);
new MqLabels(data.labels, {{allTowns: true}}).addTo(map);
window.map = map;
</script></body></html>"""


@pytest.fixture
def small_map(chromium):
    context = chromium.new_context(viewport={"width": 420, "height": 300})
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing is fetched
    page.set_content(page_html())
    page.wait_for_function(AT_REST)
    yield page
    context.close()


def shown(page) -> dict[str, str]:
    """Each visible label's feature id and its classes."""
    return page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('.mq-label:not(.mq-hidden)')]"
        ".map(e => [e.getAttribute('data-id'), e.className]))"
    )


def test_labels_keep_to_their_own_features(small_map):
    page = small_map
    boxes = page.evaluate(BOXES)
    assert collisions(boxes) == []
    assert page.evaluate(STRAYS) == []
    labels = shown(page)
    # Overlapping towns are each named; the alone one too.
    assert {"big", "near", "inside", "far"} <= set(labels)
    page.screenshot(path=str(ARTIFACTS / "placement_small_map.png"))


def test_a_unit_label_moves_off_a_circle_and_shortens_to_fit_its_unit(small_map):
    labels = shown(small_map)
    # The wide unit's best spot is under the "inside" town: its label takes the next.
    assert "wide" in labels and "mq-short" not in labels["wide"]
    # The narrow unit is too narrow for its name: its value alone, inside it.
    assert "narrow" in labels and "mq-short" in labels["narrow"]


def test_a_label_with_no_room_is_hidden(small_map):
    assert "huge" not in shown(small_map)
    assert small_map.evaluate("document.querySelector('.mq-label[data-id=huge]').className")


def test_labels_make_room_again_after_a_zoom(small_map):
    page = small_map
    runs = page.evaluate("window.map._mqLayouts")
    page.evaluate("window.map.setZoom(6, {animate: false})")
    page.wait_for_function(f"() => window.map._mqLayouts > {runs} && !window.map._mqLayoutPending")
    assert collisions(page.evaluate(BOXES)) == []
    assert page.evaluate(STRAYS) == []
