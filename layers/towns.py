"""The towns layer: proportional circles coloured by a chosen attribute, with a fact popup."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.i18n import col, fmt_number, t
from geo.symbols import radius, town_colours
from layers.escape import esc

STYLE = {
    "kind": "circle",
    "css_class": "mq-town",
    "stroke": "#222222",
    "weight": 1.0,
    "opacity": 0.9,
    "name": "towns",
}


def town_name(row, lang: str) -> str:
    return row[col("name", lang)]


def _value(text: str, lang: str) -> str:
    """A fact, or *not published* / *unknown* in the reader's language."""
    if text is None or (not isinstance(text, str) and pd.isna(text)) or str(text).strip() == "":
        return t("unknown", lang)
    if text == "not_published":
        return t("not_published", lang)
    return str(text)


def _source(key: str) -> str:
    return f' <span class="mq-src">[{esc(key)}]</span>' if key else ""


def popup_html(
    row: dict, lang: str, sector_label: dict[str, str], unit_names: dict[str, str]
) -> str:
    """Facts of one town, each with its year and source; unknowns say so."""
    pop_city = fmt_number(row["pop_2023_city"], lang)
    pop_admin = fmt_number(row["pop_2023_admin"], lang)
    if pop_city == t("no_data", lang):
        pop_city = t("not_published", lang)
    status_key = f"status_{row['status_2025']}"
    rows = [
        (
            t("oblast_2012", lang),
            unit_names.get(row["oblast_2012"], row["oblast_2012"]),
            row.get("district_centre_source", ""),
        ),
        (t("population_city", lang), pop_city, row.get("pop_source", "")),
    ]
    if pop_admin != t("no_data", lang):
        rows.append((t("population_admin", lang), pop_admin, row.get("pop_source", "")))
    rows += [
        (
            t("enterprise", lang),
            _value(row.get("enterprise"), lang),
            row.get("enterprise_source", ""),
        ),
        (
            t("sector", lang),
            sector_label.get(row["sector"], row["sector"]),
            row.get("enterprise_source", ""),
        ),
        (t("status_2025", lang), t(status_key, lang), row.get("status_source", "")),
        (t("tier_2012", lang), _value(row["tier_2012"], lang), row.get("tier_source", "")),
        (t("criterion", lang), _value(row["criterion"], lang), ""),
        (
            t("district_centre_2012", lang),
            t(row["district_centre_2012"], lang),
            row.get("district_centre_source", ""),
        ),
    ]
    evidence = row.get("criterion_evidence", "")
    if isinstance(evidence, str) and evidence.strip():
        year = row.get("criterion_evidence_year", "")
        text = f"{evidence} ({year})" if year else evidence
        rows.append((t("criterion_evidence", lang), text, row.get("criterion_evidence_source", "")))
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}{_source(s)}</td></tr>" for k, v, s in rows)
    return f'<div class="mq-popup"><b>{esc(town_name(row, lang))}</b><table>{body}</table></div>'


def town_features(
    towns: gpd.GeoDataFrame,
    colour_by: str,
    sectors: pd.DataFrame,
    lang: str,
    unit_names: dict[str, str],
    focus: str | None = None,
) -> list[dict]:
    """GeoJSON point features with colour, radius, tooltip and popup."""
    colours = town_colours(towns, colour_by, sectors)
    sector_label = dict(zip(sectors["sector"], sectors[col("label", lang)], strict=True))
    # Large towns first, so a small neighbour is drawn on top and stays clickable.
    order = towns["pop_2023_city"].fillna(0).to_numpy().argsort(kind="stable")[::-1]
    features = []
    records = towns.drop(columns="geometry").iloc[order].to_dict("records")
    for r, colour in zip(records, colours.iloc[order], strict=True):
        pop = fmt_number(r["pop_2023_city"], lang)
        tip = f"<b>{esc(town_name(r, lang))}</b>"
        if pop != t("no_data", lang):
            tip += f"<br>{esc(pop)} (2023)"
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(r["lon"], 4), round(r["lat"], 4)],
                },
                "properties": {
                    "id": r["town_id"],
                    "c": colour,
                    "r": radius(r["pop_2023_city"]),
                    "t": tip,
                    "p": popup_html(r, lang, sector_label, unit_names),
                    **({"f": 1} if r["town_id"] == focus else {}),
                },
            }
        )
    return features
