"""Unit labels: the name and the number of monotowns, readable on the map."""

from __future__ import annotations

import geopandas as gpd

from geo.i18n import col, fmt_number
from geo.indicators import Indicator
from layers.escape import esc

# Cities of republican significance are small on a country map: their label is the
# value alone, so it does not cover the neighbouring oblast's label.
SHORT_LABEL_TYPES = {"city"}


STYLE = {"kind": "label", "css_class": "mq-label", "name": "labels"}


def label_features(units: gpd.GeoDataFrame, indicator: Indicator, lang: str) -> list[dict]:
    """One point per unit (inside it) with the name and the indicator's value."""
    points = units.geometry.representative_point()
    features = []
    for (_, row), pt in zip(units.iterrows(), points, strict=True):
        value = esc(fmt_number(row[indicator.column], lang, indicator.decimals))
        name = row[col("name", lang)]
        if row["unit_type"] in SHORT_LABEL_TYPES:
            html = f'<span class="mq-count">{value}</span>'
        else:
            html = f'<span class="mq-name">{esc(name)}</span><span class="mq-count">{value}</span>'
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(pt.x, 3), round(pt.y, 3)]},
                "properties": {"id": row["unit_id"], "t": html},
            }
        )
    return features
