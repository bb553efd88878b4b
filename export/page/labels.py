"""Labels of the static map: unit names with their value, and town names beside their symbols.

Unit labels go first, each at the most central free spot of its (visible) area; town labels
follow, largest town first, around their symbols. Both avoid the symbols, each other and
the scale bar and north arrow (see :mod:`export.placement`).
"""

from __future__ import annotations

import copy

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from export.page.fonts import font
from export.page.frame import MapFrame
from export.page.marks import radius_pt
from export.page.placement import Placer, place_annotation
from geo.atlas import ViewData
from geo.describe import unit_value_text
from geo.i18n import col

HALO = [patheffects.withStroke(linewidth=2.4, foreground="white")]
NAME_PT, VALUE_PT, TOWN_PT, CITY_PT = 7.0, 10.0, 6.8, 6.5
GRID = 36  # candidate spots per side of a unit's box
TRIES = 60  # most central spots tried per unit
GAP_PT = 1.5


def label_spots(geom, frame: MapFrame, limit: int = TRIES) -> list[tuple[float, float]]:
    """Spots inside the visible part of ``geom``, most central (far from its edge) first."""
    view = shapely.box(frame.xlim[0], frame.ylim[0], frame.xlim[1], frame.ylim[1])
    visible = shapely.intersection(geom, view)
    if visible.is_empty:
        return []
    part = max(shapely.get_parts(visible), key=lambda p: p.area)
    x0, y0, x1, y1 = part.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(part, xs, ys)
    xs, ys = xs[inside], ys[inside]
    if xs.size == 0:
        pt = part.representative_point()
        return [(pt.x, pt.y)]
    depth = shapely.distance(part.boundary, shapely.points(xs, ys))
    order = np.argsort(-depth, kind="stable")[:limit]
    return [(float(xs[i]), float(ys[i])) for i in order]


def _symbol_boxes(ax, towns: gpd.GeoDataFrame, frame: MapFrame) -> list[Bbox]:
    boxes = []
    for x, y, pop in zip(towns.geometry.x, towns.geometry.y, towns["pop_2023_city"], strict=True):
        cx, cy = ax.transData.transform((x, y))
        r = radius_pt(pop) / 72 * frame.dpi
        boxes.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    return boxes


def _unit_label(ax, x: float, y: float, name: str, value: str):
    """A two-line unit label (name above the anchor, value below); returns its texts."""
    common = {"ha": "center", "path_effects": HALO, "zorder": 8, "parse_math": False}
    top = ax.text(x, y, name, va="bottom", fontproperties=font(NAME_PT), color="#333333", **common)
    bottom = ax.text(
        x, y, value, va="top", fontproperties=font(VALUE_PT, bold=True), color="#111111", **common
    )
    return top, bottom


def draw_labels(
    ax, frame: MapFrame, data: ViewData, units, towns, furniture: list[Bbox]
) -> list[Bbox]:
    """Label every visible unit and town of ``data`` on the map axes ``ax``.

    Returns the display boxes (pixels, origin bottom left) of everything drawn over the
    units: symbols, labels and furniture.
    """
    lang = data.view.lang
    indicator = data.indicator
    renderer = ax.figure.canvas.get_renderer()
    placer = Placer(ax.get_window_extent(renderer), list(furniture), pad=2.5 / 72 * frame.dpi)
    symbols = _symbol_boxes(ax, towns, frame)
    placer.taken += symbols
    cities = []
    for _, row in units.iterrows():
        value = unit_value_text(row, indicator, lang)
        if row["unit_type"] == "city":
            cities.append((row, value))
            continue
        spots = label_spots(row.geometry, frame)
        if not spots:
            continue
        texts = _unit_label(ax, *spots[0], row[col("name", lang)], value)
        best = None
        for x, y in spots:
            for text in texts:
                text.set_position((x, y))
            box = Bbox.union([tx.get_window_extent(renderer) for tx in texts])
            cost = placer.cost(box)
            if best is None or cost < best[0]:
                best = (cost, x, y, box)
            if cost == 0:
                break
        for text in texts:
            text.set_position(best[1:3])
        placer.take(best[3])

    for i, (x, y, pop) in enumerate(
        zip(towns.geometry.x, towns.geometry.y, towns["pop_2023_city"], strict=True)
    ):
        # The bare name of the view's time (Zyryanovsk in 2012): the footer gives its note.
        row = towns.iloc[i]
        name = row.get(f"name_then_{lang}") or row[col("name", lang)]
        _point_label(
            ax, placer, renderer, x, y, name, radius_pt(pop), font(TOWN_PT), own=symbols[i]
        )

    view_box = shapely.box(frame.xlim[0], frame.ylim[0], frame.xlim[1], frame.ylim[1])
    for row, value in cities:
        pt = row.geometry.representative_point()
        if view_box.contains(pt):
            text = f"{row[col('name', lang)]}: {value}"
            _point_label(ax, placer, renderer, pt.x, pt.y, text, 2.0, font(CITY_PT, bold=True))
    for text in list(ax.texts):
        if text.get_path_effects() == HALO:
            _searchable_copy(ax, text)
    return list(placer.taken)


def _searchable_copy(ax, label) -> None:
    """Add ``label``'s words again, as invisible text in its place.

    matplotlib draws a text with path effects (the white halo) as glyph outlines, which a
    PDF reader cannot search or copy ("Теміртау" found nothing). The copy has no path
    effect, so it is written as text; transparent, it leaves the drawing as it was (drawn
    visibly, the rasteriser's hinted glyphs would not fit the halo's outlines in a PNG).
    """
    words = copy.copy(label)  # same place, font, size and anchor (an annotation's too)
    words.set_path_effects([])
    words.set_alpha(0.0)
    ax.add_artist(words)


def _point_label(ax, placer: Placer, renderer, x, y, text, r_pt, fontprops, own=None) -> None:
    """A label beside a point, with a leader line when it had to move away."""
    ann = ax.annotate(
        text,
        xy=(x, y),
        xytext=(r_pt + GAP_PT, 0),
        textcoords="offset points",
        fontproperties=fontprops,
        color="#111111",
        path_effects=HALO,
        zorder=9,
        annotation_clip=False,
        parse_math=False,
    )
    # The town's own symbol does not push its label away.
    ring = place_annotation(ann, placer, renderer, r_pt, GAP_PT, ignore=own)
    if ring > 0:
        _leader(ax, renderer, ann, x, y, r_pt)


def _leader(ax, renderer, ann, x: float, y: float, r_pt: float) -> None:
    """A thin line from the symbol's edge to the nearest point of its label's box."""
    box = ann.get_window_extent(renderer)
    cx, cy = ax.transData.transform((x, y))
    tx_, ty = min(max(cx, box.x0), box.x1), min(max(cy, box.y0), box.y1)
    dx, dy = tx_ - cx, ty - cy
    dist = float(np.hypot(dx, dy))
    r = r_pt / 72 * ax.figure.dpi
    if dist <= r:
        return
    start = (cx + dx / dist * r, cy + dy / dist * r)
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([start, (tx_, ty)])
    ax.add_line(Line2D([x0, x1], [y0, y1], color="#444444", linewidth=0.5, zorder=7))
