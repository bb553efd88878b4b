"""The map panel and the town table: a click on a unit chooses it, a row picks a town."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.atlas import Atlas, ViewData
from geo.describe import supplied_fields
from geo.i18n import fmt_number, t
from geo.view import to_params
from layers.basemap import base_map
from layers.compose import focus_bounds, layer_group
from layers.fit import FitView
from layers.style import app_frame_style, map_style
from ui import state
from ui.cache import leaflet_links, view_layer_set

# The frame's height before the page's CSS sizes it to the screen (ui.style).
MAP_HEIGHT = 600
MAP_KEY = "atlas_map"
# Close enough to tell a picked town from its neighbours, far enough to see where it is.
TOWN_ZOOM = 7.0


def picked_town(data: ViewData) -> str | None:
    """The town picked in the table, if the view still shows it."""
    town = st.session_state.get(state.PICKED)
    return town if town in set(data.towns["town_id"]) else None


def map_panel(data: ViewData, atlas: Atlas) -> None:
    """The map; a click on a unit chooses it. Panning and zooming do not rerun the page.

    The browser fits the map (it knows the map's width): once per vintage and unit, so a
    filter change keeps what the reader has panned to; a town picked in the table is
    centred, close enough to see it, with its popup open, and the page scrolls to the map.
    """
    view = data.view
    town = picked_town(data)
    m = base_map(tiles=view.tiles, leaflet=leaflet_links())
    m.get_root().header.add_child(map_style())
    m.get_root().header.add_child(app_frame_style())
    key = f"{view.vintage}|{view.unit or ''}"
    if town is not None:
        row = data.towns.loc[data.towns["town_id"] == town].iloc[0]
        fit = FitView(f"{key}|{town}", point=[row["lat"], row["lon"]], zoom=TOWN_ZOOM)
    else:
        fit = FitView(key, bounds=focus_bounds(data))
    out = st_folium(
        m,
        key=f"{MAP_KEY}_{int(view.tiles)}",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=layer_group(view_layer_set(view, town, data.dataset), fit),
        returned_objects=["last_active_drawing"],
    )
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("id")
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked
        if clicked in set(data.units["unit_id"]) and clicked != view.unit:
            state.set_view(replace(view, unit=clicked), from_widget=False)
            st.rerun()


def _on_pick(key: str, rows: pd.DataFrame) -> None:
    selected = st.session_state[key].selection.get("rows", [])
    # The selection is a row position of the table as drawn: turn it into the town's id
    # at once, so a later filter change cannot move it to another town.
    town = rows["town_id"].iloc[selected[0]] if selected and selected[0] < len(rows) else None
    if town is None:
        st.session_state.pop(state.PICKED, None)
    else:
        st.session_state[state.PICKED] = town


def town_table(data: ViewData, rows: pd.DataFrame) -> None:
    """Sortable table of the towns shown; picking a row centres the map on that town."""
    lang = data.view.lang
    st.subheader(t("table_title", lang))
    if rows.empty:
        st.info(t("no_towns", lang))
        return
    headers = {
        "name": t("name", lang),
        "unit": t("unit", lang),
        "pop": t("population_city", lang),
        "sector": t("sector", lang),
        "status": t("status_2025", lang),
        "district_centre": t("district_centre_2012", lang),
        "tier": t("tier_2012", lang),
        "caveats": t("caveats", lang),
    }
    # A planner's values: columns of their own, after the published ones, each headed
    # "… — supplied by the user" (the published tier keeps its column and its header).
    supplied = [f for f in supplied_fields(data.towns, data.dataset, lang) if f.key in rows]
    headers.update({f.key: f.header for f in supplied})
    table = rows.loc[:, list(headers)].rename(columns=headers)
    pop = headers["pop"]
    # Display in the language's number format while sorting on the numbers themselves.
    formats = {pop: lambda v: fmt_number(v, lang) if pd.notna(v) else t("not_published", lang)}
    for field in supplied:
        if field.kind == "number":
            formats[field.header] = partial(field.text, lang=lang)
    styled = table.style.format(formats)
    town = picked_town(data)
    picked = rows.index[rows["town_id"] == town].tolist() if town else []
    # One table per view: a new view starts with the picked town's row selected, never
    # with the row position of another view's table.
    key = "town_table:" + "&".join(f"{k}={v}" for k, v in sorted(to_params(data.view).items()))
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        # A town the planner's file has no value for: "no data" in the reader's language.
        placeholder=t("no_data", lang),
        key=key,
        on_select=partial(_on_pick, key, rows),
        selection_mode="single-row",
        selection_default={"selection": {"rows": picked, "columns": []}},
    )
