"""What every data download carries beside its values: sources, licence, attribution, caveats
in words, and figures rounded to the precision their sources support.

A download leaves the atlas alone: a journalist pastes a CSV into a chart tool, a GIS analyst
opens the GeoJSON. So credits travel inside each file (per-row columns in the CSVs, top-level
members in the GeoJSON and JSON) rather than in a sidecar that gets left behind.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.atlas import Atlas, ViewData
from geo.describe import caveat_texts
from geo.i18n import col, t
from geo.indicators import INDICATORS
from geo.vintages import get_vintage

# Columns of towns.csv holding source keys (";"-separated).
TOWN_SOURCE_COLUMNS = (
    "coord_source",
    "pop_source",
    "enterprise_source",
    "district_centre_source",
    "status_source",
    "tier_source",
    "criterion_evidence_source",
)
# Every unit's figures rest on its boundaries and the 2023 bulletin.
UNIT_SOURCES = ("PKZM", "BNS23")
# Decimals each exported column's sources support; a registry indicator's own precision is
# added by the tables (geo.indicators). Counts and populations are whole numbers.
PRECISION = {
    "lat": 5,
    "lon": 5,
    "area_km2": 1,
    "n_towns": 0,
    "pop_towns_2023": 0,
    "pop_total_2023": 0,
    "pop_2023_city": 0,
    "pop_2023_admin": 0,
    "class_index": 0,
}


def keys(cells: Iterable) -> list[str]:
    """Source keys of ``;``-separated cells, in first-seen order, without repeats."""
    out: list[str] = []
    for cell in cells:
        if not isinstance(cell, str):
            continue
        for key in (k.strip() for k in cell.split(";")):
            if key and key not in out:
                out.append(key)
    return out


def source_entries(source_keys: Iterable[str], sources: pd.DataFrame) -> list[dict]:
    """Each key as a record: title, publisher, year, address or document reference."""
    table = sources.set_index("key")
    out = []
    for key in source_keys:
        row = table.loc[key] if key in table.index else {}
        out.append(
            {
                "key": key,
                "title": _text(row, "title"),
                "publisher": _text(row, "publisher"),
                "year": _text(row, "year"),
                "reference": _text(row, "url") or _text(row, "url_or_ref"),
            }
        )
    return out


def _text(row, column: str) -> str | None:
    value = row.get(column) if hasattr(row, "get") else None
    return str(value).strip() or None if isinstance(value, str) else None


def sources_text(source_keys: Iterable[str], sources: pd.DataFrame) -> str:
    """The sources as one cell: ``KEY: title (publisher, year) <address>`` joined by ``|``."""
    parts = []
    for entry in source_entries(source_keys, sources):
        said = ", ".join(x for x in (entry["publisher"], entry["year"]) if x)
        text = f"{entry['key']}: {entry['title'] or entry['key']}"
        text += f" ({said})" if said else ""
        text += f" <{entry['reference']}>" if entry["reference"] else ""
        parts.append(text)
    return " | ".join(parts)


def unit_caveat_codes(vintage: str) -> list[str]:
    """Caveats every unit of a vintage carries (:attr:`geo.vintages.Vintage.unit_caveats`)."""
    return list(get_vintage(vintage).unit_caveats)


def caveat_words(codes: Iterable[str], atlas: Atlas, lang: str, part: str = "text") -> str:
    """The caveats' texts (or short forms, ``part="short"``) in ``lang``, joined."""
    table = atlas.caveats.set_index("code") if not atlas.caveats.empty else None
    column = col(part, lang)
    if table is None or column not in table.columns:
        return ""
    return " ".join(str(table.loc[c, column]) for c in codes if c in table.index)


def town_credit_columns(towns: pd.DataFrame, atlas: Atlas, lang: str) -> pd.DataFrame:
    """Per town: caveats in words, its sources, the licence and the attribution."""
    columns = [c for c in TOWN_SOURCE_COLUMNS if c in towns.columns]
    cited = [
        sources_text(keys(row), atlas.sources)
        for row in towns[columns].itertuples(index=False, name=None)
    ]
    return pd.DataFrame(
        {
            "caveats_text": caveat_texts(towns, atlas, lang),
            "sources": cited,
            "licence": t("licence_towns", lang),
            "attribution": atlas.attribution(lang),
        },
        index=towns.index,
    )


def unit_source_keys(data: ViewData) -> list[str]:
    """What a unit's figures rest on: its boundaries, the bulletin, every indicator shown."""
    cells = [*UNIT_SOURCES, *(i.source.replace(" ", "") for i in INDICATORS.values())]
    cells.append(data.indicator.source.replace(" ", ""))
    return keys(cells)


def unit_credit_columns(data: ViewData, units: pd.DataFrame, atlas: Atlas) -> pd.DataFrame:
    """Per unit: caveats in words, its sources (with the source of a name of its time), the
    licence and the attribution."""
    lang = data.view.lang
    words = caveat_words(unit_caveat_codes(data.view.vintage), atlas, lang)
    base = unit_source_keys(data)
    named = data.units.get("name_then_source")
    then = {} if named is None else dict(zip(data.units["unit_id"], named, strict=True))
    cited = [sources_text(keys([*base, then.get(u, "")]), atlas.sources) for u in units["unit_id"]]
    return pd.DataFrame(
        {
            "caveats_text": words,
            "sources": cited,
            "licence": t("licence_units", lang),
            "attribution": atlas.attribution(lang),
        },
        index=units.index,
    )


def rounded(frame: pd.DataFrame, precision: dict[str, int | None]) -> pd.DataFrame:
    """``frame`` with each listed number column rounded to its decimals; whole numbers become
    integers (10457, not 10457.0). Columns missing from ``precision`` are left as they are."""
    out = frame.copy()
    for column, decimals in precision.items():
        if column not in out.columns or decimals is None:
            continue
        values = pd.to_numeric(out[column], errors="coerce")
        if values.isna().all():
            continue
        values = values.astype("Float64").round(decimals)
        out[column] = values.astype("Int64") if decimals == 0 else values
    return out
