"""The embed file: offline, escaped, described for screen readers; and the iframe snippet."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from export.embed import embed_html, iframe_snippet
from geo.atlas import compute_view
from geo.describe import alt_text
from geo.view import View

HOSTILE = '<img src=x onerror=alert(1)>"&'


def with_town_name(atlas, town_id: str, name: str, lang: str = "en"):
    """A copy of the atlas in which one town is called ``name`` (data files untouched)."""
    column = f"name_{lang}"
    towns = atlas.towns.copy()
    towns.loc[towns["town_id"] == town_id, column] = name
    joined = {
        k: v.assign(**{column: v["town_id"].map(towns.set_index("town_id")[column])})
        for k, v in atlas.joined.items()
    }
    return dataclasses.replace(atlas, towns=towns, joined=joined)


def network_references(page: str) -> list[str]:
    """http(s) or protocol-relative references from script, link, @import and url()."""
    found = []
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", page, re.I):
        found += re.findall(r"(?:src|href)\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", tag, re.I)
    found += re.findall(r"@import\s+(?:url\()?[\"']?((?:https?:)?//[^\"')\s]+)", page, re.I)
    found += re.findall(r"url\(\s*[\"']?((?:https?:)?//[^\"')\s]+)", page, re.I)
    return found


@pytest.fixture(scope="module")
def page_en(atlas) -> str:
    return embed_html(atlas, View(lang="en"))


def test_embed_loads_nothing_from_the_network(page_en):
    assert network_references(page_en) == []
    # Leaflet is inlined as blocks its policy allows by hash (tests/test_embed_csp.py).
    assert "data:text/javascript" not in page_en and "data:text/css" not in page_en
    assert 't.version="1.9.3"' in page_en
    assert "tile.openstreetmap.org" not in page_en


def test_reference_check_would_catch_a_cdn(page_en):
    assert network_references('<script src="https://cdn.example/x.js"></script>')
    assert network_references("<style>@import url('//fonts.example/css');</style>")


def test_embed_never_loads_tiles_but_its_link_keeps_them(atlas):
    page = embed_html(atlas, View(tiles=True), "https://atlas.example.kz/")
    assert "tile.openstreetmap.org" not in page
    assert network_references(page) == []
    assert 'href="https://atlas.example.kz/?v=2012&amp;lang=kk&amp;tiles=1"' in page


def test_page_has_title_language_summary_and_attribution(atlas):
    view = View(lang="kk", unit="KZ-35")
    page = embed_html(atlas, view)
    summary = alt_text(compute_view(atlas, view), atlas)
    assert '<html lang="kk">' in page
    assert re.search(r"<title>[^<]*Қарағанды облысы[^<]*</title>", page)
    assert f'role="region" aria-label="{html.escape(summary)}"' in page
    assert f'<p id="mq-summary" class="mq-summary">{html.escape(summary)}</p>' in page
    assert html.escape(atlas.attribution("kk")) in page
    assert "OpenStreetMap" not in page and "ODbL" not in page
    assert "user-scalable=no" not in page  # readers may zoom the page


def test_summary_counts_the_view(atlas):
    data = compute_view(atlas, View(lang="en", unit="KZ-35"))
    text = alt_text(data, atlas)
    assert text.startswith("Karaganda Region: 8 monotowns")
    assert "Nationally: 27 of 27 monotowns in 12 units; 4 units have none — 2012 boundaries" in text


def test_summary_of_a_filtered_unit_separates_unit_and_country(atlas):
    view = View(lang="en", unit="KZ-35").with_filter("status", {"listed", "unknown"})
    data = compute_view(atlas, view)
    text = alt_text(data, atlas)
    shown = len(data.towns)
    passing = int(data.units["n_towns"].sum())
    assert shown < passing < 27  # the filter removes towns in Karaganda and elsewhere
    assert text.startswith(f"Karaganda Region: {shown} matching the filter; 8 in all")
    assert f"Nationally: {passing} of 27 monotowns" in text
    assert f"{passing} of 27 monotowns shown" not in text


def test_town_list_and_table_hold_the_towns_shown(atlas):
    view = View(lang="ru", vintage="2022").with_filter("status", {"left"})
    data = compute_view(atlas, view)
    page = embed_html(atlas, view)
    listed = re.findall(r'<button type="button" data-town="([^"]+)"', page)
    assert sorted(listed) == sorted(data.towns["town_id"])
    table = page[page.index("<table>") : page.index("</table>")]
    assert table.count('<th scope="row">') == len(data.towns)
    for name in data.towns["name_ru"]:
        assert f'<th scope="row">{html.escape(name)}</th>' in table


def test_names_from_data_are_escaped_everywhere(atlas):
    hostile = with_town_name(atlas, "temirtau", HOSTILE)
    page = embed_html(hostile, View(lang="en"))
    assert "<img" not in page
    escaped = html.escape(HOSTILE, quote=True)
    assert f"{escaped}</button>" in page
    assert f'<th scope="row">{escaped}</th>' in page


def test_same_view_gives_the_same_file(atlas):
    view = View(lang="ru", unit="KZ-63")
    assert embed_html(atlas, view) == embed_html(atlas, view)


def test_iframe_snippet_is_escaped_and_checked():
    snippet = iframe_snippet('https://ex.kz/embed.html?a=1&b="2"', 'Map "<b>"', 640)
    assert snippet.startswith('<iframe src="https://ex.kz/embed.html?a=1&amp;b=&quot;2&quot;"')
    assert 'title="Map &quot;&lt;b&gt;&quot;"' in snippet
    assert 'width="100%" height="640"' in snippet and 'loading="lazy"' in snippet
    assert iframe_snippet("embeds/kz.html", "Map").startswith('<iframe src="embeds/kz.html"')
    with pytest.raises(ValueError, match="http"):
        iframe_snippet("javascript:alert(1)", "x")
    with pytest.raises(ValueError, match="height"):
        iframe_snippet("https://ex.kz/", "x", 0)
