"""Hostile text through every output: the page, the map's popups, tooltips and legend, the
select boxes, the table, the embed, the PNG and PDF, the CSV, GeoJSON and metadata JSON.

Markup never arrives as markup, a formula never as a formula, a javascript: address never
as a link, and a 10 000-character name breaks nothing.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from export.formats import FORMATS, Options
from geo.atlas import load_atlas
from geo.view import View
from tests import hostile
from tests.datacopy import use_data
from tests.test_app_state import APP, folium_script, widget


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    return hostile.hostile_copy(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def hostile_atlas(hostile_folder, monkeypatch):
    use_data(monkeypatch, hostile_folder)
    st.cache_resource.clear()
    yield load_atlas()
    st.cache_resource.clear()


def render(atlas, key: str, view: View) -> bytes:
    return FORMATS[key].render(atlas, view, Options(dpi=40))


def test_the_page_shows_hostile_text_as_text(hostile_atlas):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.query_params["unit"] = "KZ-35"
    at.run()
    assert not at.exception
    # The map's layers (popups, tooltips, labels, legend) carry escaped text only.
    script = folium_script(at)
    assert hostile.raw_hostile(script) == []
    assert "&lt;img src=x onerror=alert(&quot;img&quot;)&gt;" in script
    # Markdown from data is shown literally (the unit heading), never as a link or bold.
    heading = at.subheader[0].value
    assert "<script>" not in heading and "\\<script\\>" in heading
    for block in at.markdown:  # the one block written as HTML is escaped by the page
        if "mq-reconcile" in block.value:
            assert hostile.raw_hostile(block.value) == []
    # Select boxes and the table hold the texts as data (Streamlit renders them as text).
    unit = widget(at, "selectbox", "unit")
    assert unit.format_func("KZ-35") == hostile.SCRIPT
    names = set(at.dataframe[0].value.iloc[:, 0])
    assert hostile.IMG in names and hostile.SCRIPT in names


def test_the_embed_escapes_everything_and_links_nothing_to_javascript(hostile_atlas):
    page = render(hostile_atlas, "html", View(lang="en")).decode("utf-8")
    assert hostile.raw_hostile(page) == []
    assert "&lt;img src=x" in page and "Кентау" in page


@pytest.mark.parametrize("key", ["png", "pdf"])
def test_briefings_draw_hostile_and_overlong_text(hostile_atlas, key):
    data = render(hostile_atlas, key, View(lang="en", unit="KZ-35"))
    assert data[:4] in (b"\x89PNG", b"%PDF")


def test_data_downloads_keep_text_as_data_and_formulas_inert(hostile_atlas):
    view = View(lang="en")
    towns = list(
        csv.DictReader(io.StringIO(render(hostile_atlas, "csv", view).decode("utf-8-sig")))
    )
    by_id = {r["town_id"]: r for r in towns}
    assert by_id["ekibastuz"]["name_en"] == "'" + hostile.FORMULA
    assert by_id["temirtau"]["name_en"] == hostile.IMG  # data, not markup: kept as it is
    geojson = json.loads(render(hostile_atlas, "geojson", view))
    names = {f["properties"].get("name_en") for f in geojson["features"]}
    assert hostile.SCRIPT in names and hostile.LONG in names
    meta = json.loads(render(hostile_atlas, "json", view))
    assert any(s["title"] == hostile.SCRIPT for s in meta["sources"])


def test_direction_overrides_never_reach_html(hostile_atlas):
    page = render(hostile_atlas, "html", View(lang="en")).decode("utf-8")
    assert "\u202e" not in page and "Aksugnp.exe" in page
