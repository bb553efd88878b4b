"""The naive baseline with a list-status filter, as a Streamlit app (benchmark only).

The same naive map as :mod:`bench.naive_app` (full-resolution ``folium.GeoJson``, the whole
map rendered again on every rerun), with one multiselect labelled as the atlas labels its
own, so the benchmark clicks the same widget in both apps. ``MONOQALA_BENCH_FULL_DIR``
names a folder written by :func:`bench.naive.write_full_resolution`.
"""

import os
from pathlib import Path

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from bench.naive import naive_map
from geo.atlas import compute_view, load_atlas
from geo.i18n import t
from geo.view import View

atlas = load_atlas()  # uncached, as a first draft would
values = ["listed", "left", "unconfirmed"]
chosen = st.multiselect(t("f_status", "en"), values, format_func=lambda v: t(f"status_{v}", "en"))
data = compute_view(atlas, View(lang="en").with_filter("status", set(chosen)))
full = gpd.read_file(Path(os.environ["MONOQALA_BENCH_FULL_DIR"]) / "2012.geojson")
st_folium(naive_map(full, data, atlas, offline=True), height=600, use_container_width=True)
