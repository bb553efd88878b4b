"""Words for a view: title, subtitle naming the filters and vintage, legend entries, value
labels, the town table and an alt-text summary.

The app, the map layers and every export describe a view with these functions, so a
briefing image, an embed and the page say the same thing. Nothing here draws: making a
PNG reads its words from here without importing folium.
"""

from __future__ import annotations

import pandas as pd

from geo.atlas import Atlas, ViewData
from geo.attributes import UNKNOWN, get_attribute
from geo.classify import MapClass
from geo.filters import normalised
from geo.i18n import col, count_args, fmt_number, focus_text, is_missing, t
from geo.indicators import Indicator
from geo.symbols import colour_table, town_colours
from geo.view import View


def value_label(key: str, value: str, lang: str, atlas: Atlas) -> str:
    """The reader's word for one value of a town attribute (filters, legend, table)."""
    return get_attribute(key).label(value, lang, atlas.sectors)


def colour_title(view: View) -> str:
    """The legend heading of the town colours: the attribute's name."""
    return t(get_attribute(view.colour_by).title, view.lang)


def size_note(lang: str) -> str:
    return t("size_note", lang)


def class_label(cls: MapClass, indicator: Indicator, lang: str) -> str:
    """Legend label of one class, e.g. ``0 — no monotowns``, ``3–4``, ``5 or more``."""
    if cls.kind == "nodata":
        return t("no_data", lang)
    if cls.kind == "zero":
        return t("zero_class", lang)
    d = indicator.decimals
    lo = fmt_number(cls.lower, lang, d)
    if cls.upper is None:
        return f"{lo} {t('or_more', lang)}"
    hi = fmt_number(cls.upper, lang, d)
    return lo if lo == hi else f"{lo}–{hi}"


def town_legend(data: ViewData, atlas: Atlas) -> list[tuple[str, str]]:
    """(label, colour) for the values present among the towns shown."""
    view = data.view
    table = colour_table(view.colour_by, atlas.sectors)
    present = set(normalised(data.towns, view.colour_by)) if len(data.towns) else set()
    return [
        (value_label(view.colour_by, v, view.lang, atlas), c)
        for v, c in table.items()
        if v in present
    ]


def town_rows(data: ViewData, atlas: Atlas) -> pd.DataFrame:
    """The towns shown, largest first, with the words and colours the tables and lists show.

    Columns: ``town_id, name, unit, pop, sector, status, district_centre, tier, colour``;
    ``pop`` stays a number (tables sort on it), the others are in the view's language.
    """
    lang = data.view.lang
    units = dict(zip(data.units["unit_id"], data.units[col("name", lang)], strict=True))
    towns = data.towns

    def words(key: str) -> list[str]:
        return [value_label(key, v, lang, atlas) for v in normalised(towns, key)]

    rows = pd.DataFrame(
        {
            "town_id": towns["town_id"],
            "name": towns[col("name", lang)],
            "unit": towns["unit_id"].map(units),
            "pop": towns["pop_2023_city"],
            "sector": words("sector"),
            "status": words("status"),
            "district_centre": words("district_centre"),
            "tier": words("tier"),
            "colour": list(town_colours(towns, data.view.colour_by, atlas.sectors)),
        }
    )
    return rows.sort_values(
        ["pop", "town_id"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


def filter_texts(view: View, atlas: Atlas) -> list[str]:
    """One ``"Filter: value, value"`` text per active filter, in the view's language."""
    out = []
    for key, values in view.filters:
        shown = ", ".join(value_label(key, v, view.lang, atlas) for v in sorted(values))
        out.append(f"{t(get_attribute(key).filter_label, view.lang)}: {shown or '—'}")
    return out


def filters_line(view: View, atlas: Atlas) -> str:
    """The active filters in one line, or a note that there are none."""
    texts = filter_texts(view, atlas)
    if not texts:
        return t("no_filters", view.lang)
    return f"{t('filters', view.lang)}: " + "; ".join(texts)


def vintage_label(view: View) -> str:
    return t(f"vintage_{view.vintage}", view.lang)


def focus_name(data: ViewData) -> str | None:
    """Name of the unit in focus, in the view's language."""
    focus = data.focus
    return None if focus is None else str(focus[col("name", data.view.lang)])


def reconciliation(data: ViewData) -> str:
    """How many towns the view counts, in how many units, and the vintage (as the app says it).

    With a unit in focus the map shows that unit's towns but still colours every unit by
    all towns passing the filters: the line then counts those, nationally, and says so.
    """
    units, lang = data.units, data.view.lang
    key = "reconcile_country" if data.view.unit else "reconcile"
    with_towns, none = int((units["n_towns"] > 0).sum()), int((units["n_towns"] == 0).sum())
    return t(
        key,
        lang,
        shown=int(units["n_towns"].sum()) if data.view.unit else len(data.towns),
        total=data.total_towns,
        units=with_towns,
        none=none,
        vintage=vintage_label(data.view),
        **count_args(with_towns, none, lang),
    )


def focus_line(data: ViewData) -> str | None:
    """``"Karaganda Region: 8 monotowns"`` for a unit in focus, else ``None``."""
    name = focus_name(data)
    if name is None:
        return None
    return focus_text(name, len(data.towns), data.view.lang)


def title(data: ViewData) -> str:
    """The indicator, and the unit in focus if any."""
    text = data.indicator.label(data.view.lang)
    name = focus_name(data)
    return f"{name} — {text}" if name else text


def subtitle(data: ViewData, atlas: Atlas) -> list[str]:
    """Lines under the title: the counts with the boundary vintage, the active filters, and
    where a planner's dataset is used, whose data they are (never looking published)."""
    focus = focus_line(data)
    counts = f"{focus}. {reconciliation(data)}" if focus else reconciliation(data)
    lines = [counts, filters_line(data.view, atlas)]
    if data.dataset is not None:
        lines.append(data.dataset.note(data.view.lang))
    return lines


def indicator_value(value, data: ViewData) -> str:
    """A unit's indicator value with its unit of measure, in the view's language."""
    indicator = data.indicator
    if is_missing(value):
        return t("no_data", data.view.lang)
    shown = fmt_number(value, data.view.lang, indicator.decimals)
    return f"{shown} {indicator.unit(data.view.lang)}"


def alt_text(data: ViewData, atlas: Atlas) -> str:
    """A text summary of what the map shows, for screen readers and as a caption."""
    lang = data.view.lang
    indicator = data.indicator
    parts = []
    text = focus_line(data)
    if text:
        if indicator.kind != "count":
            value = indicator_value(data.focus[indicator.column], data)
            text += f"; {indicator.label(lang)}: {value}"
        parts.append(text)
    else:
        parts.append(indicator.label(lang))
    parts.append(reconciliation(data))
    values = pd.to_numeric(data.units[indicator.column], errors="coerce").astype(float)
    if values.notna().any() and values.max() > 0:
        top = data.units.loc[values.idxmax()]
        parts.append(
            t(
                "highest",
                lang,
                unit=top[col("name", lang)],
                value=indicator_value(top[indicator.column], data),
            )
        )
    parts.append(filters_line(data.view, atlas))
    return ". ".join(p.rstrip(".") for p in parts) + "."


def unknown_label(key: str, lang: str) -> str:
    """How the missing values of an attribute read (*not published* or *unknown*)."""
    return get_attribute(key).label(UNKNOWN, lang, pd.DataFrame())
