"""The base map: Leaflet from an installed package, no third-party tiles unless asked for."""

from __future__ import annotations

import folium

from layers.assets import leaflet_css_inline, leaflet_css_uri, leaflet_js_inline, leaflet_js_uri
from layers.interaction import MapBehaviour
from layers.vector import RawScript

KZ_CENTER = (48.2, 67.0)
KZ_BOUNDS = ((40.5, 46.4), (55.5, 87.4))
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTR = "&copy; OpenStreetMap contributors"


class OfflineMap(folium.Map):
    """A folium Map whose only script and style are Leaflet's, from an installed package.

    jQuery, Bootstrap and the marker plugins of folium's defaults are not needed: the
    atlas uses vector layers, tooltips and popups, which are Leaflet's own. ``leaflet``
    gives the script's and style's addresses; by default they are inlined as data: URIs.
    """

    def __init__(self, *args, leaflet: tuple[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        js, css = leaflet or (leaflet_js_uri(), leaflet_css_uri())
        self.default_js = [("leaflet", js)]
        self.default_css = [("leaflet_css", css)]


def inline_leaflet(m: OfflineMap) -> None:
    """Put Leaflet's script and style into ``m``'s page as ``<script>`` and ``<style>``
    blocks, where its links were.

    For embeds: a data: URI is a source a strict Content-Security-Policy must allow for
    every script (``script-src data:`` lets any data: script run), where an inline block is
    allowed by its own hash alone.
    """
    m.default_js, m.default_css = [], []
    header = m.get_root().header
    header.add_child(RawScript(f"<script>{leaflet_js_inline()}</script>"), name="leaflet")
    header.add_child(RawScript(f"<style>{leaflet_css_inline()}</style>"), name="leaflet_css")


def base_map(
    tiles: bool = False, height: str | int = "100%", leaflet: tuple[str, str] | None = None
) -> OfflineMap:
    """A map of Kazakhstan with nothing on it; the same for every view, so the app keeps it.

    Parameters
    ----------
    tiles : bool
        Add OpenStreetMap tiles (needs the network; off by default, and the map is
        complete without them).
    leaflet : (str, str), optional
        Addresses of Leaflet's script and style (see :func:`layers.assets.served_links`);
        inlined when not given.
    """
    m = OfflineMap(
        location=KZ_CENTER,
        zoom_start=5,
        min_zoom=3,
        max_zoom=11,
        tiles=None,
        height=height,
        control_scale=False,  # Leaflet's own bar adds miles: MapBehaviour's is in km only
        # Fine steps, so a fitted map fills its width (the buttons still step by 1).
        zoom_snap=0.1,
        # The page scrolls over the map; the wheel zooms only once the reader has clicked
        # into the map (MapBehaviour). Buttons, pinch and keyboard always zoom.
        scrollWheelZoom=False,
        leaflet=leaflet,
    )
    MapBehaviour().add_to(m)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTR, name="OpenStreetMap").add_to(m)
    return m
