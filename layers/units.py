"""The units (oblasts and cities) layer: a choropleth of the view's indicator."""

from __future__ import annotations

import geopandas as gpd

from geo.classify import NO_DATA_COLOUR, OUTLINE_COLOUR
from geo.collation import collated
from geo.describe import unit_count_text, value_text
from geo.display import encode_polygons
from geo.i18n import col, is_missing, t
from geo.indicators import Indicator, get_indicator
from layers.escape import esc

# Dark outlines: every unit keeps its edge on every class (white ones vanished on the
# lightest classes and the zero class).
STYLE = {
    "kind": "polygon",
    "css_class": "mq-unit",
    "stroke": OUTLINE_COLOUR,
    "weight": 0.9,
    "opacity": 0.92,
    "name": "units",
}


def unit_name(row, lang: str) -> str:
    return row[col("name", lang)]


def _count(row, lang: str, filtered: bool) -> str:
    return unit_count_text(int(row["n_towns"]), int(row["n_towns_all"]), lang, filtered)


def _tooltip(row, indicator: Indicator, lang: str, filtered: bool = False) -> str:
    """The unit's name and value; under a filter, its monotowns matching it and in all."""
    head = f"<b>{esc(unit_name(row, lang))}</b><br>{esc(indicator.label(lang))}: "
    if filtered and indicator.kind == "count":
        return head + esc(_count(row, lang, filtered))
    value = row[indicator.column]
    shown = value_text(value, indicator, lang)
    # A count needs no noun after its label ("Number of monotowns: 3"), where one fixed
    # form would be wrong for most numbers in Russian ("3 городов").
    unit = "" if is_missing(value) or indicator.kind == "count" else indicator.unit(lang)
    text = f"{head}{esc(shown)} {esc(unit)}".strip()
    if filtered:
        towns = get_indicator("n_towns").label(lang)
        text += f"<br>{esc(towns)}: {esc(_count(row, lang, filtered))}"
    return text


def _popup(
    row, indicator: Indicator, lang: str, town_names: dict[str, str], filtered: bool = False
) -> str:
    """The unit's monotowns by name; under a filter, how many match it and how many the
    unit has in all (its zero is then never "no monotowns")."""
    names = [town_names.get(i, i) for i in row["town_ids"].split(";") if i]
    head = f"<b>{esc(unit_name(row, lang))}</b><br>{esc(t('towns', lang))}"
    listed = ", ".join(esc(n) for n in collated(names, lang))
    if filtered:
        return f"{head}: {esc(_count(row, lang, filtered))}" + (f"<br>{listed}" if names else "")
    return f"{head} ({row['n_towns']}): {listed or esc(t('zero_class', lang))}"


def unit_features(
    units: gpd.GeoDataFrame,
    indicator: Indicator,
    lang: str,
    town_names: dict[str, str],
    focus: str | None = None,
    outlines: dict[str, list[list[str]]] | None = None,
    filtered: bool = False,
) -> list[dict]:
    """Features of the units (encoded outlines) with their fill colour, tooltip and popup.

    ``outlines`` are the encoded geometries by unit id (:func:`geo.display.encoded_geometries`),
    computed once per vintage; without them each outline is encoded here. ``filtered``: a
    filter is on (a unit without towns has none *matching it*).
    """
    features = []
    # Rows as dicts keyed by the real column names: itertuples would rename a planner's
    # indicator column ("data:share" is no identifier) and its value could not be found.
    rows = units.drop(columns=units.geometry.name).to_dict("records")
    for r, geom in zip(rows, units.geometry, strict=True):
        uid = r["unit_id"]
        features.append(
            {
                "type": "Feature",
                "g": outlines[uid] if outlines is not None else encode_polygons(geom),
                "properties": {
                    "id": r["unit_id"],
                    "c": r["fill"],
                    "t": _tooltip(r, indicator, lang, filtered),
                    "p": _popup(r, indicator, lang, town_names, filtered),
                    **({"f": 1} if r["unit_id"] == focus else {}),
                    **({"n": 1} if r["fill"] == NO_DATA_COLOUR else {}),
                },
            }
        )
    return features
