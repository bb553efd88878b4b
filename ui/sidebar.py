"""The sidebar: language, boundaries, unit, indicator, town colours, filters, basemap.

Every widget's value is a language-free key (a vintage, a unit id, an indicator key);
its label comes from ``format_func``. Widgets start from the view and change it through
their callbacks (see :mod:`ui.state`).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo.atlas import Atlas
from geo.attributes import ATTRIBUTES, COLOUR_BY, UNKNOWN
from geo.collation import collated
from geo.describe import value_label
from geo.i18n import LANGUAGES, col, picker_label, t
from geo.indicators import INDICATORS
from geo.view import FILTER_PARAMS, View
from geo.vintages import VINTAGES
from ui import state
from ui.cache import filter_options
from userdata.datasets import ViewDataset


def _on_change(name: str, key: str, atlas: Atlas) -> None:
    """Apply one widget's new value to the view."""
    value = st.session_state[key]
    view = state.current()
    if name == "vintage":
        valid = set(atlas.units[value]["unit_id"])
        state.update(vintage=value, unit=view.unit if view.unit in valid else None)
    elif name == "unit":
        state.update(unit=value or None)
    else:
        state.update(**{name: value})


def _on_filter(attribute: str, key: str) -> None:
    state.set_view(state.current().with_filter(attribute, st.session_state[key]), from_widget=True)


def _select(sb, name: str, label: str, options: list, current, fmt, atlas: Atlas, lang: str):
    key = state.widget_key(name, lang)
    return sb.selectbox(
        label,
        options,
        index=options.index(current) if current in options else 0,
        key=key,
        format_func=fmt,
        on_change=_on_change,
        args=(name, key, atlas),
    )


def sidebar(atlas: Atlas, dataset: ViewDataset | None = None) -> View:
    """Draw the sidebar for the session's view; returns that view.

    A planner's ``dataset`` adds its numeric columns to the indicators, and its tiers and
    criteria to the filters' values.
    """
    sb = st.sidebar
    view = state.current()
    lang = view.lang
    # One key for every language (the label names all of them): switching keeps the widget.
    lang_key = state.widget_key("lang", "")
    sb.radio(
        picker_label(),
        list(LANGUAGES),
        index=list(LANGUAGES).index(lang),
        format_func=lambda k: LANGUAGES[k].name,
        key=lang_key,
        horizontal=True,
        on_change=_on_change,
        args=("lang", lang_key, atlas),
    )
    _select(
        sb,
        "vintage",
        t("vintage", lang),
        list(VINTAGES),
        view.vintage,
        lambda k: t(f"vintage_{k}", lang),
        atlas,
        lang,
    )
    units = atlas.units[view.vintage]
    # Sorted in Python: selecting and sorting the GeoDataFrame copies every geometry.
    names = dict(
        collated(zip(units["unit_id"], units[col("name", lang)], strict=True), lang, lambda u: u[1])
    )
    _select(
        sb,
        "unit",
        t("focus_unit", lang),
        ["", *names],
        view.unit or "",
        lambda k: names.get(k, t("all_units", lang)),
        atlas,
        lang,
    )
    _select(
        sb,
        "indicator",
        t("indicator", lang),
        list(indicators := {**INDICATORS, **(dataset.indicators() if dataset else {})}),
        view.indicator,
        lambda k: indicators[k].label(lang),
        atlas,
        lang,
    )
    _select(
        sb,
        "colour_by",
        t("colour_by", lang),
        list(COLOUR_BY),
        view.colour_by,
        lambda k: t(ATTRIBUTES[k].title, lang),
        atlas,
        lang,
    )
    _filters(sb, atlas, view, dataset)
    tiles_key = state.widget_key("tiles", lang)
    sb.toggle(
        t("tiles", lang),
        value=view.tiles,
        key=tiles_key,
        help=t("tiles_help", lang),
        on_change=_on_change,
        args=("tiles", tiles_key, atlas),
    )
    return state.current()


def _filters(sb, atlas: Atlas, view: View, dataset: ViewDataset | None) -> None:
    """One multiselect per attribute; values no town has are explained, not offered."""
    lang = view.lang
    chosen = view.selection()
    offered = filter_options(view.vintage, dataset)
    with sb.expander(t("filters", lang), expanded=True):
        st.caption(t("filter_help", lang))
        for attribute in FILTER_PARAMS:
            selected = sorted(chosen.get(attribute) or ())
            present = offered[attribute]
            if not ATTRIBUTES[attribute].values:  # names from the data: alphabetical
                named = [v for v in present if v != UNKNOWN]
                label = partial(value_label, attribute, lang=lang, atlas=atlas)
                present = collated(named, lang, label) + [v for v in present if v == UNKNOWN]
            values = present + [v for v in selected if v not in present]
            key = state.widget_key(f"f_{attribute}", lang)
            st.multiselect(
                t(ATTRIBUTES[attribute].filter_label, lang),
                values,
                default=selected,
                key=key,
                placeholder=t("filter_all", lang),
                format_func=lambda v, a=attribute: value_label(a, v, lang, atlas),
                on_change=_on_filter,
                args=(attribute, key),
            )
            absent = [v for v in ATTRIBUTES[attribute].values if v not in values]
            if absent:
                words = ", ".join(value_label(attribute, v, lang, atlas) for v in absent)
                # Values that exist but were never published for any town say so.
                unpublished = present == [UNKNOWN] and (
                    ATTRIBUTES[attribute].unknown_text == "not_published"
                )
                key = "filter_unpublished" if unpublished else "filter_absent"
                st.caption(t(key, lang, values=words))
