"""Labels of the map: units with their value, cities of republican significance, and towns.

Each label carries its text, its candidate spots and its priority; the browser places them
(``placement.js`` beside this module) where it knows their sizes and the zoom, with the
briefings' rules (:mod:`export.page.placement`):

- Labels are placed in order of priority, lowest first, each at its first free spot:
  inside the map, clear of the labels placed before it and of the map's controls (zoom
  buttons, legend, scale, attribution), and clear of every town circle but its own.
- A unit label stays inside its own unit: it tries its spots (the deepest points inside
  the unit, best first), first with its name, then with its value alone. A town or city
  label tries the eight spots around its point.
- A label with no free spot is hidden: on a small map the labels thin out by priority;
  they never pile up, and never sit on a neighbour where a reader would take them for its.
- The largest towns (:data:`LABEL_POP`) are named ahead of the units, which have several
  spots and a short form to fall back on; the other towns once the map is zoomed in (or in
  a unit's view). When only a few towns are shown (:data:`FEW_TOWNS`), every one is named.
"""

from __future__ import annotations

import re
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
import shapely.affinity
from jinja2 import Template

from geo.describe import unit_value_text
from geo.i18n import col
from geo.indicators import Indicator
from layers.escape import esc
from layers.vector import DataMacro, feature_collection, safe_json

# Cities of republican significance are small on a country map: their label sits beside
# them, name and value on one line ("Astana 0"), never the value alone.
SHORT_LABEL_TYPES = {"city"}
# Towns this large are labelled on the country map; the others once the reader zooms in.
LABEL_POP = 70_000
# A view showing this many towns or fewer names each of them (a filter that leaves a few is
# a question about those few), before the units' labels take the room.
FEW_TOWNS = 8
SPOTS = 10  # candidate spots per unit: circles and neighbours take some
GRID = 28  # grid points per side of a unit's box, searched for spots
MAX_NAME = 40  # characters of a name a label shows (a popup has the whole of it)


def short_name(name) -> str:
    """A name as a label shows it: without a closing remark in brackets ("Astana
    (Nur-Sultan until September 2022)": the tooltip has it), at most :data:`MAX_NAME` long."""
    text = " ".join(str(name).split())
    bare = re.sub(r"\s*\([^()]*\)$", "", text)
    text = bare or text
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


@lru_cache(maxsize=256)
def _spots(wkb: bytes, n: int = SPOTS) -> tuple[tuple[float, float], ...]:
    """Up to ``n`` spots inside a polygon, deepest first and spread apart (lon, lat)."""
    geom = shapely.from_wkb(wkb)
    part = max(shapely.get_parts(geom), key=lambda p: p.area)
    x0, y0, x1, y1 = part.bounds
    # Degrees of longitude shrink northwards: measure depth as on the map.
    k = float(np.cos(np.radians((y0 + y1) / 2)))
    xs, ys = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(part, xs, ys)
    if not inside.any():
        pt = part.representative_point()
        return ((round(pt.x, 3), round(pt.y, 3)),)
    xs, ys = xs[inside], ys[inside]
    scaled = shapely.affinity.scale(part.boundary, xfact=k, yfact=1, origin=(0, 0))
    depth = shapely.distance(scaled, shapely.points(xs * k, ys))
    order = np.argsort(-depth, kind="stable")
    apart = 0.15 * max((x1 - x0) * k, y1 - y0)
    chosen: list[int] = []
    for i in order:
        if depth[i] < 0.3 * depth[order[0]] or len(chosen) == n:
            break
        if all(np.hypot((xs[i] - xs[j]) * k, ys[i] - ys[j]) >= apart for j in chosen):
            chosen.append(int(i))
    return tuple((round(float(xs[i]), 3), round(float(ys[i]), 3)) for i in chosen)


def unit_spots(geom) -> list[list[float]]:
    """Candidate label spots of a unit, best first ([lon, lat] each)."""
    return [list(p) for p in _spots(shapely.to_wkb(geom))]


def label_features(
    units: gpd.GeoDataFrame, indicator: Indicator, lang: str, focus: str | None = None
) -> list[dict]:
    """One label per unit: name and value (a unit), or name and value on one line (a city).

    Priority: the unit in focus, then the cities, then units by area (large ones first).
    """
    # Area in degrees is enough to rank units by size (and asks no projection).
    areas = shapely.area(np.asarray(units.geometry))
    order = (-areas).argsort(kind="stable").argsort()
    features = []
    for (_, row), rank in zip(units.iterrows(), order, strict=True):
        value = esc(unit_value_text(row, indicator, lang))
        name = esc(short_name(row[col("name", lang)]))
        city = row["unit_type"] in SHORT_LABEL_TYPES
        spots = (
            [[round(p.x, 3), round(p.y, 3)] for p in [row.geometry.representative_point()]]
            if city
            else unit_spots(row.geometry)
        )
        html = f'<span class="mq-name">{name}</span> <span class="mq-count">{value}</span>'
        # Cities first: small, with few spots around them, where a unit has many.
        priority = 0 if row["unit_id"] == focus else (50 if city else 100) + int(rank)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": spots[0]},
                "properties": {
                    "id": row["unit_id"],
                    "k": "city" if city else "unit",
                    "t": html,
                    "a": spots,
                    "o": priority,
                },
            }
        )
    return features


def town_label_features(
    towns: gpd.GeoDataFrame, lang: str, radii: list[float], focus_unit: bool, picked=None
) -> list[dict]:
    """One label per town shown, largest town first; ``radii`` are the circles' radii.

    In a unit's view the towns come right after the unit's own label and all are wanted;
    on the country map only the largest are, the rest once the reader zooms in, unless
    few towns are shown: then all are wanted, ahead of the units.
    """
    pop = towns["pop_2023_city"].fillna(0).to_numpy()
    order = pop.argsort(kind="stable")[::-1]
    few = len(towns) <= FEW_TOWNS
    features = []
    for rank, i in enumerate(order):
        row = towns.iloc[i]
        wanted = pop[i] >= LABEL_POP or focus_unit or few
        # The towns named on the country map come before the units' labels, which have
        # several spots and a short form to fall back on; a town's label has only its own
        # few spots around the circle.
        base = 10 if focus_unit else 20 if wanted else 200
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row["lon"], 4), round(row["lat"], 4)],
                },
                "properties": {
                    "id": row["town_id"],
                    "k": "town",
                    "t": esc(short_name(row[col("name", lang)])),
                    "r": radii[i],
                    "o": 1 if row["town_id"] == picked else base + rank,
                    **({"w": 1} if wanted else {}),
                    **({"f": 1} if row["town_id"] == picked else {}),
                },
            }
        )
    return features


class LabelLayer(DataMacro):
    """The labels of a view, placed by the browser (``MqLabels`` of ``placement.js``).

    ``options``: ``allTowns`` (label every town: a unit's view) and ``country``, the bounds
    of the whole country, against which "zoomed in" is measured.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = new MqLabels({{ this.data }}, {{ this.options }})
  .addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, features: list[dict] | str, options: dict | str | None = None) -> None:
        super().__init__()
        self._name = "labels"
        self.data = features if isinstance(features, str) else feature_collection(features)
        self.options = options if isinstance(options, str) else safe_json(options or {})
