"""Words for a view: title, subtitle naming the filters and vintage, legend entries, value
labels, the town table and an alt-text summary.

The app, the map layers and every export describe a view with these functions, so a
briefing image, an embed and the page say the same thing. Nothing here draws: making a
PNG reads its words from here without importing folium.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from geo import io
from geo.atlas import Atlas, ViewData
from geo.attributes import ATTRIBUTES, UNKNOWN, get_attribute
from geo.classify import MapClass
from geo.collation import collated
from geo.filters import normalised
from geo.i18n import col, count_args, count_phrase, fmt_number, focus_text, is_missing, t
from geo.indicators import Indicator
from geo.supplied import Supplied
from geo.symbols import colour_table, town_colours
from geo.view import View


def value_label(key: str, value: str, lang: str, atlas: Atlas) -> str:
    """The reader's word for one value of a town attribute (filters, legend, table)."""
    return get_attribute(key).label(value, lang, atlas.sectors)


def size_note(lang: str) -> str:
    return t("size_note", lang)


def is_filtered(view: View) -> bool:
    """Whether any filter is on: then "no monotowns" means none that match it."""
    return bool(view.filters)


def value_text(value, indicator: Indicator, lang: str) -> str:
    """A unit's value as maps print it: zero is ``0`` whatever the indicator's decimals
    (the legend's "0 — no monotowns"), a missing value *no data*."""
    if not is_missing(value) and float(value) == 0:
        return "0"
    return fmt_number(value, lang, indicator.decimals)


def unit_value_text(row, indicator: Indicator, lang: str) -> str:
    """A unit's label value, the same in the app, the embeds and the briefings; a rate also
    gives its count of towns: ``12,3 % (4)``. A unit without monotowns reads ``0``."""
    value = value_text(row[indicator.column], indicator, lang)
    if indicator.kind == "count" or row["n_towns"] == 0 or is_missing(row[indicator.column]):
        return value
    unit = indicator.unit(lang)
    suffix = f" {unit}" if unit == "%" else ""
    return f"{value}{suffix} ({int(row['n_towns'])})"


def class_label(
    cls: MapClass, indicator: Indicator, lang: str, filtered: bool = False, decimals=None
) -> str:
    """Legend label of one class, e.g. ``0 — no monotowns``, ``3–4``, ``5 or more``.

    ``filtered``: a filter is on, so the zero class holds units with no monotown *matching
    it*. ``decimals`` overrides the indicator's (see :func:`class_labels`).
    """
    if cls.kind == "nodata":
        return t("no_data", lang)
    if cls.kind == "zero":
        return t("zero_class_filtered" if filtered else "zero_class", lang)
    d = indicator.decimals if decimals is None else decimals
    lo = fmt_number(cls.lower, lang, d)
    if cls.upper is None:
        return f"{lo} {t('or_more', lang)}"
    hi = fmt_number(cls.upper, lang, d)
    return lo if lo == hi else f"{lo}–{hi}"


def class_labels(data: ViewData) -> list[str]:
    """The legend's labels of a view's classes, in order, as every map prints them.

    Classes hold the lowest and highest value of their units; where rounding would print the
    same number at the end of one class and the start of the next, a decimal is added.
    """
    classes, indicator, lang = data.classification.classes, data.indicator, data.view.lang
    values = [c for c in classes if c.kind == "value" and c.upper is not None]
    decimals = indicator.decimals
    if indicator.kind != "count":  # counts are whole towns, and their bins never meet
        for decimals in range(indicator.decimals, indicator.decimals + 3):
            printed = [
                (fmt_number(c.lower, lang, decimals), fmt_number(c.upper, lang, decimals))
                for c in values
            ]
            if all(a[1] != b[0] for a, b in zip(printed, printed[1:], strict=False)):
                break
    filtered = is_filtered(data.view)
    return [class_label(c, indicator, lang, filtered, decimals) for c in classes]


def hidden_towns(data: ViewData) -> int:
    """How many towns of the list the view's filters leave out (nationally)."""
    return max(0, data.total_towns - int(data.units["n_towns"].sum()))


def hidden_line(data: ViewData) -> str | None:
    """``"The filter hides 25 of the 27 monotowns"`` while a filter is on, else ``None``."""
    if not is_filtered(data.view):
        return None
    lang, total = data.view.lang, data.total_towns
    return t(
        "filter_hides",
        lang,
        hidden=fmt_number(hidden_towns(data), lang),
        total=fmt_number(total, lang),
        total_of=count_phrase(total, "monotown_of", lang),
    )


def none_units_line(data: ViewData) -> str | None:
    """The units with no monotowns (matching the filter, when one is on), or ``None``."""
    lang = data.view.lang
    none = collated(data.units.loc[data.units["n_towns"] == 0, col("name", lang)], lang)
    if not len(none):
        return None
    key = "none_units_filtered" if is_filtered(data.view) else "none_units"
    return f"{t(key, lang)}: {', '.join(str(n) for n in none)}"


def town_legend(data: ViewData, atlas: Atlas) -> list[tuple[str, str]]:
    """(label, colour) for the values present among the towns shown."""
    view = data.view
    table = colour_table(view.colour_by, atlas.sectors)
    present = set(normalised(data.towns, view.colour_by)) if len(data.towns) else set()
    entries = [
        (value_label(view.colour_by, v, view.lang, atlas), c)
        for v, c in table.items()
        if v in present
    ]
    if get_attribute(view.colour_by).values:  # declared in their own order (high, average…)
        return entries
    # Values from the data (sectors) are names: alphabetical, the unknown value last.
    unknown = value_label(view.colour_by, UNKNOWN, view.lang, atlas)
    named = [e for e in entries if e[0] != unknown]
    return collated(named, view.lang, lambda e: e[0]) + [e for e in entries if e[0] == unknown]


def supplied(text: str, lang: str) -> str:
    """A name marked as the user's: ``"Development potential — supplied by the user"``."""
    return f"{text} — {t('supplied_by_user', lang)}"


def supplied_attributes(towns: pd.DataFrame) -> set[str]:
    """The attributes whose values a view reads from a planner's dataset (tier, criterion)."""
    return {
        key
        for key, a in ATTRIBUTES.items()
        if a.dataset_column is not None and a.dataset_column in towns.columns
    }


def colour_title(data: ViewData) -> str:
    """The legend heading of the town colours: the attribute's name, marked as supplied by
    the user when a planner's dataset gives the colours (tier, criterion)."""
    text = t(get_attribute(data.view.colour_by).title, data.view.lang)
    if data.view.colour_by in supplied_attributes(data.towns):
        return supplied(text, data.view.lang)
    return text


@dataclass(frozen=True)
class SuppliedField:
    """A planner's column as tables and popups show it, beside (never instead of) the
    published ones: where the view's towns hold it (``ds_*``), its heading marked as
    supplied by the user, and how its values read."""

    column: str
    header: str
    kind: str  # "tier", "criterion" or "number"
    unit: str | None = None

    @property
    def key(self) -> str:
        """Its name in tables and files: ``user_tier``, ``user_<column key>``."""
        return "user_" + self.column.removeprefix("ds_")

    def text(self, value, lang: str) -> str:
        """A town's value in the reader's language; a town without one reads *no data*."""
        if self.kind == "number":
            shown = fmt_number(value, lang, 1)
            return f"{shown} {self.unit}" if self.unit and not is_missing(value) else shown
        if is_missing(value) or not str(value).strip():
            return t("no_data", lang)
        return t(f"tier_{value}", lang) if self.kind == "tier" else str(value)


def supplied_fields(
    towns: pd.DataFrame, dataset: Supplied | None, lang: str
) -> list[SuppliedField]:
    """The dataset's columns the view's towns carry, in the order tables show them."""
    if dataset is None:
        return []
    fields = [
        SuppliedField(column, supplied(t(title, lang), lang), kind)
        for column, title, kind in (
            ("ds_tier", "tier_2012", "tier"),
            ("ds_criterion", "criterion", "criterion"),
        )
        if column in towns.columns
    ]
    seen = {f.header for f in fields}
    for c in dataset.numeric_columns:
        if f"ds_{c.key}" not in towns.columns:
            continue
        header = supplied(c.header, lang)
        if header in seen:  # two columns headed alike in the file: tell them apart
            header = supplied(f"{c.header} ({c.key})", lang)
        seen.add(header)
        fields.append(SuppliedField(f"ds_{c.key}", header, "number", c.unit))
    return fields


def caveat_texts(towns: pd.DataFrame, atlas: Atlas, lang: str) -> list[str]:
    """Each town's caveats (``data/caveats.csv``) in the reader's language, joined."""
    if "caveats" not in towns.columns or atlas.caveats.empty:
        return [""] * len(towns)
    texts = dict(zip(atlas.caveats["code"], atlas.caveats[col("text", lang)], strict=True))
    return [
        " ".join(texts[c] for c in str(cell).split(";") if c in texts) for cell in towns["caveats"]
    ]


def town_rows(data: ViewData, atlas: Atlas) -> pd.DataFrame:
    """The towns shown, in the view's language's alphabetical order, with the words and
    colours the tables and lists show.

    Columns: ``town_id, name, unit, pop, sector, status, district_centre, tier, caveats,
    colour``, then one ``user_*`` column per column of a planner's dataset
    (:func:`supplied_fields`); ``tier`` is always the published one. ``pop`` and the
    dataset's numbers stay numbers (tables sort on them), the others are in the view's
    language.
    """
    lang = data.view.lang
    units = dict(zip(data.units["unit_id"], data.units[col("name", lang)], strict=True))
    towns = data.towns

    def words(key: str) -> list[str]:
        # The published column: a planner's values go into their own columns below.
        column = get_attribute(key).column
        return [value_label(key, v, lang, atlas) for v in normalised(towns, key, column)]

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
            "caveats": caveat_texts(towns, atlas, lang),
            "colour": list(town_colours(towns, data.view.colour_by, atlas.sectors)),
        }
    )
    for field in supplied_fields(towns, data.dataset, lang):
        values = list(towns[field.column])
        rows[field.key] = (
            values if field.kind == "number" else [field.text(v, lang) for v in values]
        )
    order = collated(range(len(rows)), lang, lambda i: rows["name"].iloc[i])
    return io.plain_strings(rows.iloc[order]).reset_index(drop=True)


def filter_texts(view: View, atlas: Atlas, supplied_keys: Collection[str] = ()) -> list[str]:
    """One ``"Filter: value, value"`` text per active filter, in the view's language.

    ``supplied_keys``: attributes read from a planner's dataset (:func:`supplied_attributes`);
    their filters are marked as supplied by the user.
    """
    out = []
    for key, values in view.filters:
        shown = ", ".join(value_label(key, v, view.lang, atlas) for v in sorted(values))
        name = t(get_attribute(key).filter_label, view.lang)
        if key in supplied_keys:
            name = supplied(name, view.lang)
        out.append(f"{name}: {shown or '—'}")
    return out


def filters_line(view: View, atlas: Atlas, supplied_keys: Collection[str] = ()) -> str:
    """The active filters in one line, or a note that there are none."""
    texts = filter_texts(view, atlas, supplied_keys)
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


def unit_count_text(n: int, n_all: int, lang: str, filtered: bool) -> str:
    """A unit's monotowns as every place that names one says it: ``"3 monotowns"``, or
    while a filter is on ``"0 matching the filter; 3 in all"`` (a unit whose towns the
    filter hides is not a unit without monotowns)."""
    if not filtered:
        return count_phrase(n, "monotown", lang)
    return t("count_filtered", lang, n=fmt_number(n, lang), total=fmt_number(n_all, lang))


def focus_line(data: ViewData) -> str | None:
    """``"Karaganda Region: 8 monotowns"`` for a unit in focus (under a filter ``"Ulytau
    Region: 0 matching the filter; 3 in all"``), else ``None``."""
    name = focus_name(data)
    if name is None:
        return None
    lang = data.view.lang
    if not is_filtered(data.view):
        return focus_text(name, len(data.towns), lang)
    count = unit_count_text(len(data.towns), int(data.focus["n_towns_all"]), lang, True)
    return t("focus_towns_filtered", lang, unit=name, count=count)


def title(data: ViewData) -> str:
    """The place and the indicator: ``Kazakhstan — Number of monotowns``, or the unit in
    focus with its country (a briefing travels without the app around it)."""
    lang = data.view.lang
    text = data.indicator.label(lang)
    name = focus_name(data)
    if name:
        return t("title_unit", lang, unit=name, indicator=text)
    return t("title_country", lang, indicator=text)


def subtitle(data: ViewData, atlas: Atlas) -> list[str]:
    """Lines under the title: the counts with the boundary vintage, the active filters, and
    where a planner's dataset is used, whose data they are (never looking published)."""
    focus = focus_line(data)
    counts = f"{focus}. {reconciliation(data)}" if focus else reconciliation(data)
    filters = filters_line(data.view, atlas, supplied_attributes(data.towns))
    hidden = hidden_line(data)
    lines = [counts, f"{filters}. {hidden}" if hidden else filters]
    if data.dataset is not None:
        lines.append(data.dataset.note(data.view.lang))
    return lines


def indicator_value(value, data: ViewData) -> str:
    """A unit's indicator value with its unit of measure, in the view's language."""
    indicator = data.indicator
    if is_missing(value):
        return t("no_data", data.view.lang)
    shown = value_text(value, indicator, data.view.lang)
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
    parts.append(filters_line(data.view, atlas, supplied_attributes(data.towns)))
    return ". ".join(p.rstrip(".") for p in parts) + "."


def unknown_label(key: str, lang: str) -> str:
    """How the missing values of an attribute read (*not published* or *unknown*)."""
    return get_attribute(key).label(UNKNOWN, lang, pd.DataFrame())


# Source titles are written out in full in the sources panel; a popup cites them this short.
CITATION_CHARS = 90


def source_url(row) -> str | None:
    """A source's web address: ``url`` when it has one, else ``url_or_ref`` when that is a
    single http(s) address (it often names a file or a repository path instead)."""
    for column in ("url", "url_or_ref"):
        value = str(row.get(column, "") or "").strip()
        if re.fullmatch(r"https?://[^\s<>\"']+", value):
            return value
    return None


Cited = dict[str, tuple[str, str | None]]


def citations(sources: pd.DataFrame) -> Cited:
    """How popups cite each source: key -> (title shortened, with its year; its address).

    Made once per map: a lookup per cited key costs a scan of the table, and a map's
    popups cite a few hundred times.
    """
    if "key" not in sources.columns:
        return {}
    out: Cited = {}
    for row in sources.to_dict("records"):
        key = str(row["key"])
        if key in out:
            continue  # the first row of a key, as the table reads top-down
        text = " ".join(str(row.get("title", "") or key).split())
        if len(text) > CITATION_CHARS:
            text = text[: CITATION_CHARS - 1].rstrip(" ,;:(") + "…"
        year = str(row.get("year", "") or "").strip()
        if year and year.lower() != "nan":
            text = f"{text} ({year.removesuffix('.0')})"
        out[key] = (text, source_url(row))
    return out


def citation(key: str, sources: pd.DataFrame | Cited) -> tuple[str, str | None]:
    """How a popup cites source ``key`` (see :func:`citations`).

    A key missing from the sources table is cited as the key itself, without a link.
    """
    cited = sources if isinstance(sources, dict) else citations(sources)
    return cited.get(key, (key, None))
