"""Map furniture: a scale bar and a north arrow, each in the emptiest corner of the map."""

from __future__ import annotations

import math

import numpy as np
import shapely
from matplotlib.patches import Polygon, Rectangle
from matplotlib.transforms import Bbox
from pyproj import Transformer

from export.page.fonts import font
from export.page.frame import MAP_CRS, MapFrame
from geo.i18n import fmt_number, t

NICE_KM = (10, 20, 25, 50, 100, 150, 200, 250, 300, 500, 750, 1000)
CORNERS = ("lower left", "lower right", "upper left", "upper right")
INSET = 0.025  # share of the map's width kept between furniture and the map's edge
ARROW_PT = 26.0
BAR_PT = 4.0


def pt_to_m(frame: MapFrame, points: float) -> float:
    """Map metres covered by ``points`` of paper at the frame's scale."""
    return points / 72 * frame.dpi * frame.metres_per_px


def scale_km(frame: MapFrame) -> int:
    """A round length near a fifth of the map's width."""
    width_km = (frame.xlim[1] - frame.xlim[0]) / 1000
    fitting = [k for k in NICE_KM if k <= width_km * 0.22]
    return fitting[-1] if fitting else NICE_KM[0]


def corner_box(frame: MapFrame, corner: str, w_m: float, h_m: float):
    """Projected (x0, y0, x1, y1) of a ``w_m`` × ``h_m`` box inset into ``corner``."""
    inset = INSET * (frame.xlim[1] - frame.xlim[0])
    x0 = frame.xlim[0] + inset if "left" in corner else frame.xlim[1] - inset - w_m
    y0 = frame.ylim[0] + inset if "lower" in corner else frame.ylim[1] - inset - h_m
    return x0, y0, x0 + w_m, y0 + h_m


def emptiest_corner(frame: MapFrame, land, w_m: float, h_m: float, exclude=()) -> str:
    """The corner where a box of that size covers the least of the units (first on a tie)."""
    costs = []
    for corner in CORNERS:
        if corner in exclude:
            continue
        area = shapely.intersection(land, shapely.box(*corner_box(frame, corner, w_m, h_m))).area
        costs.append((round(area, -3), CORNERS.index(corner), corner))
    return min(costs)[2]


def draw_scale_bar(ax, frame: MapFrame, land, lang: str) -> tuple[str, Bbox]:
    """A four-part bar of a round number of kilometres; returns its corner and image box."""
    km = scale_km(frame)
    length = km * 1000
    bar_h = pt_to_m(frame, BAR_PT)
    label_h = pt_to_m(frame, 12)
    corner = emptiest_corner(frame, land, length * 1.15, bar_h + label_h)
    x0, y0, _, _ = corner_box(frame, corner, length * 1.15, bar_h + label_h)
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (x0 + i * length / 4, y0),
                length / 4,
                bar_h,
                facecolor="#222222" if i % 2 == 0 else "#ffffff",
                edgecolor="#222222",
                linewidth=0.6,
                zorder=20,
            )
        )
    half = fmt_number(km / 2, lang, 0 if km % 2 == 0 else 1)
    for frac, text in ((0, "0"), (0.5, half)):
        _furniture_text(ax, x0 + frac * length, y0 + bar_h * 1.6, text, "center")
    # The last number centred on its tick, the unit after it: "500 km".
    digits_pt = len(str(km)) * 0.64 * 7 / 2
    end = x0 + length - pt_to_m(frame, digits_pt)
    _furniture_text(ax, end, y0 + bar_h * 1.6, f"{km} {t('km', lang)}", "left")
    return corner, _image_box(frame, x0, y0, x0 + length * 1.15, y0 + bar_h + label_h)


def _furniture_text(ax, x: float, y: float, text: str, ha: str) -> None:
    ax.text(x, y, text, ha=ha, va="bottom", fontproperties=font(7), zorder=20, parse_math=False)


def north_direction(x: float, y: float) -> tuple[float, float]:
    """Unit vector towards true north at a projected point (meridians converge off lon 68°)."""
    back = Transformer.from_crs(MAP_CRS, "EPSG:4326", always_xy=True)
    fwd = Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)
    lon, lat = back.transform(x, y)
    nx, ny = fwd.transform(lon, lat + 0.1)
    dx, dy = nx - x, ny - y
    norm = math.hypot(dx, dy)
    return dx / norm, dy / norm


def draw_north_arrow(ax, frame: MapFrame, land, lang: str, exclude: str) -> Bbox:
    """A two-tone arrow pointing to true north where it stands; returns its image box."""
    size = pt_to_m(frame, ARROW_PT)
    corner = emptiest_corner(frame, land, size * 0.8, size * 1.5, exclude=(exclude,))
    x0, y0, x1, y1 = corner_box(frame, corner, size * 0.8, size * 1.5)
    cx, cy = (x0 + x1) / 2, y0 + size * 0.1
    ux, uy = north_direction(cx, cy + size / 2)
    px, py = uy, -ux  # perpendicular, to the right of north
    half = size * 0.28
    tip = np.array([cx + ux * size, cy + uy * size])
    base = np.array([cx, cy])
    notch = base + np.array([ux, uy]) * size * 0.25
    left = base - np.array([px, py]) * half
    right = base + np.array([px, py]) * half
    ax.add_patch(Polygon([tip, left, notch], facecolor="#222222", edgecolor="#222222", lw=0.6))
    ax.add_patch(Polygon([tip, right, notch], facecolor="#ffffff", edgecolor="#222222", lw=0.6))
    label_at = tip + np.array([ux, uy]) * size * 0.08
    ax.text(
        *label_at,
        t("north", lang),
        ha="center",
        va="bottom",
        rotation=math.degrees(math.atan2(-ux, uy)),
        rotation_mode="anchor",
        fontproperties=font(9, bold=True),
        zorder=20,
        parse_math=False,
    )
    return _image_box(frame, x0, y0, x1, y1)


def _image_box(frame: MapFrame, x0: float, y0: float, x1: float, y1: float) -> Bbox:
    """Display-space box (origin bottom left, as matplotlib's) of a projected box."""
    (c0, r0), (c1, r1) = frame.to_pixel(x0, y0), frame.to_pixel(x1, y1)
    return Bbox.from_extents(c0, frame.height_px - r0, c1, frame.height_px - r1)
