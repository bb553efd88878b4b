"""Charts of the programme figures (from the seeds), labelled in the reader's language."""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.i18n import fmt_number, get_language, t


def _series(programme: pd.DataFrame, series: str) -> pd.DataFrame:
    rows = programme[programme["series"] == series].copy()
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    return rows


def _axis(title: str | None, lang: str) -> alt.Axis:
    """An axis whose numbers follow the language: Vega's default is English grouping."""
    lg = get_language(lang)
    expr = (
        f"replace(replace(replace(format(datum.value, ',~f'), ',', 'T'), '.', "
        f"'{lg.decimal}'), 'T', '{lg.thousands}')"
    )
    return alt.Axis(title=title, labelExpr=expr)


def _shown(values: pd.Series, lang: str, decimals: int) -> list[str]:
    return [fmt_number(v, lang, decimals) for v in values]


def population_chart(programme: pd.DataFrame, lang: str) -> alt.Chart:
    """Population of all monotowns 2014–2020, thousand people."""
    rows = _series(programme, "monotown_population")
    flags = rows["flag"] if "flag" in rows.columns else pd.Series("", index=rows.index)
    data = pd.DataFrame(
        {
            "year": rows["year"].astype(str),
            "value": rows["value"],
            "shown": _shown(rows["value"], lang, 1),
            "source": rows["source"],
            # Figures flagged in the data (the 2016 spike, 2017 = 2018) say so where shown.
            "note": [t("as_printed", lang) if f else "" for f in flags],
            "doubt": [bool(f) for f in flags],
        }
    )
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=t("year", lang)),
        # From zero: a change of a few percent must not look like a collapse.
        y=alt.Y("value:Q", axis=_axis(None, lang), scale=alt.Scale(zero=True)),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("shown:N", title=t("chart_population", lang)),
            alt.Tooltip("note:N", title=t("note", lang)),
            alt.Tooltip("source:N", title=t("source", lang)),
        ],
    )
    points = base.mark_point(size=70, filled=True).encode(
        shape=alt.Shape(
            "doubt:N",
            scale=alt.Scale(domain=[False, True], range=["circle", "triangle-up"]),
            legend=None,  # the panel's caption says what a triangle means
        )
    )
    return alt.layer(base.mark_line(), points).properties(title=t("chart_population", lang))


def anchor_chart(programme: pd.DataFrame, lang: str) -> alt.Chart:
    """Anchor projects realised 2013 – June 2019, by status."""
    rows = _series(programme, "anchor_projects_status")
    data = pd.DataFrame(
        {
            "status": [t(f"anchor_{k}", lang) for k in rows["key"]],
            "value": rows["value"],
            "source": rows["source"],
        }
    )
    return (
        alt.Chart(data, title=t("chart_anchor", lang))
        .mark_bar()
        .encode(
            y=alt.Y("status:N", title=None, sort="-x", axis=alt.Axis(labelFontSize=12)),
            x=alt.X("value:Q", axis=_axis(t("count", lang), lang)),
            tooltip=[
                "status:N",
                alt.Tooltip("value:Q", title=t("count", lang)),
                alt.Tooltip("source:N", title=t("source", lang)),
            ],
        )
    )


FUNDING_KEYS = (
    ("amount_total", "2020", "funding_2020_all"),
    ("amount_monotowns", "2020", "funding_2020_mono"),
    ("amount_planned_monotowns", "2021", "funding_2021_mono"),
)


def funding_chart(programme: pd.DataFrame, lang: str) -> alt.Chart:
    """Funding of projects 2020 (all and in monotowns) and 2021 (planned), bn tenge."""
    rows = _series(programme, "funding").set_index(["key", "year"])
    data = pd.DataFrame(
        [
            {
                "what": t(text, lang),
                "value": rows.loc[(key, year), "value"],
                "shown": fmt_number(rows.loc[(key, year), "value"], lang, 1),
                "source": rows.loc[(key, year), "source"],
            }
            for key, year, text in FUNDING_KEYS
            if (key, year) in rows.index
        ]
    )
    return (
        alt.Chart(data, title=t("chart_funding", lang))
        .mark_bar()
        .encode(
            y=alt.Y("what:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("value:Q", axis=_axis(t("chart_funding", lang), lang)),
            tooltip=[
                "what:N",
                alt.Tooltip("shown:N", title=t("chart_funding", lang)),
                alt.Tooltip("source:N", title=t("source", lang)),
            ],
        )
    )
