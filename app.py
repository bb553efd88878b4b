"""monoqala: the map atlas of Kazakhstan's single-industry towns (Streamlit page).

Widgets, URL state and wiring only; data work is in ``geo``, map drawing in ``layers``.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from export import describe
from geo import io
from geo.atlas import Atlas, ViewData, compute_view, load_atlas
from geo.filters import UNKNOWN, options
from geo.i18n import LANGUAGES, fmt_number, focus_text, label, notice_text, t
from geo.indicators import INDICATORS
from geo.view import COLOUR_BY, FILTER_PARAMS, View, from_params, to_params
from geo.vintages import VINTAGES
from layers.assets import publish_leaflet, served_links
from layers.basemap import base_map
from layers.compose import LayerSet, focus_bounds, layer_group, layer_set, value_label
from layers.fit import FitView
from layers.style import map_style

MAP_HEIGHT = 600
MAP_KEY = "atlas_map"
TABLE_KEY = "town_table"
TOWN_ZOOM = 8.0
# Download buttons: (format, layout, label key). Files are made on click, not on every rerun.
DOWNLOADS = (
    ("png", "16:9", "dl_png"),
    ("pdf", "A4", "dl_pdf"),
    ("html", None, "dl_html"),
    ("csv", None, "dl_towns"),
    ("units-csv", None, "dl_units"),
    ("geojson", None, "dl_geojson"),
    ("json", None, "dl_meta"),
)


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
# the view's URL parameters identify it as well, in a fifth of the time.
VIEW_HASH = {View: lambda v: tuple(sorted(to_params(v).items()))}


# Views and their serialised layers are immutable and small: cache them per view, shared
# by every session, so going back to a filter combination costs nothing.
@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=VIEW_HASH)
def view_data(view: View) -> ViewData:
    return compute_view(atlas(), view)


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=VIEW_HASH)
def view_layer_set(view: View, town: str | None) -> LayerSet:
    return layer_set(view_data(view), atlas(), town)


@st.cache_resource(show_spinner=False)
def filter_options(vintage: str) -> dict[str, list[str]]:
    """The values each filter offers in a vintage (the same for every view of it)."""
    return {key: options(atlas().joined[vintage], key) for key in FILTER_PARAMS}


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=VIEW_HASH)
def view_table(view: View) -> pd.DataFrame:
    """The town table of a view (read-only: the page shows it, never edits it)."""
    return town_rows(view_data(view), atlas())


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


def init_state(a: Atlas) -> None:
    """On a session's first run, put the URL's view into the widgets, and keep its notices."""
    if "view_initialised" in st.session_state:
        return
    parsed = from_params(
        {k: st.query_params.get_all(k) for k in st.query_params},
        a.unit_ids(),
        set(a.sectors["sector"]),
    )
    v = parsed.view
    st.session_state.update(
        view_initialised=True,
        notices=parsed.notices,
        lang=v.lang,
        vintage=v.vintage,
        indicator=v.indicator,
        unit=v.unit or "",
        colour_by=v.colour_by,
        tiles=v.tiles,
        last_click=None,
    )
    for key, values in v.filters:
        st.session_state[f"f_{key}"] = sorted(values)


def sidebar(a: Atlas) -> View:
    """The sidebar's widgets; returns the view they describe."""
    sb = st.sidebar
    if "pending_unit" in st.session_state:  # a unit clicked on the map
        st.session_state["unit"] = st.session_state.pop("pending_unit")
    lang = sb.radio(
        "Тіл / Язык / Language",
        list(LANGUAGES),
        format_func=lambda k: LANGUAGES[k].name,
        key="lang",
        horizontal=True,
    )
    vintage = sb.selectbox(
        t("vintage", lang),
        list(VINTAGES),
        key="vintage",
        format_func=lambda k: label(VINTAGES[k].label, lang),
    )
    units = a.units[vintage].sort_values(f"name_{lang}")
    unit_names = dict(zip(units["unit_id"], units[f"name_{lang}"], strict=True))
    if st.session_state.get("unit") not in ("", *unit_names):
        st.session_state["unit"] = ""  # not a unit of this vintage
    unit = sb.selectbox(
        t("focus_unit", lang),
        ["", *unit_names],
        key="unit",
        format_func=lambda k: unit_names.get(k, t("all_units", lang)),
    )
    indicator = sb.selectbox(
        t("indicator", lang),
        list(INDICATORS),
        key="indicator",
        format_func=lambda k: label(INDICATORS[k].label, lang),
    )
    colour_by = sb.selectbox(
        t("colour_by", lang),
        list(COLOUR_BY),
        key="colour_by",
        format_func=lambda k: t(
            {"sector": "sector", "status": "f_status", "tier": "f_tier"}[k], lang
        ),
    )
    view = View(
        vintage=vintage, indicator=indicator, lang=lang, unit=unit or None, colour_by=colour_by
    )
    with sb.expander(t("filters", lang), expanded=True):
        st.caption(t("filter_help", lang))
        offered = filter_options(vintage)
        for key in FILTER_PARAMS:
            values = offered[key]
            chosen = st.multiselect(
                t(f"f_{key}", lang),
                values,
                key=f"f_{key}",
                placeholder=t("filter_help", lang),
                format_func=lambda v, key=key: describe.filter_value_label(key, v, lang, a),
            )
            if chosen:
                view = view.with_filter(key, chosen)
    tiles = sb.toggle(t("tiles", lang), key="tiles", help=t("tiles_help", lang))
    return replace(view, tiles=tiles)


def md_escape(text: str) -> str:
    """Show text from a URL literally: no link, emphasis or HTML in a notice."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$:" else c for c in text)


def metrics(data: ViewData) -> None:
    lang = data.view.lang
    pop = data.towns["pop_2023_city"]
    c1, c2 = st.columns(2)
    c1.metric(t("metric_towns", lang), fmt_number(len(data.towns), lang))
    missing = int(pop.isna().sum())
    c2.metric(
        t("metric_pop", lang),
        fmt_number(int(pop.sum()) if len(pop) else 0, lang),
        help=t("metric_pop_partial", lang).format(n=missing) if missing else None,
    )


def map_panel(data: ViewData, a: Atlas, town: str | None = None) -> None:
    """The map; a click on a unit chooses it. Panning and zooming do not rerun the page.

    The browser fits the map (it knows the map's width): once per vintage and unit, so a
    filter change keeps what the reader has panned to; a town picked in the table is
    centred, close enough to see it.
    """
    view = data.view
    m = base_map(tiles=view.tiles, leaflet=leaflet_links())
    m.get_root().header.add_child(map_style())
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
        feature_group_to_add=layer_group(view_layer_set(view, town), fit),
        returned_objects=["last_active_drawing"],
    )
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("id")
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked
        if clicked in set(data.units["unit_id"]) and clicked != view.unit:
            st.session_state["pending_unit"] = clicked
            st.rerun()


def town_rows(data: ViewData, a: Atlas) -> pd.DataFrame:
    """The table of the towns shown, largest first, indexed by town id."""
    lang = data.view.lang
    units = a.units[data.view.vintage].set_index("unit_id")[f"name_{lang}"]
    towns = data.towns
    table = pd.DataFrame(
        {
            t("name", lang): towns[f"name_{lang}"],
            t("unit", lang): towns["unit_id"].map(units),
            t("population_city", lang): towns["pop_2023_city"],
            t("sector", lang): [value_label("sector", s, lang, a) for s in towns["sector"]],
            t("status_2025", lang): [t(f"status_{s}", lang) for s in towns["status_2025"]],
            t("district_centre_2012", lang): [t(v, lang) for v in towns["district_centre_2012"]],
            t("tier_2012", lang): [
                describe.filter_value_label("tier", v if v != "not_published" else UNKNOWN, lang, a)
                for v in towns["tier_2012"]
            ],
        }
    )
    table.index = towns["town_id"]
    return table.sort_values(t("population_city", lang), ascending=False, na_position="last")


def selected_town(table: pd.DataFrame) -> str | None:
    """The town picked in the table on the previous interaction, if it is still shown."""
    rows = getattr(st.session_state.get(TABLE_KEY), "selection", {}).get("rows", [])
    return table.index[rows[0]] if rows and rows[0] < len(table) else None


def towns_table(data: ViewData, table: pd.DataFrame) -> None:
    """Sortable table of the towns shown; picking a row centres the map on that town."""
    lang = data.view.lang
    st.subheader(t("table_title", lang))
    if table.empty:
        st.info(t("no_towns", lang))
        return
    pop = t("population_city", lang)
    # Display in the language's number format while sorting on the numbers themselves.
    styled = table.style.format(
        {pop: lambda v: fmt_number(v, lang) if pd.notna(v) else t("not_published", lang)}
    )
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        key=TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
    )


def programme_panel(programme: pd.DataFrame, sources: pd.DataFrame, lang: str) -> None:
    """The seeds' programme figures as charts, each with its source; drawn only when open."""
    with st.expander(t("programme", lang), key="programme_open", on_change="rerun") as box:
        if not box.open:
            return
        population, anchors, funding = chart_specs(lang)
        c1, c2 = st.columns(2)
        c1.vega_lite_chart(population, width="stretch")
        c2.vega_lite_chart(anchors, width="stretch")
        st.vega_lite_chart(funding, width="stretch")
        st.caption(t("tier_split", lang))
        keys = sorted({k for cell in programme["source"] for k in cell.split(";") if k})
        titles = sources.set_index("key")["title"]
        cited = "; ".join(f"{k}: {titles.get(k, k)}" for k in keys)
        st.caption(md_escape(f"{t('programme_sources', lang)} — {cited}"))


def app_url() -> str | None:
    """The address the reader opened the app at, for the link printed on exports."""
    url = st.context.url
    return url if url and url.startswith(("http://", "https://")) else None


def export_file_name(view: View, key: str, layout: str | None) -> str:
    from export.batch import Job, file_name
    from export.formats import get_format

    return "monoqala_" + file_name(Job(0, view, get_format(key), layout, None))


def export_panel(data: ViewData, a: Atlas) -> None:
    """Download buttons for the view's briefing image, page, embed and data, and the iframe."""
    view, lang = data.view, data.view.lang
    with st.expander(t("export", lang), key="export_open", on_change="rerun") as box:
        if not box.open:
            return
        # Imported on first use: a page that never exports starts without them.
        from export.embed import iframe_snippet
        from export.formats import Options, get_format

        st.caption(t("export_help", lang))
        options = Options(app_url=app_url(), generated=date.today())
        columns = st.columns(4)
        for i, (key, layout, text) in enumerate(DOWNLOADS):
            fmt = get_format(key)
            columns[i % 4].download_button(
                t(text, lang),
                # A callable: the file is made when the button is pressed, off the rerun.
                data=partial(fmt.render, a, view, replace(options, layout=layout)),
                file_name=export_file_name(view, key, layout),
                mime=fmt.media_type,
                on_click="ignore",
                key=f"dl_{key}",
                width="stretch",
            )
        st.caption(t("embed_snippet", lang))
        snippet = iframe_snippet(export_file_name(view, "html", None), describe.title(data))
        st.code(snippet, language="html", wrap_lines=True)


def sources_panel(a: Atlas, lang: str) -> None:
    with st.expander(t("sources", lang), key="sources_open", on_change="rerun") as box:
        if not box.open:
            return
        columns = {
            "key": "src_key",
            "title": "src_title",
            "publisher": "src_publisher",
            "year": "src_year",
            "url_or_ref": "src_ref",
            "kind": "src_kind",
        }
        table = a.sources.rename(columns={k: t(v, lang) for k, v in columns.items()})
        st.dataframe(table, hide_index=True, width="stretch")


def main() -> None:
    st.set_page_config(page_title="monoqala", page_icon="🏭", layout="wide")
    a = atlas()
    init_state(a)
    view = sidebar(a)
    lang = view.lang
    st.query_params.from_dict(to_params(view))
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    if st.session_state.get("notices"):
        texts = [notice_text(n, lang) for n in st.session_state["notices"]]
        st.warning(t("notice", lang) + ": " + md_escape("; ".join(texts)))
    data = view_data(view)
    st.markdown(
        f'<p id="mq-reconcile">{html.escape(describe.reconciliation(data))}</p>',
        unsafe_allow_html=True,
    )
    none = data.units.loc[data.units["n_towns"] == 0, f"name_{lang}"].sort_values()
    if len(none):
        st.caption(md_escape(f"{t('none_units', lang)}: {', '.join(none)}"))
    metrics(data)
    table = view_table(view)
    map_panel(data, a, selected_town(table))
    focus = data.focus
    if focus is not None:
        st.subheader(focus_text(focus[f"name_{lang}"], len(data.towns), lang))
    towns_table(data, table)
    export_panel(data, a)
    programme_panel(programme_table(), a.sources, lang)
    sources_panel(a, lang)
    st.caption(t("attribution", lang))


if __name__ == "__main__":
    main()
