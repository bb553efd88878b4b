"""GeoJSON of a view: its unit polygons and town points with the tables' columns, and, given
the atlas, the collection's credits as top-level members (RFC 7946 allows foreign members):
``attribution``, ``licence``, ``sources`` and ``caveats`` in the view's language."""

from __future__ import annotations

import json

import pandas as pd
import shapely

from export.data.metadata import collection_credits
from export.data.tables import COORD_DECIMALS, _plain, town_table, unit_table
from geo.atlas import Atlas, ViewData


def _geometry(geom) -> dict:
    rounded = shapely.set_precision(geom, 10**-COORD_DECIMALS, mode="pointwise")
    return json.loads(shapely.to_geojson(rounded))


def _features(table: pd.DataFrame, geoms, layer: str, key: str) -> list[dict]:
    by_id = dict(zip(geoms[key], geoms.geometry, strict=True))
    return [
        {
            "type": "Feature",
            "id": f"{layer}:{row[key]}",
            "geometry": _geometry(by_id[row[key]]),
            "properties": {"layer": layer, **{k: _plain(v) for k, v in row.items()}},
        }
        for row in table.to_dict("records")
    ]


def view_geojson(data: ViewData, atlas: Atlas | None = None) -> str:
    """GeoJSON (EPSG:4326) of the view: unit polygons first, then town points.

    Each feature's ``layer`` property says which (``"unit"`` or ``"town"``); the properties
    are the columns of :func:`units_csv` and :func:`towns_csv`. With ``atlas`` the
    collection starts with its credits (``export.data.metadata.collection_credits``) and
    every feature carries its own.
    """
    features = _features(unit_table(data, atlas), data.units, "unit", "unit_id")
    features += _features(town_table(data, atlas), data.towns, "town", "town_id")
    head = {} if atlas is None else collection_credits(data, atlas)
    collection = {"type": "FeatureCollection", **head, "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
