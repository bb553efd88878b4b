"""The towns layer: proportional circles coloured by a chosen attribute, with a fact popup."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from geo.describe import Cited, SuppliedField, citation, citations, supplied_fields
from geo.i18n import col, fmt_number, is_missing, t
from geo.symbols import HALO, radius, town_colours
from layers.escape import esc

# A white ring inside a dark outline, which the map's CSS draws (layers/map.css).
STYLE = {
    "kind": "circle",
    "css_class": "mq-town",
    "stroke": HALO,
    "weight": 1.5,
    "opacity": 0.92,
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


def source_item(key: str, cited: Cited) -> str:
    """One source as a popup lists it: title and year, linked where it has a web address."""
    text, url = citation(key, cited)
    if url:
        body = f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'
    else:
        body = esc(text)
    return f"<li>{body}</li>"


class SourceList:
    """The sources a layer's popups cite, each written once: a popup names its own by their
    place in this list, and the map puts the items in when it opens (a source cited by
    twenty towns is not sent twenty times)."""

    def __init__(self, cited: Cited) -> None:
        self.cited = cited
        self.keys: list[str] = []

    def index(self, key: str) -> int:
        if key not in self.keys:
            self.keys.append(key)
        return self.keys.index(key)

    def items(self) -> list[str]:
        return [source_item(k, self.cited) for k in self.keys]


class Citations:
    """The sources one popup cites: each key numbered once, in the order the facts cite
    them, listed under the facts (inline, or by place in a :class:`SourceList`)."""

    def __init__(self, cited: Cited, shared: SourceList | None = None) -> None:
        self.cited = cited
        self.shared = shared
        self.keys: list[str] = []

    def mark(self, keys: str) -> str:
        """Superscript numbers for ``keys`` (``"INF25;NEWSLINE25"``), as HTML."""
        numbers = []
        for key in (k.strip() for k in ("" if is_missing(keys) else str(keys)).split(";")):
            if not key:
                continue
            if key not in self.keys:
                self.keys.append(key)
            numbers.append(str(self.keys.index(key) + 1))
        return f'<sup class="mq-ref">{",".join(numbers)}</sup>' if numbers else ""

    def html(self, lang: str) -> str:
        if not self.keys:
            return ""
        if self.shared is None:
            items = "".join(source_item(k, self.cited) for k in self.keys)
            listing = f"<ol>{items}</ol>"
        else:
            places = " ".join(str(self.shared.index(k)) for k in self.keys)
            listing = f'<ol class="mq-cite" data-cite="{places}"></ol>'
        return f'<div class="mq-src"><b>{esc(t("sources", lang))}</b>{listing}</div>'


def caveat_index(caveats: pd.DataFrame | None) -> dict[str, dict]:
    """The caveats table by code (made once per map, not looked up per town)."""
    if caveats is None or caveats.empty:
        return {}
    return {str(r["code"]): r for r in caveats.to_dict("records")}


def caveat_html(row: dict, lang: str, caveats: dict[str, dict], cite: Citations) -> str:
    """The caveats the data carry for this town, in the reader's language, with sources."""
    codes = [c.strip() for c in str(row.get("caveats") or "").split(";") if c.strip()]
    if not codes or not caveats:
        return ""
    items = "".join(
        f"<li>{esc(caveats[code][col('text', lang)])}{cite.mark(caveats[code]['source'])}</li>"
        for code in codes
        if code in caveats
    )
    # Folded: the facts come first, and a long caveat does not make every popup tall.
    title = f"{t('caveats', lang)} ({len(codes)})"
    return f'<details class="mq-caveats"><summary>{esc(title)}</summary><ul>{items}</ul></details>'


def popup_html(
    row: dict,
    lang: str,
    sector_label: dict[str, str],
    unit_names: dict[str, str],
    cited: Cited | None = None,
    shared: SourceList | None = None,
    caveats: dict[str, dict] | None = None,
    supplied: Sequence[SuppliedField] = (),
) -> str:
    """Facts of one town, each with its year and its sources' numbers; the sources follow,
    by title and year, linked where they have an address (from ``shared``, when given, as
    the map opens the popup). Unknowns say so; the caveats the data carry and a planner's
    values (``supplied``, marked as supplied by the user) follow the published facts."""
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
    rows += [(field.header, field.text(row.get(field.column), lang), "") for field in supplied]
    cite = Citations(cited or {}, shared)
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}{cite.mark(s)}</td></tr>" for k, v, s in rows)
    notes = caveat_html(row, lang, caveats or {}, cite)
    return (
        f'<div class="mq-popup"><b>{esc(town_name(row, lang))}</b><table>{body}</table>'
        f"{notes}{cite.html(lang)}</div>"
    )


def town_features(
    towns: gpd.GeoDataFrame,
    colour_by: str,
    sectors: pd.DataFrame,
    lang: str,
    unit_names: dict[str, str],
    focus: str | None = None,
    sources: pd.DataFrame | None = None,
    caveats: pd.DataFrame | None = None,
    dataset=None,
) -> dict:
    """A feature collection of the towns: points with colour, radius, tooltip and popup, and
    ``cites``, the sources the popups cite (see :class:`SourceList`)."""
    colours = town_colours(towns, colour_by, sectors)
    sector_label = dict(zip(sectors["sector"], sectors[col("label", lang)], strict=True))
    # Large towns first, so a small neighbour is drawn on top and stays clickable.
    order = towns["pop_2023_city"].fillna(0).to_numpy().argsort(kind="stable")[::-1]
    features = []
    cited = citations(sources) if sources is not None else {}
    shared, notes = SourceList(cited), caveat_index(caveats)
    fields = supplied_fields(towns, dataset, lang)
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
                    "p": popup_html(
                        r, lang, sector_label, unit_names, cited, shared, notes, fields
                    ),
                    **({"f": 1} if r["town_id"] == focus else {}),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "cites": shared.items()}
