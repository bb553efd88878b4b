"""Rendered map HTML: class colours, the zero class, escaping, and no CDN."""

from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd
import pytest

from geo.atlas import compute_view
from geo.classify import NO_DATA_COLOUR, ZERO_COLOUR
from geo.view import View
from layers.compose import view_map

HOSTILE = '<b>Evil</b><img src=x onerror="alert(1)">'


def render(atlas, view: View) -> str:
    return view_map(compute_view(atlas, view), atlas).get_root().render()


def features(html: str, kind: str) -> dict[str, dict]:
    """The inline GeoJSON of the layer drawn with CSS class ``kind``, by feature id."""
    for match in re.finditer(r"mqVector\((\{[^{}]*\}), (\{.*?\})\)\s*\.addTo", html, re.S):
        if f'"{kind}"' in match.group(1):
            data = json.loads(match.group(2).replace("<\\/", "</"))
            return {f["properties"]["id"]: f["properties"] for f in data["features"]}
    raise AssertionError(f"no {kind} layer in the HTML")


@pytest.fixture(scope="module")
def html_2012(atlas) -> str:
    return render(atlas, View(vintage="2012", lang="en"))


def test_units_without_monotowns_get_the_zero_class(html_2012):
    units = features(html_2012, "mq-unit")
    assert len(units) == 16
    zero = {k for k, p in units.items() if p["c"] == ZERO_COLOUR}
    assert zero == {"KZ-43", "KZ-59", "KZ-71", "KZ-75"}  # Kyzylorda, North Kazakhstan, 2 cities
    assert "0 — no monotowns" in html_2012 and "no data" in html_2012


def test_karaganda_has_the_top_count_class(atlas, html_2012):
    units = features(html_2012, "mq-unit")
    data = compute_view(atlas, View(vintage="2012"))
    top = data.classification.classes[-2].colour  # the last value class, before no data
    assert units["KZ-35"]["c"] == top
    assert "Number of monotowns: 8" in units["KZ-35"]["t"]
    assert sum(p["c"] == top for p in units.values()) == 1


def test_town_symbols_one_per_visible_town(atlas):
    html = render(atlas, View(vintage="2022", unit="KZ-62", lang="ru"))
    towns = features(html, "mq-town")
    assert set(towns) == {"zhezkazgan", "satpayev", "karazhal"}
    assert "Сатпаев" in towns["satpayev"]["t"]  # tooltip in the view's language
    assert "Население города" in towns["satpayev"]["p"]
    assert features(html, "mq-unit")["KZ-62"].get("f") == 1


def test_unknown_rate_gets_no_data_class(atlas):
    towns = atlas.towns.copy()
    towns.loc[towns["town_id"] == "temirtau", "pop_2023_city"] = None
    joined = {
        k: v.assign(pop_2023_city=v["town_id"].map(towns.set_index("town_id")["pop_2023_city"]))
        for k, v in atlas.joined.items()
    }
    changed = dataclasses.replace(atlas, towns=towns, joined=joined)
    html = render(changed, View(vintage="2012", indicator="pop_share_2023", lang="en"))
    units = features(html, "mq-unit")
    assert units["KZ-35"]["c"] == NO_DATA_COLOUR  # share unknown while one town is unknown
    assert units["KZ-43"]["c"] == ZERO_COLOUR
    popup = features(html, "mq-town")["temirtau"]["p"]
    assert "not published" in popup


def test_names_from_data_are_escaped(atlas):
    towns = atlas.towns.copy()
    towns.loc[towns["town_id"] == "temirtau", "name_en"] = HOSTILE
    joined = {
        k: v.assign(name_en=v["town_id"].map(towns.set_index("town_id")["name_en"]))
        for k, v in atlas.joined.items()
    }
    units = {
        k: v.assign(name_en=v["name_en"].where(v["unit_id"] != "KZ-35", HOSTILE))
        for k, v in atlas.units.items()
    }
    changed = dataclasses.replace(atlas, towns=towns, joined=joined, units=units)
    html = render(changed, View(vintage="2012", lang="en"))
    assert "<b>Evil" not in html and "<img src=x" not in html
    assert "&lt;b&gt;Evil&lt;/b&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;b&gt;Evil" in features(html, "mq-town")["temirtau"]["t"]
    assert "&lt;b&gt;Evil" in features(html, "mq-unit")["KZ-35"]["t"]


def test_map_loads_nothing_from_the_network(html_2012):
    tags = re.findall(r"<(?:script|link)\b[^>]*>", html_2012)
    assert tags, "the map has its script and style tags"
    assert not [t for t in tags if re.search(r"(src|href)=[\"']?(https?:)?//", t)]
    assert "data:text/javascript;base64," in html_2012
    assert "data:text/css;base64," in html_2012
    assert "tile.openstreetmap.org" not in html_2012  # no tiles unless asked for


def test_tiles_only_when_asked(atlas):
    assert "tile.openstreetmap.org" in render(atlas, View(tiles=True))


def test_template_syntax_in_data_stays_text(atlas):
    """branca re-reads scripts as Jinja templates: data must not be evaluated there."""
    towns = atlas.towns.copy()
    evil = "{{ 7*7 }}{% raw %}{# x"
    towns.loc[towns["town_id"] == "temirtau", "name_en"] = evil
    joined = {
        k: v.assign(name_en=v["town_id"].map(towns.set_index("town_id")["name_en"]))
        for k, v in atlas.joined.items()
    }
    html = render(dataclasses.replace(atlas, towns=towns, joined=joined), View(lang="en"))
    assert "49" not in features(html, "mq-town")["temirtau"]["t"]
    assert evil in features(html, "mq-town")["temirtau"]["t"]


def test_legend_escapes_colours_as_well_as_names():
    from geo.classify import classify
    from geo.indicators import get_indicator
    from layers.legend import legend_html

    indicator = get_indicator("n_towns")
    classes = classify(pd.Series([0.0, 1.0, 3.0]), indicator)
    hostile = '#000"><img src=x onerror=alert(1)>'
    html = legend_html(classes, indicator, "en", "Sector", [("<b>Coal</b>", hostile)])
    assert "<img" not in html and "<b>" not in html
    assert "&lt;b&gt;Coal&lt;/b&gt;" in html
