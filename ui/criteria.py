"""The criteria panel: the 2012 definition computed per town from the data at hand, with
its thresholds editable, and which towns would stay on or leave the list at them.

Always labelled as computed: the official listing criterion of each town was never
published, and this panel does not pretend to know it.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from geo.criteria import Thresholds, assess
from geo.i18n import col, fmt_number, t
from ui.cache import atlas, programme_table
from userdata.datasets import ViewDataset, with_dataset


def criteria_panel(lang: str, dataset: ViewDataset | None) -> None:
    with st.expander(t("crit_panel", lang), key="criteria_open", on_change="rerun") as box:
        if not box.open:
            return
        st.caption(t("crit_help", lang))
        base = Thresholds.from_programme(programme_table())
        c1, c2 = st.columns(2)
        thresholds = replace(
            base,
            pop_min=c1.number_input(
                t("crit_pop_min", lang), 0, 1_000_000, int(base.pop_min), 1000, key="crit_min"
            ),
            pop_max=c2.number_input(
                t("crit_pop_max", lang), 0, 5_000_000, int(base.pop_max), 1000, key="crit_max"
            ),
        )
        columns = _criterion_columns(lang, dataset, thresholds)
        thresholds = columns.pop("thresholds")
        towns = with_dataset(atlas().towns, dataset)
        result = assess(towns, columns, thresholds)
        _summary(result, lang)
        _table(result, towns, lang)


def _criterion_columns(lang: str, dataset: ViewDataset | None, thresholds: Thresholds) -> dict:
    """The dataset columns that measure each criterion, and their thresholds."""
    numeric = list(dataset.content.numeric_columns) if dataset else []
    if not numeric:
        st.info(t("crit_no_data", lang))
        return {"1": None, "2": None, "3": None, "thresholds": thresholds}
    keys = [None, *(c.key for c in numeric)]
    headers = {c.key: c.header for c in numeric}

    def pick(label: str, key: str):
        return st.selectbox(
            label, keys, key=key, format_func=lambda k: headers.get(k, t("crit_none", lang))
        )

    out = {}
    rows = [
        ("1", "crit_1", "output_share", 100.0),
        ("2", "crit_2", "employment_share", 100.0),
        ("3", "crit_3", "working_max", 100.0),
    ]
    for criterion, text, field, top in rows:
        a, b = st.columns([3, 1])
        with a:
            chosen = pick(t(text, lang), f"crit_col_{criterion}")
        value = b.number_input(
            t(f"{text}_threshold", lang),
            0.0,
            top,
            float(getattr(thresholds, field)),
            1.0,
            key=f"crit_thr_{criterion}",
        )
        thresholds = replace(thresholds, **{field: value})
        out[criterion] = f"ds_{chosen}" if chosen else None
    out["thresholds"] = thresholds
    return out


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


def _table(result: pd.DataFrame, towns: pd.DataFrame, lang: str) -> None:
    names = dict(zip(towns["town_id"], towns[col("name", lang)], strict=True))

    def word(value: str) -> str:
        return t(f"crit_{value}", lang)

    table = pd.DataFrame(
        {
            t("name", lang): [names[i] for i in result["town_id"]],
            t("population_city", lang): [fmt_number(p, lang) for p in result["pop"]],
            t("crit_in_band", lang): [word(v) for v in result["in_band"]],
            t("crit_c1", lang): [word(v) for v in result["c1"]],
            t("crit_c2", lang): [word(v) for v in result["c2"]],
            t("crit_c3", lang): [word(v) for v in result["c3"]],
            t("crit_change", lang): [word(v) for v in result["change"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
