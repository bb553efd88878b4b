"""Compose the layers of a view: units, labels, towns and legend in one group."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd

from geo.atlas import Atlas, ViewData
from geo.describe import (
    class_labels,
    colour_title,
    hidden_line,
    is_filtered,
    size_note,
    town_legend,
)
from geo.i18n import col, t
from geo.symbols import radius
from layers import towns, units
from layers.basemap import KZ_BOUNDS, base_map
from layers.fit import FitView
from layers.labels import LabelLayer, label_features, town_label_features
from layers.legend import Legend, legend_html
from layers.style import map_style
from layers.towns import town_features
from layers.units import unit_features
from layers.vector import VectorLayer, feature_collection, safe_json


@dataclass(frozen=True)
class LayerSet:
    """A view's layers, serialised: immutable, so the app can cache and share it.

    ``labels`` are the units' and towns' labels with ``label_options`` for their placement;
    ``texts`` the map controls' words; ``hidden`` what the filter hides ("" without one).
    """

    units: str
    labels: str
    towns: str
    legend: str
    attribution: str
    label_options: str = "{}"
    texts: str = "{}"
    hidden: str = ""


def map_texts(lang: str) -> dict[str, str]:
    """The words of the map's own controls (see :class:`layers.legend.Legend`)."""
    return {
        "legend": t("legend", lang),
        "scroll": t("scroll_hint", lang),
        "attribution": t("map_attribution", lang),
    }


def layer_set(data: ViewData, atlas: Atlas, town: str | None = None) -> LayerSet:
    """Serialise everything a view draws; ``town`` (picked in the app's table) is outlined,
    labelled and opened."""
    view, lang = data.view, data.view.lang
    indicator = data.indicator
    # Named as in the view's vintage (Zyryanovsk in 2012), as the towns layer names them.
    joined = atlas.joined[view.vintage]
    names = dict(zip(joined["town_id"], joined[col("name", lang)], strict=True))
    units_2012 = atlas.units["2012"]
    unit_names_2012 = dict(zip(units_2012["unit_id"], units_2012[col("name", lang)], strict=True))
    outlines = atlas.outlines[view.vintage]
    legend = legend_html(
        data.classification,
        indicator,
        lang,
        colour_title(data),
        town_legend(data, atlas),
        size_note(lang)
        if data.dataset is None
        else f"{size_note(lang)}. {data.dataset.note(lang)}",
        class_labels(data),
    )
    radii = [radius(p) for p in data.towns["pop_2023_city"]]
    labels = label_features(data.units, indicator, lang, view.unit) + town_label_features(
        data.towns, lang, radii, bool(view.unit), town
    )
    return LayerSet(
        units=feature_collection(
            unit_features(
                data.units, indicator, lang, names, view.unit, outlines, is_filtered(view)
            )
        ),
        labels=feature_collection(labels),
        towns=safe_json(
            town_features(
                data.towns,
                view.colour_by,
                atlas.sectors,
                lang,
                unit_names_2012,
                town,
                atlas.sources,
                atlas.caveats,
                data.dataset,
            )
        ),
        legend=legend,
        attribution=atlas.attribution(lang),
        label_options=safe_json(
            # Zoomed in (more town labels) is measured against the whole country's fit.
            {"allTowns": bool(view.unit), "country": [list(corner) for corner in KZ_BOUNDS]}
        ),
        texts=safe_json(map_texts(lang)),
        hidden=hidden_line(data) or "",
    )


def layer_group(layers: LayerSet, fit: FitView | None = None) -> folium.FeatureGroup:
    """Fresh folium elements for a :class:`LayerSet`, in one group the app can swap.

    ``fit`` fits the map when the group is added (after the legend, whose width it uses).
    """
    group = folium.FeatureGroup(name="monoqala", control=False)
    VectorLayer(layers.units, **units.STYLE).add_to(group)
    VectorLayer(layers.towns, **towns.STYLE).add_to(group)
    # Labels after the circles: their placement reads where the circles are.
    LabelLayer(layers.labels, layers.label_options).add_to(group)
    Legend(layers.legend, layers.attribution, texts=layers.texts, hidden=layers.hidden).add_to(
        group
    )
    if fit is not None:
        fit.add_to(group)
    return group


def view_layers(data: ViewData, atlas: Atlas, town: str | None = None) -> folium.FeatureGroup:
    """Everything a view draws, in one group the app can swap without rebuilding the map."""
    return layer_group(layer_set(data, atlas, town))


def focus_bounds(data: ViewData) -> list[list[float]]:
    """[[south, west], [north, east]] of the chosen unit, or of the whole country."""
    shown: gpd.GeoDataFrame = data.units
    if data.view.unit:
        shown = shown[shown["unit_id"] == data.view.unit]
    west, south, east, north = shown.total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]


def view_map(
    data: ViewData, atlas: Atlas, height: str | int = "100%", layers: LayerSet | None = None
) -> folium.Map:
    """A complete map of one view (for embeds and tests): base map, style, layers, bounds.

    The browser fits the view beside the legend, as in the app (:class:`FitView`).
    ``layers`` saves serialising the view again when the caller already has them.
    """
    m = base_map(tiles=data.view.tiles, height=height)
    m.get_root().header.add_child(map_style())
    layers = layers or layer_set(data, atlas)
    layer_group(layers, FitView("view", bounds=focus_bounds(data))).add_to(m)
    return m
