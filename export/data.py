"""Data downloads of a view: the towns and units it shows (CSV, GeoJSON) and its metadata.

Exactly what the map shows: the towns drawn (with their unit) and every unit drawn with
its indicator value and class. Rows are ordered by id, so a view always gives the same
file; numbers are written as numbers (the CSV is for spreadsheets, not for reading), and
the file starts with a byte-order mark so spreadsheet programs read Kazakh and Russian as
UTF-8.
"""

from __future__ import annotations

import json
import math
from datetime import date

import numpy as np
import pandas as pd
import shapely

from export import describe
from export.links import view_link
from geo import io
from geo.atlas import Atlas, ViewData
from geo.i18n import class_label, label
from geo.indicators import get_indicator
from geo.vintages import get_vintage

TOWN_COLUMNS = (
    "town_id",
    "name_kk",
    "name_ru",
    "name_en",
    "unit_id",
    "unit_name",
    "lat",
    "lon",
    "pop_2023_city",
    "pop_2023_admin",
    "sector",
    "enterprise",
    "status_2025",
    "tier_2012",
    "criterion",
    "district_centre_2012",
    "oblast_2012",
    "pop_source",
    "enterprise_source",
    "status_source",
)
UNIT_COLUMNS = (
    "unit_id",
    "name_kk",
    "name_ru",
    "name_en",
    "unit_type",
    "n_towns",
    "town_ids",
    "pop_towns_2023",
    "pop_total_2023",
    "pop_share_2023",
    "towns_per_million",
)
# Columns of towns.csv holding source keys (";"-separated).
SOURCE_COLUMNS = (
    "coord_source",
    "pop_source",
    "enterprise_source",
    "district_centre_source",
    "status_source",
    "tier_source",
    "criterion_evidence_source",
)
LICENCES = (
    {
        "data": "boundaries",
        "licence": "ODbL 1.0",
        "attribution": "© OpenStreetMap contributors",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    },
    {
        "data": "town coordinates",
        "licence": "CC BY 4.0",
        "attribution": "GeoNames",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    {
        "data": "population",
        "licence": "public official statistics",
        "attribution": "Bureau of National Statistics of the Republic of Kazakhstan",
        "url": None,
    },
)
DATA_DATES = {
    "population": "2023-01-01",
    "town_list": "2012",
    "list_status": "2023–2025 sources",
}
COORD_DECIMALS = 5  # about a metre


def _plain(value):
    """A JSON-safe Python value: missing becomes None, numpy scalars become Python ones."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def town_table(data: ViewData) -> pd.DataFrame:
    """The towns shown, with their unit's name in the view's language, ordered by id."""
    names = dict(zip(data.units["unit_id"], data.units[f"name_{data.view.lang}"], strict=True))
    towns = pd.DataFrame(data.towns.drop(columns="geometry"))
    towns["unit_name"] = towns["unit_id"].map(names)
    return towns.loc[:, list(TOWN_COLUMNS)].sort_values("town_id").reset_index(drop=True)


def unit_table(data: ViewData) -> pd.DataFrame:
    """Every unit drawn, with the view's indicator value and class label, ordered by id."""
    indicator = get_indicator(data.view.indicator)
    classes = data.classification.classes
    units = pd.DataFrame(data.units.drop(columns="geometry")).loc[:, list(UNIT_COLUMNS)]
    units.insert(5, "indicator", indicator.key)
    units.insert(6, "value", data.units[indicator.column].to_numpy())
    units.insert(7, "class_index", data.units["class_index"].to_numpy())
    units.insert(
        8,
        "class_label",
        [class_label(classes[i], indicator, data.view.lang) for i in data.units["class_index"]],
    )
    units.insert(9, "fill", data.units["fill"].to_numpy())
    return units.sort_values("unit_id").reset_index(drop=True)


# A text cell starting with one of these is run as a formula by spreadsheet programs
# (a link that sends the sheet away, say): such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(frame: pd.DataFrame) -> str:
    text = frame.copy()
    for column in text.columns:
        if not pd.api.types.is_numeric_dtype(text[column]):
            text[column] = text[column].map(_inert)
    return text.to_csv(index=False, lineterminator="\n")


def towns_csv(data: ViewData) -> str:
    """CSV of the towns the view shows (one row per town, with its unit)."""
    return _csv(town_table(data))


def units_csv(data: ViewData) -> str:
    """CSV of the units the view draws, with the indicator value and class label."""
    return _csv(unit_table(data))


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


def view_geojson(data: ViewData) -> str:
    """GeoJSON (EPSG:4326) of the view: unit polygons first, then town points.

    Each feature's ``layer`` property says which (``"unit"`` or ``"town"``); the properties
    are the columns of :func:`units_csv` and :func:`towns_csv`.
    """
    features = _features(unit_table(data), data.units, "unit", "unit_id")
    features += _features(town_table(data), data.towns, "town", "town_id")
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def source_keys(data: ViewData) -> list[str]:
    """Source keys behind the view: the indicator's and every fact of the towns shown."""
    cells = [get_indicator(data.view.indicator).source]
    for column in SOURCE_COLUMNS:
        if column in data.towns.columns:
            cells += [str(c) for c in data.towns[column] if isinstance(c, str)]
    keys = {k.strip() for cell in cells for k in cell.split(";")}
    return sorted(k for k in keys if k)


def metadata(
    data: ViewData, atlas: Atlas, generated: date | str | None = None, app_url: str | None = None
) -> dict:
    """What the view is, where its data come from, under which licences, and when."""
    view, lang = data.view, data.view.lang
    indicator = get_indicator(view.indicator)
    vintage = get_vintage(view.vintage)
    files = {f["vintage"]: f for f in io.read_manifest()["files"]}
    boundary = files.get(view.vintage, {})
    sources = atlas.sources.set_index("key")
    focus = data.focus
    generated = generated or date.today()
    return {
        "title": describe.title(data),
        "summary": describe.alt_text(data, atlas),
        "link": view_link(view, app_url),
        "view": {
            "vintage": view.vintage,
            "indicator": view.indicator,
            "language": lang,
            "unit": view.unit,
            "colour_by": view.colour_by,
            "filters": {k: sorted(v) for k, v in view.filters},
            "filters_text": describe.filter_texts(view, atlas),
            "tiles": view.tiles,
        },
        "focus_unit": None
        if focus is None
        else {"unit_id": view.unit, "name": str(focus[f"name_{lang}"])},
        "counts": {
            "towns_shown": len(data.towns),
            "towns_passing_filters": int(data.units["n_towns"].sum()),
            "towns_total": data.total_towns,
            "units": len(data.units),
            "units_with_towns": int((data.units["n_towns"] > 0).sum()),
            "units_without_towns": int((data.units["n_towns"] == 0).sum()),
        },
        "indicator": {
            "key": indicator.key,
            "label": label(indicator.label, lang),
            "unit": label(indicator.unit, lang),
            "how": label(indicator.how, lang),
            "classes": [
                {
                    "kind": c.kind,
                    "label": class_label(c, indicator, lang),
                    "colour": c.colour,
                    "lower": _plain(c.lower),
                    "upper": _plain(c.upper),
                }
                for c in data.classification.classes
            ],
        },
        "boundaries": {
            "vintage": vintage.key,
            "label": label(vintage.label, lang),
            "file": boundary.get("file"),
            "sha256": boundary.get("sha256"),
            "valid_from": boundary.get("valid_from"),
            "valid_until": boundary.get("valid_until"),
            "retrieved": boundary.get("retrieved"),
            "attribution": boundary.get("attribution"),
        },
        "sources": [
            {
                "key": key,
                "title": _plain(sources["title"].get(key)) or None,
                "publisher": _plain(sources["publisher"].get(key)) or None,
                "year": _plain(sources["year"].get(key)) or None,
                "reference": _plain(sources["url_or_ref"].get(key)) or None,
            }
            for key in source_keys(data)
        ],
        "licences": list(LICENCES),
        "data_dates": {**DATA_DATES, "boundaries_retrieved": boundary.get("retrieved")},
        "generated": generated if isinstance(generated, str) else generated.isoformat(),
    }


def metadata_json(
    data: ViewData, atlas: Atlas, generated: date | str | None = None, app_url: str | None = None
) -> str:
    """:func:`metadata` as indented UTF-8 JSON (``generated`` defaults to today)."""
    return (
        json.dumps(metadata(data, atlas, generated, app_url), ensure_ascii=False, indent=2) + "\n"
    )
