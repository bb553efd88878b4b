"""The programme's history: dated events in order, then the context the seed articles give,
each with its source; a date that is not stated in its source says so."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import io
from geo.i18n import col, t
from ui.expanders import panel
from ui.text import md_escape


@st.cache_data(show_spinner=False)
def timeline_table() -> pd.DataFrame:
    return io.read_timeline()


def _date(row, lang: str) -> str:
    if not row["date"]:
        return ""
    text = row["date"]
    if row["date_precision"] == "day":
        year, month, day = text.split("-")
        text = f"{day}.{month}.{year}"
    # Only a date the source itself states is shown as certain.
    if row["date_certainty"] not in ("", "stated"):
        text += f" ({t('date_uncertain', lang)})"
    return text


def timeline_panel(sources: pd.DataFrame, lang: str) -> None:
    with panel(t("timeline", lang), "timeline_open") as box:
        if not box.open:
            return
        table = timeline_table()
        titles = sources.set_index("key")["title"]
        events = table[table["kind"] == "event"].sort_values("date", kind="stable")
        context = table[table["kind"] != "event"]
        lines = []
        for _, row in pd.concat([events, context]).iterrows():
            when = _date(row, lang)
            cited = "; ".join(titles.get(k, k) for k in row["source"].split(";") if k)
            head = f"**{md_escape(when)}** — " if when else ""
            lines.append(f"- {head}{md_escape(row[col('event', lang)])} _({md_escape(cited)})_")
        st.markdown("\n".join(lines))
