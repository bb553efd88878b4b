"""Metadata of a view: what it is, where its data come from, under which licences, when."""

from __future__ import annotations

import json
from datetime import date

from export.data.credits import (
    TOWN_SOURCE_COLUMNS,
    caveat_words,
    source_entries,
    unit_caveat_codes,
)
from export.data.tables import _plain
from export.links import view_link
from geo import describe
from geo.atlas import Atlas, ViewData
from geo.describe import class_label
from geo.i18n import col, t
from geo.vintages import get_vintage

SOURCE_COLUMNS = TOWN_SOURCE_COLUMNS
# The boundaries' licence is whatever their manifest establishes (see licences()).
LICENCES = (
    {
        "data": "town coordinates",
        "licence": "CC BY 4.0",
        "attribution": "GeoNames",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    {
        "data": "population",
        "licence": "public official statistics",
        "attribution": "Bureau of National Statistics of the Republic of Kazakhstan",
        "url": None,
    },
)
DATA_DATES = {
    "population": "2023-01-01",
    "town_list": "2012",
    "list_status": "2023–2025 sources",
}


def source_keys(data: ViewData) -> list[str]:
    """Source keys behind the view: the indicator's and every fact of the towns shown."""
    cells = [data.indicator.source]
    for column in SOURCE_COLUMNS:
        if column in data.towns.columns:
            cells += [str(c) for c in data.towns[column] if isinstance(c, str)]
    keys = {k.strip() for cell in cells for k in cell.split(";")}
    return sorted(k for k in keys if k)


def licences(manifest: dict, lang: str) -> list[dict]:
    """Licences of the data a view shows; the boundaries' as far as it is established."""
    boundaries = {
        "data": "boundaries",
        "licence": manifest.get("licence"),
        "attribution": (manifest.get("attribution") or {}).get(lang),
        "url": None,
    }
    return [boundaries, *LICENCES]


def collection_credits(data: ViewData, atlas: Atlas) -> dict:
    """The collection's credits: attribution, licences, sources and the caveats of the values
    shown, each code with its words in the view's language and the features it applies to."""
    lang = data.view.lang
    towns: dict[str, list[str]] = {}
    for town, cell in zip(data.towns["town_id"], data.towns.get("caveats", []), strict=False):
        for code in (c for c in str(cell).split(";") if c):
            towns.setdefault(code, []).append(f"town:{town}")
    units = {
        c: [f"unit:{u}" for u in sorted(data.units["unit_id"])]
        for c in unit_caveat_codes(data.view.vintage)
    }
    caveats = [
        {"code": code, "text": caveat_words([code], atlas, lang), "features": sorted(ids)}
        for code, ids in {**units, **towns}.items()
    ]
    keys = source_keys(data)
    for key in ("PKZM", "BNS23"):
        keys += [] if key in keys else [key]
    return {
        "attribution": atlas.attribution(lang),
        "licence": licences(atlas.manifest, lang),
        "sources": source_entries(sorted(keys), atlas.sources),
        "caveats": caveats,
    }


def _bound(value, precision: int | None):
    """A class bound as the downloads round the indicator (``None``: as computed)."""
    value = _plain(value)
    return round(value, precision) if isinstance(value, float) and precision is not None else value


def metadata(
    data: ViewData,
    atlas: Atlas,
    generated: date | str | None = None,
    app_url: str | None = None,
    link_data: bool = False,
) -> dict:
    """What the view is, where its data come from, under which licences, and when.

    A planner's dataset is named by its provenance; its id, which opens it, only
    ``link_data`` (the planner's choice), as on the other files' links.
    """
    view, lang = data.view, data.view.lang
    indicator = data.indicator
    vintage = get_vintage(view.vintage)
    files = {f["vintage"]: f for f in atlas.manifest["files"]}
    boundary = files.get(view.vintage, {})
    sources = atlas.sources.set_index("key")
    focus = data.focus
    generated = generated or date.today()
    return {
        "title": describe.title(data),
        "summary": describe.alt_text(data, atlas),
        "link": view_link(view, app_url, link_data),
        "view": {
            "vintage": view.vintage,
            "indicator": view.indicator,
            "language": lang,
            "unit": view.unit,
            "colour_by": view.colour_by,
            "filters": {k: sorted(v) for k, v in view.filters},
            "filters_text": describe.filter_texts(
                view, atlas, describe.supplied_attributes(data.towns)
            ),
            "tiles": view.tiles,
            "data": view.data if link_data else None,
        },
        # Values a user supplied are named as such, with where they came from.
        "user_data": None
        if data.dataset is None
        else {**data.dataset.provenance(), **({} if link_data else {"dataset_id": None})},
        "focus_unit": None
        if focus is None
        else {"unit_id": view.unit, "name": str(focus[col("name", lang)])},
        "counts": {
            "towns_shown": len(data.towns),
            "towns_passing_filters": int(data.units["n_towns"].sum()),
            "towns_total": data.total_towns,
            "units": len(data.units),
            "units_with_towns": int((data.units["n_towns"] > 0).sum()),
            "units_without_towns": int((data.units["n_towns"] == 0).sum()),
        },
        "indicator": {
            "key": indicator.key,
            "label": indicator.label(lang),
            "unit": indicator.unit(lang),
            "how": indicator.how(lang),
            "classes": [
                {
                    "kind": c.kind,
                    "label": class_label(c, indicator, lang),
                    "colour": c.colour,
                    "lower": _bound(c.lower, indicator.precision),
                    "upper": _bound(c.upper, indicator.precision),
                }
                for c in data.classification.classes
            ],
        },
        "boundaries": {
            "vintage": vintage.key,
            "label": t(f"vintage_{vintage.key}", lang),
            "file": boundary.get("file"),
            "sha256": boundary.get("sha256"),
            "valid_from": boundary.get("valid_from"),
            "valid_until": boundary.get("valid_until"),
            "retrieved": boundary.get("retrieved"),
            "attribution": (boundary.get("attribution") or {}).get(lang),
        },
        "sources": [
            {
                "key": key,
                "title": _plain(sources["title"].get(key)) or None,
                "publisher": _plain(sources["publisher"].get(key)) or None,
                "year": _plain(sources["year"].get(key)) or None,
                "reference": _plain(sources["url_or_ref"].get(key)) or None,
            }
            for key in source_keys(data)
        ],
        "licences": licences(atlas.manifest, lang),
        "attribution": atlas.attribution(lang),
        "caveats": collection_credits(data, atlas)["caveats"],
        "data_dates": {**DATA_DATES, "boundaries_retrieved": boundary.get("retrieved")},
        "generated": generated if isinstance(generated, str) else generated.isoformat(),
    }


def metadata_json(
    data: ViewData,
    atlas: Atlas,
    generated: date | str | None = None,
    app_url: str | None = None,
    link_data: bool = False,
) -> str:
    """:func:`metadata` as indented UTF-8 JSON (``generated`` defaults to today)."""
    meta = metadata(data, atlas, generated, app_url, link_data)
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
