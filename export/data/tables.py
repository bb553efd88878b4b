"""Tables of a view's data: the towns and units it shows, as frames and as CSV.

Exactly what the map shows: the towns drawn (with their unit) and every unit drawn with
its indicator value and class. Rows are ordered by id, so a view always gives the same
file; numbers are written as numbers (the CSV is for spreadsheets, not for reading), each
rounded to the precision its sources support, and the file starts with a byte-order mark so
spreadsheet programs read Kazakh and Russian as UTF-8. Given the atlas, every row also
carries its credits (:mod:`export.data.credits`): caveats in words, sources, licence and
attribution, as columns a chart tool keeps with the data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from export.data.credits import PRECISION, rounded, town_credit_columns, unit_credit_columns
from geo.atlas import Atlas, ViewData
from geo.describe import class_label
from geo.i18n import col
from geo.indicators import INDICATORS
from geo.join import SUMMARY_COLUMNS

TOWN_COLUMNS = (
    "town_id",
    "name_kk",
    "name_ru",
    "name_en",
    "unit_id",
    "unit_name",
    "lat",
    "lon",
    "pop_2023_city",
    "pop_2023_admin",
    "sector",
    "enterprise",
    "status_2025",
    "tier_2012",
    "criterion",
    "district_centre_2012",
    "below_pop_floor_2023",
    "caveats",
    "oblast_2012",
    "pop_source",
    "enterprise_source",
    "status_source",
)
# Today's names beside the names of the view's time (Altai beside Zyryanovsk in 2012).
TODAY_COLUMNS = ("name_today_kk", "name_today_ru", "name_today_en")
# The unit's names and type, then the summary's counts, populations and indicators.
UNIT_COLUMNS = (
    "unit_id",
    "name_kk",
    "name_ru",
    "name_en",
    "unit_type",
    *(c for c in SUMMARY_COLUMNS if c not in ("unit_id", "pop_towns_known")),
)
COORD_DECIMALS = 5  # about a metre


def _plain(value):
    """A JSON-safe Python value: missing becomes None, numpy scalars become Python ones."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def town_table(data: ViewData, atlas: Atlas | None = None) -> pd.DataFrame:
    """The towns shown, with their unit's name in the view's language, ordered by id.

    Names are those of the view's time, today's beside them. A planner's dataset adds its
    own columns, named ``user_*`` and kept apart from the published ones (a published
    tier_2012 "not_published" beside a user_tier "high"). With ``atlas`` each row carries
    its credits (caveats in words, sources, licence, attribution) before those columns.
    """
    names = dict(zip(data.units["unit_id"], data.units[col("name", data.view.lang)], strict=True))
    towns = pd.DataFrame(data.towns.drop(columns="geometry"))
    towns["unit_name"] = towns["unit_id"].map(names)
    credits: list[str] = []
    if atlas is not None:
        extra = town_credit_columns(towns, atlas, data.view.lang)
        towns = pd.concat([towns, extra], axis=1)
        credits = list(extra.columns)
    supplied = [c for c in towns.columns if c.startswith("ds_")]
    towns = towns.rename(columns={c: "user_" + c.removeprefix("ds_") for c in supplied})
    today = [c for c in TODAY_COLUMNS if c in towns.columns]
    columns = [
        *TOWN_COLUMNS,
        *today,
        *credits,
        *("user_" + c.removeprefix("ds_") for c in supplied),
    ]
    table = towns.loc[:, columns].sort_values("town_id").reset_index(drop=True)
    return rounded(table, PRECISION)


def unit_table(data: ViewData, atlas: Atlas | None = None) -> pd.DataFrame:
    """Every unit drawn, with the view's indicator value and class label, ordered by id;
    with ``atlas``, each row's credits follow (caveats in words, sources, licence,
    attribution)."""
    indicator = data.indicator
    classes = data.classification.classes
    units = pd.DataFrame(data.units.drop(columns="geometry")).loc[:, list(UNIT_COLUMNS)]
    units.insert(5, "indicator", indicator.key)
    units.insert(6, "value", data.units[indicator.column].to_numpy())
    units.insert(7, "class_index", data.units["class_index"].to_numpy())
    units.insert(
        8,
        "class_label",
        [class_label(classes[i], indicator, data.view.lang) for i in data.units["class_index"]],
    )
    units.insert(9, "fill", data.units["fill"].to_numpy())
    if atlas is not None:
        units = pd.concat([units, unit_credit_columns(data, units, atlas)], axis=1)
    precision = {
        **PRECISION,
        **{i.column: i.precision for i in INDICATORS.values()},
        "value": indicator.precision,
    }
    return rounded(units.sort_values("unit_id").reset_index(drop=True), precision)


# A text cell starting with one of these is run as a formula by spreadsheet programs
# (a link that sends the sheet away, say): such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(frame: pd.DataFrame) -> str:
    text = frame.copy()
    for column in text.columns:
        if not pd.api.types.is_numeric_dtype(text[column]):
            text[column] = text[column].map(_inert)
    return text.to_csv(index=False, lineterminator="\n")


def towns_csv(data: ViewData, atlas: Atlas | None = None) -> str:
    """CSV of the towns the view shows (one row per town, with its unit and, given the
    atlas, its credits)."""
    return _csv(town_table(data, atlas))


def units_csv(data: ViewData, atlas: Atlas | None = None) -> str:
    """CSV of the units the view draws, with the indicator value and class label (and,
    given the atlas, each unit's credits)."""
    return _csv(unit_table(data, atlas))
