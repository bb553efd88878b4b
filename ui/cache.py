"""What the page keeps between reruns and shares between sessions (at the edge only).

The atlas is read once per server process; views, their layers and tables are immutable
and small, cached per view and shared by every session, so going back to a filter
combination costs nothing. ``geo`` and ``layers`` know nothing of these caches.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import io
from geo.atlas import Atlas, ViewData, compute_view, load_atlas
from geo.describe import town_rows
from geo.filters import options
from geo.view import FILTER_PARAMS, View, to_params
from layers.assets import publish_leaflet, served_links
from layers.compose import LayerSet, layer_set
from userdata.datasets import ViewDataset, with_dataset

# Entries per cache: every view a reader can make is far more than this (vintages ×
# indicators × languages × filter combinations), so the caches are bounded and the
# least recently used views are dropped; the benchmark measures the memory this takes.
MAX_VIEWS = 256


@st.cache_resource(show_spinner=False)
def atlas() -> Atlas:
    """All data, read and joined once per server process (read-only afterwards)."""
    if st.get_option("server.enableStaticServing"):
        publish_leaflet()
    return load_atlas()


def leaflet_links() -> tuple[str, str] | None:
    """Leaflet as the server serves it; inlined (None) when static serving is off."""
    if not st.get_option("server.enableStaticServing"):
        return None
    return served_links(st.get_option("server.baseUrlPath"))


# Streamlit hashes cache arguments by walking them (~0.6 ms for a View, on every call);
# the view's URL parameters identify it as well, in a fifth of the time. A dataset is
# identified by its id, checksum and name (a rename changes what the legend says).
VIEW_HASH = {
    View: lambda v: tuple(sorted(to_params(v).items())),
    ViewDataset: lambda d: (d.dataset_id, d.sha256, d.name),
}


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS, hash_funcs=VIEW_HASH)
def view_data(view: View, dataset: ViewDataset | None = None) -> ViewData:
    return compute_view(atlas(), view, dataset)


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS, hash_funcs=VIEW_HASH)
def view_layer_set(view: View, town: str | None, dataset: ViewDataset | None = None) -> LayerSet:
    return layer_set(view_data(view, dataset), atlas(), town)


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=VIEW_HASH)
def filter_options(vintage: str, dataset: ViewDataset | None = None) -> dict[str, list[str]]:
    """The values some town has, per filter, in a vintage (the same for every view of it)."""
    towns = with_dataset(atlas().joined[vintage], dataset)
    return {key: options(towns, key, present_only=True) for key in FILTER_PARAMS}


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS, hash_funcs=VIEW_HASH)
def view_table(view: View, dataset: ViewDataset | None = None) -> pd.DataFrame:
    """The town rows of a view (read-only: the page shows them, never edits them)."""
    return town_rows(view_data(view, dataset), atlas())


@st.cache_data(show_spinner=False)
def programme_table() -> pd.DataFrame:
    return io.read_programme()


# Altair validates a chart against the Vega-Lite schema each time it is drawn (~20 ms a
# chart): keep the finished specs, one set per language.
@st.cache_data(show_spinner=False)
def chart_specs(lang: str) -> list[dict]:
    from layers.charts import anchor_chart, funding_chart, population_chart  # altair: ~0.3 s

    programme = programme_table()
    return [f(programme, lang).to_dict() for f in (population_chart, anchor_chart, funding_chart)]
