"""Page layouts of the static map, and the frame that maps projected metres to image pixels.

The frame is computed from the view before anything is drawn, and the drawing uses it
as it is: a test can then find the pixel of any place on the map with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geopandas as gpd
from pyproj import Transformer

from geo.atlas import ViewData

# Albers equal-area for Kazakhstan: areas true, and distances along the standard parallels
# (42° and 52° N) true, so a scale bar is honest across the country (Web Mercator is ~50 %
# off between its south and north).
MAP_CRS = "+proj=aea +lat_1=42 +lat_2=52 +lat_0=48 +lon_0=68 +datum=WGS84 +units=m +no_defs"

# Page furniture in inches, the same on every layout so type sizes read the same.
MARGIN_IN = 0.2
HEADER_IN = 1.0
# The footer holds the credits: names of the time, caveats in words, sources and licences.
FOOTER_IN = 1.1
LEGEND_IN = 2.6
GAP_IN = 0.15
# A page taller than the country (A4) takes the legend as a band under the map, in columns,
# and gives the map the page's width: beside the map the legend left a quarter of an A4
# page blank under the country.
LEGEND_BAND_IN = 1.45
LEGEND_COLUMN_IN = 2.4
# Room around the country, and around a unit in focus (share of its extent; minimum km).
COUNTRY_MARGIN = 0.03
FOCUS_MARGIN = 0.25
FOCUS_MIN_M = 350_000


@dataclass(frozen=True)
class Layout:
    """A page: its size in pixels at its own resolution."""

    key: str
    width_px: int
    height_px: int
    dpi: int
    legend_below: bool = False

    @property
    def size_in(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi


LAYOUTS: dict[str, Layout] = {
    lay.key: lay
    for lay in (
        # A slide, 12 × 6.75 in at 200 dpi (2400 × 1350 px): sharp on a projector and
        # when printed; 10 pt type is 28 px high.
        Layout("16:9", 2400, 1350, 200),
        # A4 landscape, 297 × 210 mm at 300 dpi.
        Layout("A4", 3508, 2480, 300, legend_below=True),
    )
}


def get_layout(key: str) -> Layout:
    """Return the layout registered under ``key``; an unknown key lists the valid ones."""
    try:
        return LAYOUTS[key]
    except KeyError:
        raise KeyError(f"unknown layout {key!r}; valid: {', '.join(LAYOUTS)}") from None


Box = tuple[float, float, float, float]  # left, bottom, width, height as figure fractions


def boxes(layout: Layout) -> dict[str, Box]:
    """Figure-fraction boxes of the map, the legend panel, the header and the footer."""
    w, h = layout.size_in
    top = h - HEADER_IN
    bottom = FOOTER_IN
    if layout.legend_below:
        map_bottom = bottom + LEGEND_BAND_IN + GAP_IN
        full = (w - 2 * MARGIN_IN) / w
        return {
            "map": (MARGIN_IN / w, map_bottom / h, full, (top - map_bottom) / h),
            "legend": (MARGIN_IN / w, bottom / h, full, LEGEND_BAND_IN / h),
            "header": (MARGIN_IN / w, top / h, full, HEADER_IN / h),
            "footer": (MARGIN_IN / w, 0.0, full, FOOTER_IN / h),
        }
    legend_left = w - MARGIN_IN - LEGEND_IN
    map_w = legend_left - GAP_IN - MARGIN_IN
    return {
        "map": (MARGIN_IN / w, bottom / h, map_w / w, (top - bottom) / h),
        "legend": (legend_left / w, bottom / h, LEGEND_IN / w, (top - bottom) / h),
        "header": (MARGIN_IN / w, top / h, (w - 2 * MARGIN_IN) / w, HEADER_IN / h),
        "footer": (MARGIN_IN / w, 0.0, (w - 2 * MARGIN_IN) / w, FOOTER_IN / h),
    }


@dataclass(frozen=True)
class MapFrame:
    """Where the map sits in the image and which projected extent it shows.

    ``xlim``/``ylim`` are in metres of :data:`MAP_CRS`, chosen so that a metre is the same
    number of pixels across and up the map (no stretching).
    """

    width_px: float
    height_px: float
    dpi: float
    box: Box
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    @property
    def metres_per_px(self) -> float:
        return (self.xlim[1] - self.xlim[0]) / (self.box[2] * self.width_px)

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        """Image (column, row) of a projected point; row 0 is the top of the image."""
        left, bottom = self.box[0] * self.width_px, self.box[1] * self.height_px
        col = left + (x - self.xlim[0]) / self.metres_per_px
        up = bottom + (y - self.ylim[0]) / self.metres_per_px
        return col, self.height_px - up

    def lonlat_to_pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Image (column, row) of a longitude/latitude."""
        return self.to_pixel(*to_map_crs().transform(lon, lat))


@cache
def to_map_crs() -> Transformer:
    return Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)


def project(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` in the map's equal-area projection."""
    return gdf.to_crs(MAP_CRS)


def map_frame(data: ViewData, layout: str | Layout = "16:9", dpi: float | None = None) -> MapFrame:
    """The frame of a view's map: the country, or the unit in focus with its surroundings.

    Parameters
    ----------
    data : ViewData
        The view (its units give the extent; the focus unit narrows it).
    layout : str or Layout
        Page layout key (``"16:9"``, ``"A4"``).
    dpi : float, optional
        Resolution; defaults to the layout's own (tests draw smaller images).
    """
    lay = get_layout(layout) if isinstance(layout, str) else layout
    dpi = dpi or lay.dpi
    w_in, h_in = lay.size_in
    box = boxes(lay)["map"]
    units = project(data.units)
    if data.view.unit and (units["unit_id"] == data.view.unit).any():
        x0, y0, x1, y1 = units.loc[units["unit_id"] == data.view.unit].total_bounds
        margin = FOCUS_MARGIN
    else:
        x0, y0, x1, y1 = units.total_bounds
        margin = COUNTRY_MARGIN
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w = max((x1 - x0) * (1 + 2 * margin), FOCUS_MIN_M if data.view.unit else 0) / 2
    half_h = max((y1 - y0) * (1 + 2 * margin), FOCUS_MIN_M if data.view.unit else 0) / 2
    box_w_px, box_h_px = box[2] * w_in * dpi, box[3] * h_in * dpi
    per_px = max(2 * half_w / box_w_px, 2 * half_h / box_h_px)
    if not data.view.unit and 2 * half_h / per_px < box_h_px:
        # The country is wider than the page: shorten the map box to the country and keep
        # it under the header, so the scale bar and north arrow sit by the map, not far
        # below it. (A unit in focus keeps the full box: more of its surroundings.)
        new_h = 2 * half_h / per_px / (h_in * dpi)
        box = (box[0], box[1] + box[3] - new_h, box[2], new_h)
        box_h_px = box[3] * h_in * dpi
    half_w, half_h = per_px * box_w_px / 2, per_px * box_h_px / 2
    return MapFrame(
        width_px=w_in * dpi,
        height_px=h_in * dpi,
        dpi=dpi,
        box=box,
        xlim=(cx - half_w, cx + half_w),
        ylim=(cy - half_h, cy + half_h),
    )
