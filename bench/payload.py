"""Map payload: bytes of a view's map HTML and of what the app re-sends on every rerun.

Leaflet itself (inlined as data: URIs, about 200 KB) is stripped before counting: it is
the same for every view, cached by the browser in an embed, and not what simplification
or encoding can shrink. The baseline is :func:`bench.naive.naive_map` over full-resolution
boundaries, with folium's CDN links (short) as a plain folium map has them.
"""

from __future__ import annotations

import itertools

from bench import Row
from bench.naive import full_resolution, naive_map
from geo.atlas import Atlas, ViewData, compute_view, load_atlas
from geo.i18n import LANGUAGES
from geo.indicators import INDICATORS
from geo.view import COLOUR_BY, View, to_params
from geo.vintages import VINTAGES

MAX_DEFAULT_BYTES = 150_000
MAX_DEFAULT_SHARE = 0.05


def strip_leaflet(html: str) -> str:
    """The HTML without the data: URIs of leaflet.js and leaflet.css."""
    from layers.assets import leaflet_css_uri, leaflet_js_uri

    return html.replace(leaflet_js_uri(), "").replace(leaflet_css_uri(), "")


def html_bytes(data: ViewData, atlas: Atlas) -> int:
    """UTF-8 bytes of the complete map of one view (:func:`layers.compose.view_map`)."""
    from layers.compose import view_map

    return len(strip_leaflet(view_map(data, atlas).get_root().render()).encode("utf-8"))


def feature_group_bytes(data: ViewData, atlas: Atlas) -> int:
    """Bytes of the JS that ``st_folium(feature_group_to_add=...)`` sends for a view.

    Built on fresh objects: streamlit-folium renames and re-parents the group it is given.
    """
    from streamlit_folium import _get_feature_group_string

    from layers.basemap import base_map
    from layers.compose import view_layers

    js = _get_feature_group_string(view_layers(data, atlas), base_map())
    return len(js.encode("utf-8"))


def baseline_bytes(data: ViewData, atlas: Atlas) -> int:
    """UTF-8 bytes of the naive map of the same view."""
    full = full_resolution(data.view.vintage)
    return len(naive_map(full, data, atlas).get_root().render().encode("utf-8"))


def candidate_views() -> list[View]:
    """Every vintage × language × indicator × colouring, no filter: the heaviest is among them.

    Filters and a focused unit only remove towns or add one flag, so they cannot be heavier.
    """
    return [
        View(vintage=v, lang=lang, indicator=ind, colour_by=c)
        for v, lang, ind, c in itertools.product(VINTAGES, LANGUAGES, INDICATORS, COLOUR_BY)
    ]


def describe(view: View) -> str:
    """A view as its URL query (``default`` for the default view)."""
    params = to_params(view)
    return "&".join(f"{k}={v}" for k, v in params.items()) or "default"


def measure(atlas: Atlas | None = None, views: list[View] | None = None) -> list[Row]:
    """Rows for the default and the heaviest view's payload, and the per-rerun JS.

    Parameters
    ----------
    atlas : Atlas, optional
        Loaded once by the caller to share it; loaded here otherwise.
    views : list of View, optional
        Where to look for the heaviest view (default :func:`candidate_views`).
    """
    atlas = atlas or load_atlas()
    default = compute_view(atlas, View())
    sizes = {v: html_bytes(compute_view(atlas, v), atlas) for v in views or candidate_views()}
    heavy_view = max(sizes, key=sizes.get)
    heavy = compute_view(atlas, heavy_view)
    d_bytes, d_base = html_bytes(default, atlas), baseline_bytes(default, atlas)
    h_bytes, h_base = sizes[heavy_view], baseline_bytes(heavy, atlas)
    fg_default, fg_heavy = feature_group_bytes(default, atlas), feature_group_bytes(heavy, atlas)
    strip = "map HTML without inlined Leaflet; baseline folium.GeoJson, full resolution"
    resend = "baseline: st_folium(m) without feature_group_to_add re-sends the whole naive map"
    return [
        Row(
            "payload.default",
            "map payload, default view",
            d_bytes,
            "B",
            d_base,
            target="≤ 150 KB and ≤ 5 % of baseline",
            met=d_bytes <= MAX_DEFAULT_BYTES and d_bytes <= MAX_DEFAULT_SHARE * d_base,
            note=strip,
        ),
        Row(
            "payload.heaviest",
            f"map payload, heaviest view ({describe(heavy_view)})",
            h_bytes,
            "B",
            h_base,
            note=f"{strip}; heaviest of {len(sizes)} views",
        ),
        Row(
            "payload.rerun_default",
            "JS sent per rerun (feature group), default view",
            fg_default,
            "B",
            d_base,
            note=resend,
        ),
        Row(
            "payload.rerun_heaviest",
            "JS sent per rerun (feature group), heaviest view",
            fg_heavy,
            "B",
            h_base,
            note=resend,
        ),
    ]
