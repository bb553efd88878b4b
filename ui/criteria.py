"""The criteria panel: the 2012 definition computed per town from the data at hand, with
its thresholds editable, and which towns would stay on or leave the list at them.

Always labelled as computed: the official listing criterion of each town was never
published, and this panel does not pretend to know it. Its settings live in the view, so
the page's link reproduces a what-if (see :data:`geo.view.WHAT_IF_PARAMS`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.criteria import Thresholds, assess, criterion_columns
from geo.i18n import col, fmt_number, t
from geo.view import WHAT_IF_PARAMS, number_text
from ui import state
from ui.cache import atlas, programme_table
from userdata.datasets import ViewDataset, with_dataset

# Outcomes as the table lists them: who leaves first, then who stays, then the rest.
OUTCOME_ORDER = {"leaves": 0, "stays": 1, "unknown": 2}
# Each threshold's input: its label, and the step of its arrows.
NUMBER_INPUTS = {
    "pop_min": ("crit_pop_min", 1000.0),
    "pop_max": ("crit_pop_max", 1000.0),
    "c1_min": ("crit_1_threshold", 1.0),
    "c2_min": ("crit_2_threshold", 1.0),
    "c3_max": ("crit_3_threshold", 1.0),
}


def _on_setting(name: str, key: str, default: str | None) -> None:
    """Put a changed setting into the view (and so the link); its default leaves it out."""
    value = st.session_state[key]
    if value is not None and WHAT_IF_PARAMS[name].field is not None:
        value = number_text(value)
    chosen = None if value in (None, default) else value
    state.set_view(state.current().with_what_if(name, chosen), from_widget=True)


def _number(where, name: str, base: Thresholds, settings: dict[str, str], lang: str) -> float:
    p = WHAT_IF_PARAMS[name]
    label, step = NUMBER_INPUTS[name]
    default = float(getattr(base, p.field))
    key = state.widget_key(f"crit_{name}", lang)
    return where.number_input(
        t(label, lang),
        float(p.low),
        float(p.high),
        float(settings.get(name, default)),
        step,
        format="%.0f" if step >= 1000 else "%g",
        key=key,
        on_change=_on_setting,
        args=(name, key, number_text(default)),
    )


def real_columns(dataset: ViewDataset | None, towns: pd.DataFrame) -> dict[str, str]:
    """The dataset's numeric columns that can measure a criterion, key -> header: those
    with a header and a value for at least one town of the atlas."""
    if dataset is None:
        return {}
    return {
        c.key: c.header
        for c in dataset.numeric_columns
        if str(c.header).strip()
        and f"ds_{c.key}" in towns.columns
        and towns[f"ds_{c.key}"].notna().any()
    }


def criteria_panel(lang: str, dataset: ViewDataset | None) -> None:
    settings = state.current().what_if_values()
    # A link carrying a what-if opens the panel that shows it.
    with st.expander(
        t("crit_panel", lang), expanded=bool(settings), key="criteria_open", on_change="rerun"
    ) as box:
        if not box.open:
            return
        st.caption(t("crit_help", lang))
        base = Thresholds.from_programme(programme_table())
        c1, c2 = st.columns(2)
        _number(c1, "pop_min", base, settings, lang)
        _number(c2, "pop_max", base, settings, lang)
        towns = with_dataset(atlas().towns, dataset)
        columns = real_columns(dataset, towns)
        if columns:
            _criterion_inputs(columns, base, settings, lang)
        else:
            st.info(t("crit_no_data", lang))
        thresholds = base.with_settings(settings)
        measures = criterion_columns(settings)
        # A column the panel does not offer (no value for any town) measures nothing.
        measures = {k: c if c and c[3:] in columns else None for k, c in measures.items()}
        result = assess(towns, measures, thresholds)
        _summary(result, lang)
        _table(result, towns, thresholds, lang)


def _criterion_inputs(
    columns: dict[str, str], base: Thresholds, settings: dict[str, str], lang: str
) -> None:
    """Per criterion: the dataset column that measures it, and its threshold."""
    for criterion, limit in (("1", "c1_min"), ("2", "c2_min"), ("3", "c3_max")):
        name = f"c{criterion}_col"
        keys = [None, *columns]
        current = settings.get(name)
        a, b = st.columns([3, 1])
        key = state.widget_key(f"crit_col_{criterion}", lang)
        a.selectbox(
            t(f"crit_{criterion}", lang),
            keys,
            index=keys.index(current) if current in keys else 0,
            format_func=lambda k: columns.get(k, t("crit_none", lang)),
            key=key,
            on_change=_on_setting,
            args=(name, key, None),
        )
        _number(b, limit, base, settings, lang)


def _summary(result: pd.DataFrame, lang: str) -> None:
    counts = result["change"].value_counts()
    st.markdown(
        t(
            "crit_summary",
            lang,
            stays=fmt_number(counts.get("stays", 0), lang),
            leaves=fmt_number(counts.get("leaves", 0), lang),
            unknown=fmt_number(counts.get("unknown", 0), lang),
        )
    )


def deciding_text(row: dict, thresholds: Thresholds, lang: str) -> str:
    """What decided a town's outcome, with its value and the threshold it was held to."""
    by, value = row["decided_by"], row["deciding_value"]
    if by == "band":
        if pd.isna(value):
            return f"{t('crit_in_band', lang)}: {t('crit_unknown', lang)}"
        band = f"{fmt_number(thresholds.pop_min, lang)}–{fmt_number(thresholds.pop_max, lang)}"
        return t("crit_by_band", lang, pop=fmt_number(value, lang), band=band)
    if by in ("1", "2", "3"):
        limit = {
            "1": thresholds.output_share,
            "2": thresholds.employment_share,
            "3": thresholds.working_max,
        }[by]
        sign = "≤" if by == "3" else ">"
        return (
            f"{t(f'crit_c{by}', lang)}: {fmt_number(value, lang, 1)} % "
            f"{sign} {fmt_number(limit, lang, 1)} %"
        )
    if by == "criteria":
        return t("crit_by_none", lang)
    return t("crit_by_unknown", lang)


def _table(result: pd.DataFrame, towns: pd.DataFrame, thresholds: Thresholds, lang: str) -> None:
    """The towns by outcome (leaving first), then by what decided it and its value."""
    names = dict(zip(towns["town_id"], towns[col("name", lang)], strict=True))
    ordered = result.assign(
        _outcome=result["change"].map(OUTCOME_ORDER),
        _name=result["town_id"].map(names),
    ).sort_values(["_outcome", "decided_by", "deciding_value", "_name"], na_position="last")

    def word(value: str) -> str:
        return t(f"crit_{value}", lang)

    rows = ordered.to_dict("records")
    table = pd.DataFrame(
        {
            t("name", lang): [r["_name"] for r in rows],
            t("crit_change", lang): [word(r["change"]) for r in rows],
            t("crit_decided_by", lang): [deciding_text(r, thresholds, lang) for r in rows],
            t("population_city", lang): [fmt_number(r["pop"], lang) for r in rows],
            t("crit_in_band", lang): [word(r["in_band"]) for r in rows],
            t("crit_c1", lang): [word(r["c1"]) for r in rows],
            t("crit_c2", lang): [word(r["c2"]) for r in rows],
            t("crit_c3", lang): [word(r["c3"]) for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
