"""Words for a view: title, subtitle naming the filters and vintage, and an alt-text summary.

Every export (image, embed, metadata) describes the view with these functions, so a
briefing image and an embed of the same view say the same thing.
"""

from __future__ import annotations

import pandas as pd

from export.texts import tx
from geo.atlas import Atlas, ViewData
from geo.filters import UNKNOWN
from geo.i18n import count_args, fmt_number, focus_text, label, t
from geo.indicators import get_indicator
from geo.view import View
from geo.vintages import get_vintage
from layers.compose import value_label

# Filters whose unknown value is a classification that exists but was never published.
_NOT_PUBLISHED = {"tier", "criterion"}


def filter_value_label(key: str, value: str, lang: str, atlas: Atlas) -> str:
    """The reader's word for one value of a filter (as the app's filter widgets show it)."""
    if value == UNKNOWN:
        return t("not_published" if key in _NOT_PUBLISHED else "unknown", lang)
    if key == "sector":
        return value_label("sector", value, lang, atlas)
    if key == "status":
        return t(f"status_{value}", lang)
    if key == "tier":
        return t(f"tier_{value}", lang)
    if key == "district_centre":
        return t(value, lang)
    return value


def filter_texts(view: View, atlas: Atlas) -> list[str]:
    """One ``"Filter: value, value"`` text per active filter, in the view's language."""
    out = []
    for key, values in view.filters:
        shown = ", ".join(filter_value_label(key, v, view.lang, atlas) for v in sorted(values))
        out.append(f"{t(f'f_{key}', view.lang)}: {shown or '—'}")
    return out


def filters_line(view: View, atlas: Atlas) -> str:
    """The active filters in one line, or a note that there are none."""
    texts = filter_texts(view, atlas)
    if not texts:
        return tx("no_filters", view.lang)
    return f"{t('filters', view.lang)}: " + "; ".join(texts)


def vintage_label(view: View) -> str:
    return label(get_vintage(view.vintage).label, view.lang)


def focus_name(data: ViewData) -> str | None:
    """Name of the unit in focus, in the view's language."""
    focus = data.focus
    return None if focus is None else str(focus[f"name_{data.view.lang}"])


def reconciliation(data: ViewData) -> str:
    """How many towns the view counts, in how many units, and the vintage (as the app says it).

    With a unit in focus the map shows that unit's towns but still colours every unit by
    all towns passing the filters: the line then counts those, nationally, and says so.
    """
    units, lang = data.units, data.view.lang
    key = "reconcile_country" if data.view.unit else "reconcile"
    with_towns, none = int((units["n_towns"] > 0).sum()), int((units["n_towns"] == 0).sum())
    return t(key, lang).format(
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
    text = label(get_indicator(data.view.indicator).label, data.view.lang)
    name = focus_name(data)
    return f"{name} — {text}" if name else text


def subtitle(data: ViewData, atlas: Atlas) -> list[str]:
    """Lines under the title: the counts with the boundary vintage, then the active filters."""
    focus = focus_line(data)
    counts = f"{focus}. {reconciliation(data)}" if focus else reconciliation(data)
    return [counts, filters_line(data.view, atlas)]


def indicator_value(value, data: ViewData) -> str:
    """A unit's indicator value with its unit of measure, in the view's language."""
    indicator = get_indicator(data.view.indicator)
    shown = fmt_number(value, data.view.lang, indicator.decimals)
    if shown == t("no_data", data.view.lang):
        return shown
    return f"{shown} {label(indicator.unit, data.view.lang)}"


def alt_text(data: ViewData, atlas: Atlas) -> str:
    """A text summary of what the map shows, for screen readers and as a caption."""
    lang = data.view.lang
    indicator = get_indicator(data.view.indicator)
    parts = []
    text = focus_line(data)
    if text:
        if indicator.kind != "count":
            value = indicator_value(data.focus[indicator.column], data)
            text += f"; {label(indicator.label, lang)}: {value}"
        parts.append(text)
    else:
        parts.append(label(indicator.label, lang))
    parts.append(reconciliation(data))
    values = pd.to_numeric(data.units[indicator.column], errors="coerce").astype(float)
    if values.notna().any() and values.max() > 0:
        top = data.units.loc[values.idxmax()]
        parts.append(
            tx("highest", lang).format(
                unit=top[f"name_{lang}"], value=indicator_value(top[indicator.column], data)
            )
        )
    parts.append(filters_line(data.view, atlas))
    return ". ".join(p.rstrip(".") for p in parts) + "."
