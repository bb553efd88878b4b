"""The naive baseline: no caching, full-resolution geometry, folium's own GeoJson layer.

This is the atlas as a first draft would write it: read every file on every rerun, pass
the full-resolution (unsimplified) boundaries to :class:`folium.GeoJson` with a
``style_function`` and a :class:`folium.GeoJsonTooltip`, one :class:`folium.CircleMarker`
per town, and render the whole map. It draws the same units, colours and towns as the
atlas, so the two can be compared figure for figure.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import folium
import geopandas as gpd

from geo import io, paths
from geo.atlas import Atlas, ViewData, compute_view, load_atlas
from geo.indicators import get_indicator
from geo.view import View
from geo.vintages import get_vintage
from layers.basemap import KZ_CENTER, OfflineMap
from scripts.coverage import dissolve, load_source

UNIT_CLASS, TOWN_CLASS = "mq-unit", "mq-town"  # same classes as the atlas: one readiness check


@cache
def _source() -> gpd.GeoDataFrame:
    units = io.read_csv_text(paths.UNITS)
    # KZ-YUZ has no code: the package draws today's units only.
    codes = units.loc[units["source_code"] != "", ["source_code", "unit_id"]]
    return load_source(dict(zip(codes["source_code"], codes["unit_id"], strict=True)))


@cache
def full_resolution(vintage: str) -> gpd.GeoDataFrame:
    """The vintage's units at full resolution: the cleaned source, dissolved, not simplified.

    Built by :mod:`scripts.coverage` as the committed files are, from the atlas's own unit
    table and lineage, so the baseline and the fidelity check use the build's reference.

    Returns
    -------
    GeoDataFrame
        ``unit_id`` and geometry (MultiPolygon), EPSG:4326, sorted by ``unit_id``.
    """
    lineage = io.read_lineage()
    column = get_vintage(vintage).lineage_column
    return dissolve(_source(), dict(zip(lineage["unit_2022"], lineage[column], strict=True)))


def write_full_resolution(folder: Path, vintages: tuple[str, ...] = ("2012", "2018", "2022")):
    """Write each vintage's full-resolution units as ``{vintage}.geojson`` into ``folder``.

    A naive app would ship such a file and read it on every rerun; writing it once here
    (untimed) lets the baseline pay that read like the app pays its own.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for v in vintages:
        full_resolution(v).to_file(folder / f"{v}.geojson", driver="GeoJSON")
    return folder


def naive_map(full: gpd.GeoDataFrame, data: ViewData, atlas: Atlas, offline: bool = False):
    """A plain folium map of one view over full-resolution units.

    Parameters
    ----------
    full : GeoDataFrame
        Full-resolution units of the view's vintage (``unit_id`` + geometry at least).
    data : ViewData
        The view's indicator values and fill colours (from :func:`geo.atlas.compute_view`).
    atlas : Atlas
        For the sector colours of the towns.
    offline : bool
        Inline Leaflet (as the atlas does) instead of folium's CDN links; needed only to
        draw the baseline in a browser that may not reach the network.
    """
    lang = data.view.lang
    indicator = get_indicator(data.view.indicator)
    # Every column of the summary rides along as a property: folium.GeoJson sends them all.
    units = full[["unit_id", "geometry"]].merge(data.units.drop(columns=["geometry"]), on="unit_id")
    kind = OfflineMap if offline else folium.Map
    m = kind(location=KZ_CENTER, zoom_start=5, tiles=None)
    folium.GeoJson(
        units,
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#ffffff",
            "weight": 1.2,
            "fillOpacity": 0.9,
            "className": UNIT_CLASS,
        },
        tooltip=folium.GeoJsonTooltip([f"name_{lang}", indicator.column]),
    ).add_to(m)
    colours = dict(zip(atlas.sectors["sector"], atlas.sectors["color"], strict=True))
    for row in data.towns.itertuples(index=False):
        folium.CircleMarker(
            (row.lat, row.lon),
            radius=6,
            fill=True,
            fill_color=colours.get(row.sector, "#777777"),
            fill_opacity=0.9,
            color="#222222",
            weight=1,
            tooltip=getattr(row, f"name_{lang}"),
            class_name=TOWN_CLASS,
        ).add_to(m)
    m.fit_bounds([[40.5, 46.4], [55.5, 87.4]])
    return m


def naive_rerun(view: View, full_dir: Path) -> str:
    """One naive rerun: re-read every data file, recompute the view, render the whole map."""
    atlas = load_atlas()  # uncached: every rerun reads and joins all files again
    data = compute_view(atlas, view)
    full = gpd.read_file(Path(full_dir) / f"{view.vintage}.geojson")
    return naive_map(full, data, atlas).get_root().render()


def naive_page(full_dir: Path, offline: bool = True) -> None:
    """The naive app's Streamlit page: the default view through ``st_folium(m)``."""
    import streamlit as st
    from streamlit_folium import st_folium

    atlas = load_atlas()
    data = compute_view(atlas, View())
    full = gpd.read_file(Path(full_dir) / f"{data.view.vintage}.geojson")
    st.title("naive baseline")
    st_folium(naive_map(full, data, atlas, offline=offline), height=600, use_container_width=True)
